/**
 * The dynamic context of transforms: a stack of vmap frames (axis size and optional name) pushed
 * while a mapped function is traced. Collectives resolve their axis names against it.
 */
export interface AxisFrame {
  /** Unique per vmap call: collectives record it so the right vmap (not a shadowed one) batches them. */
  readonly level: number;
  readonly name: unknown;
  /** Every name collectives may use for this axis: axisName and the spmdAxisName(s). */
  readonly names: readonly unknown[];
  readonly size: number;
  readonly spmdName: unknown;
}

const frames: AxisFrame[] = [];
let nextLevel = 0;

/** Runs `body` with a new frame on top; the frame is popped even when `body` throws. */
export function withFrame<T>(name: unknown, size: number, spmdName: unknown, body: (frame: AxisFrame) => T): T {
  // on one process an spmd axis name means the same as axisName for collectives
  const spmd = Array.isArray(spmdName) ? spmdName : [spmdName];
  const names = [name, ...spmd].filter((n) => n !== undefined && n !== null);
  const frame: AxisFrame = { level: nextLevel++, name, names, size, spmdName };
  frames.push(frame);
  try {
    return body(frame);
  } finally {
    frames.splice(frames.lastIndexOf(frame), 1);
  }
}

/** The innermost frame bound to `name` (inner vmaps shadow outer ones), or undefined. */
export function lookupAxis(name: unknown): AxisFrame | undefined {
  for (let i = frames.length - 1; i >= 0; i--) if (name !== undefined && frames[i]!.names.includes(name)) return frames[i];
  return undefined;
}

/** The names in scope, innermost first, for error messages. */
export const namesInScope = (): unknown[] => [...frames].reverse().flatMap((f) => f.names);

/** The frames in scope, outermost first (jit keys its cache on them and remaps collectives). */
export const currentFrames = (): readonly AxisFrame[] => [...frames];
