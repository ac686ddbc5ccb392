// Threads that run a study's trials: each runs train jobs one after another, so a 50-trial study starts one thread per
// core instead of 50 (a thread's start and module loading cost 0.7-0.9 s of CPU a trial, about half a small trial).
import { Worker } from 'node:worker_threads';
import { AppFailure } from '../../shared/errors';
import type { TrainResult } from '../../shared/experiments';
import { jobStart, type TrainJobInput } from '../../shared/jobs';
import type { ChildJob, ChildOptions, WorkerPlace } from '../jobs/protocol';
import { built, workerResourceLimits } from '../jobs/worker-script';
import type { TrialThreadMessage } from './trial-thread';

/** Where a trial runs: the study's place, a job id of its own, and the flags that stop it (its own and the study's). */
export type TrialPlace = Omit<WorkerPlace, 'secret'>;

export class TrialPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Set<Worker>();
  private started = 0;

  private constructor(private readonly script: URL) {}

  /** A pool whose threads run the trial-thread entry: the built bundle's, or the TypeScript source through tsx. */
  static forThisBuild(): TrialPool {
    return new TrialPool(import.meta.url.endsWith('.ts') ? new URL('./trial-thread-from-source.mjs', import.meta.url) : built('trial-thread'));
  }

  /** how many threads the pool has started so far */
  get threadsStarted(): number {
    return this.started;
  }

  /** Runs a train job on an idle thread, or a new one; as ctx.runChild does, cancel() sets the trial's own flag. */
  run(input: TrainJobInput, place: TrialPlace, options: ChildOptions = {}): ChildJob<TrainResult> {
    const worker = this.idle.pop() ?? this.spawn();
    this.busy.add(worker);
    const result = new Promise<TrainResult>((resolve, reject) => {
      const settle = (keep: boolean, outcome: () => void): void => {
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        this.busy.delete(worker);
        if (keep) this.idle.push(worker);
        else void worker.terminate();
        outcome();
      };
      const onMessage = ({ jobId, message }: TrialThreadMessage): void => {
        if (jobId !== place.jobId) return;
        if (message.type === 'metrics') options.onMetrics?.(message.points);
        // the thread ran the train handler, whose result type job-kinds.ts checks against the kind
        else if (message.type === 'done') settle(true, () => resolve(message.result as TrainResult));
        else if (message.type === 'failed') settle(true, () => reject(new AppFailure(message.error)));
      };
      const onError = (e: Error): void => settle(false, () => reject(e));
      const onExit = (): void => settle(false, () => reject(new AppFailure({ code: 'INTERNAL', message: 'a trial thread stopped without a result (out of memory?)' })));
      worker.on('message', onMessage).once('error', onError).once('exit', onExit);
      worker.postMessage({ ...jobStart('train', input), ...place });
    });
    return { result, cancel: () => Atomics.store(new Int32Array(place.cancelFlag), 0, 1) };
  }

  /** Stops every thread; a trial still running on one fails (the study only closes once none is). */
  async close(): Promise<void> {
    await Promise.all([...this.idle, ...this.busy].map((w) => w.terminate()));
    this.idle.length = 0;
  }

  private spawn(): Worker {
    this.started++;
    // no execArgv: the thread inherits the parent's flags and --import preloads, as job threads do (worker-script.ts)
    return new Worker(this.script, { resourceLimits: workerResourceLimits() });
  }
}
