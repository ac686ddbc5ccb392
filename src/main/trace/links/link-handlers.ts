// Links: make, remove, list, and the targets a link can point at. (stub: slice 1)
import { fail } from '../../../shared/errors';
import type { HandlerMap } from '../../handler-types';

export type LinkChannels = 'trace.link' | 'trace.unlink' | 'trace.links' | 'trace.targets';

const notBuilt = (): never => fail('INTERNAL', 'not built yet');

export const linkHandlers: HandlerMap<LinkChannels> = {
  'trace.link': notBuilt,
  'trace.unlink': notBuilt,
  'trace.links': notBuilt,
  'trace.targets': notBuilt,
};
