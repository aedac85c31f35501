/** The closed primitive set: every family's shape and kernel rules merged into one table. */
import { collectiveRules } from '../../collectives/primitives';
import type { PrimitiveSpec } from '../ir';
import { controlRules } from './control';
import { convRules } from './conv';
import { bitRules } from './bits';
import { dotRules } from './dot';
import { elementwiseRules } from './elementwise';
import { gatherRules } from './gather';
import { indexingRules } from './indexing';
import { linalgRules } from './linalg';
import { reduceRules } from './reduce';
import { structuralRules } from './structural';
import { windowRules } from './window';

export const evalRules = {
  ...elementwiseRules,
  ...structuralRules,
  ...reduceRules,
  ...dotRules,
  ...indexingRules,
  ...gatherRules,
  ...collectiveRules,
  ...controlRules,
  ...convRules,
  ...bitRules,
  ...windowRules,
  ...linalgRules,
};

export type Primitive = keyof typeof evalRules;
export const PRIMITIVES = Object.keys(evalRules) as Primitive[];
export const specOf = (p: Primitive): PrimitiveSpec => evalRules[p] as PrimitiveSpec;
