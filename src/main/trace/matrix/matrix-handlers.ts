// The trace matrix, its exports and the coverage summary. (stub: slice 8)
import { fail } from '../../../shared/errors';
import type { HandlerMap } from '../../handler-types';

export type MatrixChannels = 'trace.matrix' | 'trace.exportMatrix' | 'trace.coverage';

const notBuilt = (): never => fail('INTERNAL', 'not built yet');

export const matrixHandlers: HandlerMap<MatrixChannels> = {
  'trace.matrix': notBuilt,
  'trace.exportMatrix': notBuilt,
  'trace.coverage': notBuilt,
};
