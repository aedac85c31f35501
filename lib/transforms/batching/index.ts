/** The batching rule table: one entry per primitive, checked total by the compiler. */
import type { Primitive } from '../../array/primitives';
import { collectiveBatchRules } from '../../collectives/batching';
import { dotBatchRules } from './dot';
import { elementwiseBatchRules } from './elementwise';
import { indexingBatchRules } from './indexing';
import { reduceBatchRules } from './reduce';
import { structuralBatchRules } from './structural';
import type { BatchRule } from './types';

export const batchRules = {
  ...elementwiseBatchRules,
  ...structuralBatchRules,
  ...reduceBatchRules,
  ...dotBatchRules,
  ...indexingBatchRules,
  ...collectiveBatchRules,
} satisfies { [P in Primitive]: BatchRule };

export * from './types';
