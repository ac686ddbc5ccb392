// Impact analysis and the review of suspect links (clear with a reason, re-verify). (stub: slice 2)
import { fail } from '../../../shared/errors';
import type { HandlerMap } from '../../handler-types';

export type ImpactChannels = 'trace.impact' | 'trace.clear' | 'trace.reverify';

const notBuilt = (): never => fail('INTERNAL', 'not built yet');

export const impactHandlers: HandlerMap<ImpactChannels> = {
  'trace.impact': notBuilt,
  'trace.clear': notBuilt,
  'trace.reverify': notBuilt,
};
