// A requirement's acceptance criteria: read with verdicts, replace. (stub: slice 3)
import { fail } from '../../../shared/errors';
import type { HandlerMap } from '../../handler-types';

export type CriteriaChannels = 'trace.criteria' | 'trace.setCriteria';

const notBuilt = (): never => fail('INTERNAL', 'not built yet');

export const criteriaHandlers: HandlerMap<CriteriaChannels> = {
  'trace.criteria': notBuilt,
  'trace.setCriteria': notBuilt,
};
