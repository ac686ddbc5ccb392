// A job that misbehaves on request, run in a child process: the process executor's tests use it to prove that a
// crash, a native fault, a memory hog or a job that ignores Cancel fails the job and leaves the app running.
import { fail } from '../../shared/errors';
import type { CrashJobInput } from '../../shared/jobs';
import type { JobHandler } from './protocol';

export const crashJob: JobHandler<CrashJobInput, { pid: number; steps: number }> = async (input, ctx) => {
  const steps = input.steps ?? 10;
  ctx.progress(0.01, `pid ${process.pid}`);
  // what a native abort() does to the process; process.abort() itself is refused inside a worker thread
  if (input.mode === 'abort') process.kill(process.pid, 'SIGABRT');
  if (input.mode === 'segfault') process.kill(process.pid, 'SIGSEGV');
  if (input.mode === 'throw') fail('BAD_INPUT', 'crash job refused its input on purpose');
  if (input.mode === 'busy') {
    // past the progress throttle, so that this message is sent before the loop takes the thread for good
    await new Promise((r) => setTimeout(r, 150));
    ctx.progress(0.5, 'spinning');
    for (;;) Math.sqrt(Math.random());
  }
  if (input.mode === 'heap') {
    const hoard: number[][] = [];
    for (;;) hoard.push(Array.from({ length: 1 << 16 }, (_, i) => i + Math.random()));
  }
  if (input.mode === 'native-memory') {
    const hoard: Buffer[] = [];
    for (;;) {
      // filled, so the pages are resident; outside the V8 heap, so only the watchdog can stop it
      hoard.push(Buffer.alloc(32 * 2 ** 20, 1));
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  for (let i = 0; i < steps; i++) {
    ctx.checkCancelled();
    await new Promise((r) => setTimeout(r, input.stepMs ?? 20));
    ctx.metric('step', i, i);
    ctx.progress((i + 1) / steps, `step ${i + 1} of ${steps}`);
  }
  return { pid: process.pid, steps };
};
