// Entry of every job worker thread: installs the network guard before any job module loads, then runs the job.
// (The parent's --import preloads, such as a network recorder, ran before this: the thread inherits its flags.)
import { parentPort, workerData } from 'node:worker_threads';
import { guardNetwork } from '../host/network-guard';
import type { WorkerMessage, WorkerStart } from './protocol';

guardNetwork();
const port = parentPort!;
const { runJob } = await import('./job-runtime');
await runJob(workerData as WorkerStart, (m: WorkerMessage) => port.postMessage(m));
