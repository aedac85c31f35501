/** The batching rule table: one entry per primitive, checked total by the compiler. */
import type { Primitive } from '../../array/primitives';
import { collectiveBatchRules } from '../../collectives/batching';
import { bitBatchRules } from './bits';
import { dotBatchRules } from './dot';
import { elementwiseBatchRules } from './elementwise';
import { gatherBatchRules } from './gather';
import { indexingBatchRules } from './indexing';
import { linalgBatchRules } from './linalg';
import { reduceBatchRules } from './reduce';
import { structuralBatchRules } from './structural';
import type { MultiOutputPrimitive } from '../../array/primitives/control';
import { customBatchRules } from '../custom/rules';
import { controlBatchRules } from '../control/batching';
import { convBatchRules } from './conv';
import type { BatchRule, MultiBatchRule } from './types';
import { windowBatchRules } from './window';

export const batchRules = {
  ...elementwiseBatchRules,
  ...structuralBatchRules,
  ...reduceBatchRules,
  ...dotBatchRules,
  ...indexingBatchRules,
  ...gatherBatchRules,
  ...collectiveBatchRules,
  ...controlBatchRules,
  ...convBatchRules,
  ...bitBatchRules,
  ...customBatchRules,
  ...windowBatchRules,
  ...linalgBatchRules,
} satisfies { [P in Exclude<Primitive, 'proj'>]: P extends MultiOutputPrimitive ? MultiBatchRule : BatchRule }; // proj: read by the driver

export * from './types';
