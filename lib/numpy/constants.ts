/** numpy's constants (`np.e`, `np.pi`, `np.inf`, `np.nan`, `np.eulerGamma`) as JS numbers. */

/** Euler's number, numpy's `np.e`. */
export const e = Math.E;
/** π, numpy's `np.pi`. */
export const pi = Math.PI;
/** Positive infinity, numpy's `np.inf`. */
export const inf = Infinity;
/** Not a number, numpy's `np.nan`. */
export const nan = NaN;
/** The Euler–Mascheroni constant γ, numpy's `np.euler_gamma`. */
export const eulerGamma = 0.5772156649015329;
