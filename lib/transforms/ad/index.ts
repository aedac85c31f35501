/** The differentiation tables: a JVP and a VJP rule for every primitive, checked total by the compiler. */
import type { Primitive } from '../../array/primitives';
import { collectiveJvpRules, collectiveVjpRules } from './collectives';
import { elementwiseJvpRules, elementwiseVjpRules } from './elementwise';
import { indexingJvpRules, indexingVjpRules } from './indexing';
import { reduceJvpRules, reduceVjpRules } from './reduce';
import { structuralJvpRules, structuralVjpRules } from './structural';
import type { JvpRule, VjpRule } from './types';

export const jvpRules = {
  ...elementwiseJvpRules,
  ...structuralJvpRules,
  ...reduceJvpRules,
  ...indexingJvpRules,
  ...collectiveJvpRules,
} satisfies { [P in Primitive]: JvpRule };

export const vjpRules = {
  ...elementwiseVjpRules,
  ...structuralVjpRules,
  ...reduceVjpRules,
  ...indexingVjpRules,
  ...collectiveVjpRules,
} satisfies { [P in Primitive]: VjpRule };

export type { JvpRule, VjpRule } from './types';
