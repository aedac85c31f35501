/**
 * Source text of the integer bit operations, shared by their kernels (lib/array/primitives/bits.ts,
 * compiled from this very text) and the generated loops (`INLINE` in ./loops.ts), so a fused jit
 * loop and the kernel give the same bits. Shift amounts follow XLA: the amount is read as unsigned
 * (a negative int32 amount is huge), and an amount of 32 or more shifts every bit out — to 0, or to
 * the sign for the arithmetic shift.
 */
export const BIT_INLINE: Record<string, (a: string[]) => string> = {
  shift_left: ([a, b]) => `(${b} >>> 0 >= 32 ? 0 : ${a} << ${b})`,
  shift_right_logical: ([a, b]) => `(${b} >>> 0 >= 32 ? 0 : ${a} >>> ${b})`,
  shift_right_arithmetic: ([a, b]) => `(${b} >>> 0 >= 32 ? (${a} | 0) >> 31 : (${a} | 0) >> ${b})`,
};

/** The bit primitives whose results are elementwise (jit fuses them into loops). */
export const BIT_ELEMENTWISE = ['shift_left', 'shift_right_logical', 'shift_right_arithmetic', 'bitcast_convert_type'] as const;
