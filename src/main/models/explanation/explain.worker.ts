// The 'model.*' explanation job, in a child process. (Stub: its slice replaces it.)
import type { EvaluationJobResult } from '../../../shared/evaluations';
import { fail } from '../../../shared/errors';
import type { ExplainRequest } from '../../../shared/models';
import type { JobHandler } from '../../jobs/protocol';

export const explainJob: JobHandler<ExplainRequest, EvaluationJobResult> = async () => fail('INTERNAL', 'not built yet');
