// A study's trial thread: runs the train jobs the study hands it one after another, so a study pays a thread's start-up
// and module loading once per core instead of once per trial (0.7-0.9 s of CPU a trial from source).
import { parentPort } from 'node:worker_threads';
import { guardNetwork } from '../host/network-guard';
import type { WorkerMessage, WorkerStart } from '../jobs/protocol';

/** A trial's message, tagged with its job id so that nothing of one trial is ever taken for the next one's. */
export interface TrialThreadMessage {
  jobId: string;
  message: WorkerMessage;
}

// as in job-worker.ts: the guard goes in before any job module loads
guardNetwork();
const port = parentPort!;
const { runJob } = await import('../jobs/job-runtime');
// The study hands a thread its next trial only once the last one posted 'done' or 'failed', so trials never overlap here.
port.on('message', (start: WorkerStart) => {
  void runJob(start, (message) => port.postMessage({ jobId: start.jobId, message } satisfies TrialThreadMessage));
});
