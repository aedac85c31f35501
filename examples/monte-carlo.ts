/**
 * Monte Carlo with named-axis statistics: price European call options by simulating stock paths.
 * The simulation is written for ONE path; vmap over paths with axisName 'paths' lets that one-path
 * function compute statistics over all the paths it is batched with — the price is
 * pmean(discounted payoff, 'paths'), its standard error comes from pmean of the squares and
 * axisSize('paths'), the best path from pmax. An outer vmap over strikes (axisName 'strikes') prices
 * a whole smile at once, and out_axes null returns the statistics unbatched. Checked against the
 * Black-Scholes closed form and against statistics computed outside vmap. Each path draws its
 * normals from its own key (`random.split`), so the batched simulation is the loop over paths.
 * Run: npx tsx examples/monte-carlo.ts
 */
import { axisSize, np, pmax, pmean, random, vmap, type NDArray } from '../lib';

const S0 = 100,
  rate = 0.03,
  sigma = 0.25,
  T = 1,
  STEPS = 12,
  PATHS = 8000;
const strikes = [80, 90, 100, 110, 120];
const dt = T / STEPS;

const keys = random.split(random.key(0), PATHS); // one key per path: each path draws its own normal increments

/** ONE path from its key: geometric Brownian motion over STEPS steps, the discounted payoff, and the batch statistics. */
const onePath = (key: NDArray, strike: NDArray) => {
  const z = random.normal(key, [STEPS]);
  const logReturn = np.sum(np.add(np.multiply(z, sigma * Math.sqrt(dt)), (rate - 0.5 * sigma * sigma) * dt));
  const payoff = np.multiply(np.maximum(np.subtract(np.multiply(np.exp(logReturn), S0), strike), 0), Math.exp(-rate * T));
  const price = pmean(payoff, 'paths'); // the mean over every path this one is batched with
  const variance = np.subtract(pmean(np.square(payoff), 'paths'), np.square(price));
  const stderr = np.sqrt(np.divide(variance, axisSize('paths') - 1));
  return { payoff, price, stderr, best: pmax(payoff, 'paths') };
};

const overPaths = vmap(onePath, { inAxes: [0, null], axisName: 'paths', outAxes: { payoff: 0, price: null, stderr: null, best: null } });
const smile = vmap(overPaths, { inAxes: [null, 0], axisName: 'strikes', outAxes: { payoff: 0, price: 0, stderr: 0, best: 0 } });
const out = smile(keys, np.array(strikes)); // the same paths for every strike (common random numbers)

/** Black-Scholes price of a European call, with the normal CDF from an erf approximation (|error| < 1.5e-7). */
function blackScholes(K: number): number {
  const erf = (x: number) => {
    const t = 1 / (1 + 0.3275911 * Math.abs(x));
    const y = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
    return Math.sign(x) * y;
  };
  const N = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));
  const d1 = (Math.log(S0 / K) + (rate + 0.5 * sigma * sigma) * T) / (sigma * Math.sqrt(T));
  return S0 * N(d1) - K * Math.exp(-rate * T) * N(d1 - sigma * Math.sqrt(T));
}

const price = out.price.toArray() as number[],
  stderr = out.stderr.toArray() as number[],
  best = out.best.toArray() as number[];
console.log(`${PATHS} paths x ${STEPS} steps, ${strikes.length} strikes, in one vmap(vmap(onePath))`);
console.log('strike   MC price   std err   Black-Scholes   |MC - BS| / se   best path');
strikes.forEach((K, i) => {
  const bs = blackScholes(K);
  console.log(
    `${String(K).padStart(6)} ${price[i]!.toFixed(4).padStart(10)} ${stderr[i]!.toFixed(4).padStart(9)} ${bs.toFixed(4).padStart(15)} ${(Math.abs(price[i]! - bs) / stderr[i]!).toFixed(2).padStart(16)} ${best[i]!.toFixed(2).padStart(11)}`,
  );
});
const within = strikes.every((K, i) => Math.abs(price[i]! - blackScholes(K)) < 3 * stderr[i]!);
console.log(`every price within 3 standard errors of Black-Scholes: ${within}`);

// the named-axis statistics equal the same statistics taken outside vmap, from the per-path payoffs
const payoffs = out.payoff; // [strikes, paths]
const outside = np.mean(payoffs, 1);
const agree = np.max(np.abs(np.subtract(outside, out.price))).item() as number;
console.log(`pmean over 'paths' equals np.mean of the returned payoffs: max difference ${agree.toExponential(2)}`);
