// A job that waits in small steps, reporting progress and a metric per step, optionally through child jobs:
// the job runner's own tests and the crash test use it.
import { fail } from '../../shared/errors';
import type { SleepJobInput } from '../../shared/jobs';
import type { JobHandler } from './protocol';

export const sleepJob: JobHandler<SleepJobInput, { steps: number }> = async (input, ctx) => {
  if (input.children) {
    const kids = Array.from({ length: input.children }, () =>
      ctx.runChild('test.sleep', { steps: input.steps, stepMs: input.stepMs }, { onMetrics: (points) => points.forEach((p) => ctx.metric(`child.${p.key}`, p.step, p.value)) }),
    );
    const results = await Promise.all(kids.map((k) => k.result));
    return { steps: results.reduce((a, r) => a + r.steps, 0) };
  }
  for (let i = 0; i < input.steps; i++) {
    ctx.checkCancelled();
    if (input.failAt === i) fail('INTERNAL', `sleep job failed on purpose at step ${i}`);
    await new Promise((r) => setTimeout(r, input.stepMs));
    ctx.metric('step', i, i * i);
    ctx.progress((i + 1) / input.steps, `step ${i + 1} of ${input.steps}`);
  }
  return { steps: input.steps };
};
