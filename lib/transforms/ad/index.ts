/** The differentiation tables: a JVP and a VJP rule for every primitive, checked total by the compiler. */
import type { Primitive } from '../../array/primitives';
import { bitJvpRules, bitVjpRules } from './bits';
import { collectiveJvpRules, collectiveVjpRules } from './collectives';
import { elementwiseJvpRules, elementwiseVjpRules } from './elementwise';
import { gatherJvpRules, gatherVjpRules } from './gather';
import { indexingJvpRules, indexingVjpRules } from './indexing';
import { linalgJvpRules, linalgVjpRules } from './linalg';
import { reduceJvpRules, reduceVjpRules } from './reduce';
import { structuralJvpRules, structuralVjpRules } from './structural';
import type { MultiOutputPrimitive } from '../../array/primitives/control';
import { customJvpRules, customVjpRules } from '../custom/rules';
import { controlJvpRules, controlVjpRules } from '../control/ad';
import { convJvpRules, convVjpRules } from './conv';
import type { JvpRule, MultiJvpRule, MultiVjpRule, VjpRule } from './types';
import { windowJvpRules, windowVjpRules } from './window';

export const jvpRules = {
  ...elementwiseJvpRules,
  ...structuralJvpRules,
  ...reduceJvpRules,
  ...indexingJvpRules,
  ...gatherJvpRules,
  ...collectiveJvpRules,
  ...controlJvpRules,
  ...convJvpRules,
  ...bitJvpRules,
  ...customJvpRules,
  ...windowJvpRules,
  ...linalgJvpRules,
} satisfies { [P in Exclude<Primitive, 'proj'>]: P extends MultiOutputPrimitive ? MultiJvpRule : JvpRule }; // proj: read by the driver

export const vjpRules = {
  ...elementwiseVjpRules,
  ...structuralVjpRules,
  ...reduceVjpRules,
  ...indexingVjpRules,
  ...gatherVjpRules,
  ...collectiveVjpRules,
  ...controlVjpRules,
  ...convVjpRules,
  ...bitVjpRules,
  ...customVjpRules,
  ...windowVjpRules,
  ...linalgVjpRules,
} satisfies { [P in Exclude<Primitive, 'proj'>]: P extends MultiOutputPrimitive ? MultiVjpRule : VjpRule };

export type { AdDriver, JvpRule, MultiJvpRule, MultiVjpRule, VjpRule } from './types';
