// Entry of a job child process. Its main thread installs the network guard, runs the job in a worker thread of its
// own (whose entry guards it too) and relays the worker's messages. Because the job never runs on this thread, a job
// spinning in native code or a tight loop cannot stop it from honouring Cancel, or from exiting the moment its runner
// is gone (SIGKILL of the app or CLI): nothing is left writing. A native crash in the job still ends this process,
// which is what the process is for.
import { guardNetwork } from '../host/network-guard';
import type { JobExecution, RunnerMessage, WorkerMessage } from './protocol';
import { startInThread } from './thread-executor';

guardNetwork();

const post = (m: WorkerMessage): void => {
  process.send?.(m);
};
let execution: JobExecution | null = null;
process.on('message', (m: RunnerMessage) => {
  if (m.type === 'cancel') execution?.cancel();
  // Once the job settled the runner kills this process, whatever the job left behind.
  else execution = startInThread({ ...m.start, cancelFlag: new SharedArrayBuffer(4) }, { message: post, ended: (error) => post({ type: 'failed', error }) }, m.memoryMb);
});
process.on('disconnect', () => process.exit(0));
