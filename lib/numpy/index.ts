/** The `np` namespace: numpy's names, each a composition of primitives (no kernels of its own). */
import { arange, array, asArray, eye, full, linspace, ones, zeros } from '../array/create';
import * as linalgFns from './linalg';
import * as manip from './manip';
import * as math from './math';
import * as red from './reductions';
import { broadcastArrays, broadcastTo } from './util';

export const linalg = Object.freeze({ norm: red.norm });

export const np = Object.freeze({
  array, asarray: asArray, zeros, ones, full, arange, linspace, eye,
  zerosLike: (x: Parameters<typeof asArray>[0]) => { const a = asArray(x); return zeros(a.shape, a.dtype); },
  onesLike: (x: Parameters<typeof asArray>[0]) => { const a = asArray(x); return ones(a.shape, a.dtype); },
  ...manip,
  broadcastTo, broadcastArrays,
  ...math,
  ...red,
  var: red.variance,
  ...linalgFns,
  linalg,
});
export type NumpyNamespace = typeof np;
