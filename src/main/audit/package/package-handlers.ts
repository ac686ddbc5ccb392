// The signed audit package's export: unlocks the exporter's key and starts the job. (stub: slice 7)
import { fail } from '../../../shared/errors';
import type { HandlerMap } from '../../handler-types';

export type PackageChannels = 'audit.exportPackage';

const notBuilt = (): never => fail('INTERNAL', 'not built yet');

export const packageHandlers: HandlerMap<PackageChannels> = {
  'audit.exportPackage': notBuilt,
};
