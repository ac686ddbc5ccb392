// Entry of a job child process: installs the network guard before anything else loads, then runs the job the
// runner sends, turns a 'cancel' message into the job's cancel flag, and exits when its parent goes away.
import { guardNetwork } from '../host/network-guard';
import type { RunnerMessage, WorkerMessage } from './protocol';

guardNetwork();
// Loaded after the guard, so no job module can open a socket before it is in place.
const { runJob } = await import('./job-runtime');

const cancelFlag = new SharedArrayBuffer(4);
const post = (m: WorkerMessage): void => {
  process.send?.(m);
};
process.on('message', (m: RunnerMessage) => {
  if (m.type === 'cancel') Atomics.store(new Int32Array(cancelFlag), 0, 1);
  // Once it settled the runner kills this process, whatever timers the job left behind.
  else void runJob({ ...m.start, cancelFlag }, post);
});
// A runner that died (SIGKILL) takes its job with it, as it does a worker thread: nothing is left writing.
process.on('disconnect', () => process.exit(0));
