// The classification channels. STUB: slice R2 implements them with the classifier in this folder.
import { fail } from '../../../shared/errors';
import type { HandlerMap } from '../../handler-types';

export type ClassifierChannels = 'requirements.classifier' | 'requirements.classify' | 'requirements.classifications' | 'requirements.label' | 'requirements.train';

const notYet = (): never => fail('BAD_INPUT', 'not built yet');

export const classifierHandlers: HandlerMap<ClassifierChannels> = {
  'requirements.classifier': notYet,
  'requirements.classify': notYet,
  'requirements.classifications': notYet,
  'requirements.label': notYet,
  'requirements.train': notYet,
};
