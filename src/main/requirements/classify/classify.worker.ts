// The 'requirements.classify' job, in a child process (onnxruntime). STUB: slice R2 implements it.
import type { RequirementClassifyResult } from '../../../shared/requirements-classes';
import { fail } from '../../../shared/errors';
import type { JobHandler } from '../../jobs/protocol';

export const classifyRequirementsJob: JobHandler<{ document?: string }, RequirementClassifyResult> = async () => fail('BAD_INPUT', 'not built yet');
