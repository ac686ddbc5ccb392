// The 'requirements.train' job, in a child process (onnxruntime for the comparison). STUB: slice R2 implements it.
import type { RequirementTrainJobInput, RequirementTrainResult } from '../../../shared/requirements-classes';
import { fail } from '../../../shared/errors';
import type { JobHandler } from '../../jobs/protocol';

export const trainClassifierJob: JobHandler<RequirementTrainJobInput, RequirementTrainResult> = async () => fail('BAD_INPUT', 'not built yet');
