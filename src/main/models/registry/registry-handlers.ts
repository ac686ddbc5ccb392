// Handlers for the model registry: models, versions, registration from a run, ONNX import, tags, descriptions,
// execution providers and stored evaluations. (Stub: the registry slice replaces every handler.)
import { fail } from '../../../shared/errors';
import type { HandlerMap } from '../../handler-types';

type RegistryChannels =
  | 'models.list' | 'models.get' | 'models.version' | 'models.register' | 'models.import' | 'models.setTag' | 'models.setDescription'
  | 'models.providers' | 'evaluations.list' | 'evaluations.get';

const todo = (): never => fail('INTERNAL', 'not built yet');

export const registryHandlers: HandlerMap<RegistryChannels> = {
  'models.list': todo,
  'models.get': todo,
  'models.version': todo,
  'models.register': todo,
  'models.import': todo,
  'models.setTag': todo,
  'models.setDescription': todo,
  'models.providers': todo,
  'evaluations.list': todo,
  'evaluations.get': todo,
};
