// The 'model.*' benchmark job, in a child process. (Stub: its slice replaces it.)
import type { EvaluationJobResult } from '../../../shared/evaluations';
import { fail } from '../../../shared/errors';
import type { BenchRequest } from '../../../shared/models';
import type { JobHandler } from '../../jobs/protocol';

export const benchJob: JobHandler<BenchRequest, EvaluationJobResult> = async () => fail('INTERNAL', 'not built yet');
