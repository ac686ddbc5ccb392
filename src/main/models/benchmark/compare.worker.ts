// The 'model.*' champion-vs-challenger job, in a child process. (Stub: its slice replaces it.)
import type { EvaluationJobResult } from '../../../shared/evaluations';
import { fail } from '../../../shared/errors';
import type { CompareRequest } from '../../../shared/models';
import type { JobHandler } from '../../jobs/protocol';

export const compareJob: JobHandler<CompareRequest, EvaluationJobResult> = async () => fail('INTERNAL', 'not built yet');
