/** Graph walks shared by the transforms: iterative, so 10^5-deep chains are fine. */
import type { NDArray } from '../array/ndarray';

/**
 * The nodes reachable from `outputs` with id >= `startId` (those made while a function was traced),
 * inputs before users. Older nodes and computed nodes are boundaries: they cannot depend on the trace.
 */
export function tracedNodes(outputs: readonly NDArray[], startId: number): NDArray[] {
  const order: NDArray[] = [];
  const seen = new Set<NDArray>();
  const stack: [NDArray, boolean][] = outputs.map((o) => [o, false]);
  while (stack.length > 0) {
    const [n, post] = stack.pop()!;
    if (post) {
      order.push(n);
      continue;
    }
    if (seen.has(n) || n.id < startId) continue;
    seen.add(n);
    stack.push([n, true]);
    for (const i of n.inputs) if (!seen.has(i) && i.id >= startId) stack.push([i, false]);
  }
  return order;
}

/**
 * Whether `n` reaches a transform's placeholder (a `var`): such a value exists only inside that
 * transform's call and cannot be computed now or cached for later.
 */
export function dependsOnTrace(n: NDArray): boolean {
  const stack = [n];
  const seen = new Set<NDArray>();
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (seen.has(x) || x.isConcrete) continue;
    seen.add(x);
    if (x.prim === 'var') return true;
    stack.push(...x.inputs);
  }
  return false;
}
