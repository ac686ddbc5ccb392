// A job that waits in small steps and reports progress: the job runner's own tests and crash tests use it.
import { fail } from '../../shared/errors';
import type { JobHandler } from './protocol';

export interface SleepInput {
  steps: number;
  stepMs: number;
  failAt?: number;
}

export const sleepJob: JobHandler<SleepInput, { steps: number }> = async (input, ctx) => {
  for (let i = 0; i < input.steps; i++) {
    ctx.checkCancelled();
    if (input.failAt === i) fail('INTERNAL', `sleep job failed on purpose at step ${i}`);
    await new Promise((r) => setTimeout(r, input.stepMs));
    ctx.progress((i + 1) / input.steps, `step ${i + 1} of ${input.steps}`);
  }
  return { steps: input.steps };
};
