// The 'model.*' scoring job, in a child process. (Stub: its slice replaces it.)
import type { ScoreJobResult } from '../../../shared/evaluations';
import { fail } from '../../../shared/errors';
import type { ScoreRequest } from '../../../shared/models';
import type { JobHandler } from '../../jobs/protocol';

export const scoreJob: JobHandler<ScoreRequest, ScoreJobResult> = async () => fail('INTERNAL', 'not built yet');
