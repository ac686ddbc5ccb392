// The 'model.*' fairness job, in a child process. (Stub: its slice replaces it.)
import type { EvaluationJobResult } from '../../../shared/evaluations';
import { fail } from '../../../shared/errors';
import type { FairnessRequest } from '../../../shared/models';
import type { JobHandler } from '../../jobs/protocol';

export const fairnessJob: JobHandler<FairnessRequest, EvaluationJobResult> = async () => fail('INTERNAL', 'not built yet');
