// Suggested links: ranked candidates and remembered rejections. (stub: slice 4)
import { fail } from '../../../shared/errors';
import type { HandlerMap } from '../../handler-types';

export type SuggestChannels = 'trace.suggest' | 'trace.reject';

const notBuilt = (): never => fail('INTERNAL', 'not built yet');

export const suggestHandlers: HandlerMap<SuggestChannels> = {
  'trace.suggest': notBuilt,
  'trace.reject': notBuilt,
};
