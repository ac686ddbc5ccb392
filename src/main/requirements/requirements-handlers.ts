// The requirements store, lint and pairs channels. STUB: slice R3 implements each with the services in store/, lint/
// and pairs/.
import { fail } from '../../shared/errors';
import type { HandlerMap } from '../handler-types';

export type RequirementsStoreChannels =
  | 'requirements.documents' | 'requirements.table' | 'requirements.get' | 'requirements.edit' | 'requirements.diff'
  | 'requirements.lintText' | 'requirements.lint' | 'requirements.pairs' | 'requirements.dismissPair' | 'requirements.restorePair'
  | 'requirements.import' | 'requirements.export';

const notYet = (): never => fail('BAD_INPUT', 'not built yet');

export const requirementsHandlers: HandlerMap<RequirementsStoreChannels> = {
  'requirements.documents': notYet,
  'requirements.table': notYet,
  'requirements.get': notYet,
  'requirements.edit': notYet,
  'requirements.diff': notYet,
  'requirements.lintText': notYet,
  'requirements.lint': notYet,
  'requirements.pairs': notYet,
  'requirements.dismissPair': notYet,
  'requirements.restorePair': notYet,
  'requirements.import': notYet,
  'requirements.export': notYet,
};
