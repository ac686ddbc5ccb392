// Regulatory clause coverage: checklists, the gap report, suggested and confirmed mappings. (stub: slice 6)
import { fail } from '../../../shared/errors';
import type { HandlerMap } from '../../handler-types';

export type ClauseChannels = 'trace.standards' | 'trace.clauses' | 'trace.suggestClauses' | 'trace.mapClause';

const notBuilt = (): never => fail('INTERNAL', 'not built yet');

export const clauseHandlers: HandlerMap<ClauseChannels> = {
  'trace.standards': notBuilt,
  'trace.clauses': notBuilt,
  'trace.suggestClauses': notBuilt,
  'trace.mapClause': notBuilt,
};
