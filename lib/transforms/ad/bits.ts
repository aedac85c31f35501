/**
 * Derivatives of the bit primitives, as JAX defines them: shifts and threefry act on integers (no
 * tangent, no cotangent), and bitcast_convert_type has a zero JVP (`ad.defjvp_zero`) and passes no
 * cotangent back, whichever way it converts.
 */
import type { JvpRule, VjpRule } from './types';

const noJvp: JvpRule = () => null;
const noVjp: VjpRule = (_ct, primals) => primals.map(() => null);

export const bitJvpRules = {
  shift_left: noJvp,
  shift_right_logical: noJvp,
  shift_right_arithmetic: noJvp,
  bitcast_convert_type: noJvp,
  threefry2x32: noJvp,
};

export const bitVjpRules = {
  shift_left: noVjp,
  shift_right_logical: noVjp,
  shift_right_arithmetic: noVjp,
  bitcast_convert_type: noVjp,
  threefry2x32: noVjp,
};
