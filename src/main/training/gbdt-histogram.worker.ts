// A histogram thread: codes its share of each block of a fit's values, sums its fixed block of features for every node
// the tree grower hands it, and adds the last tree's leaf values to its block of rows, then fills their gradients and
// training-loss terms, in shared memory.
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import {
  codeBlock,
  CONTROL,
  fillGradientBlock,
  type CodeJob,
  type GradientJob,
  type HistogramJob,
  type HistogramThreadStart,
  type MemoryJob,
} from './gbdt-histogram-threads';
import { HistogramKernel } from './gbdt-histogram-wasm';

const start = workerData as HistogramThreadStart;
const control = new Int32Array(start.control);
const port: MessagePort = start.port;
/** the kernel on the fit's memory, from the memory job that comes before any histogram job */
let kernel: HistogramKernel | null = null;

Atomics.add(control, CONTROL.ready, 1);
Atomics.notify(control, CONTROL.ready);
for (;;) {
  // The grower posts a job, then bumps the generation: reading the generation before looking at the port means a
  // job posted after the look also bumped past `seen`, so the wait cannot miss it.
  const seen = Atomics.load(control, CONTROL.generation);
  const received = receiveMessageOnPort(port);
  if (received === undefined) {
    Atomics.wait(control, CONTROL.generation, seen);
    continue;
  }
  const job = received.message as MemoryJob | HistogramJob | GradientJob | CodeJob | null;
  if (job === null) break;
  // Not a job the grower waits on: it counts nothing down.
  if (job.kind === 'memory') {
    kernel = new HistogramKernel(job.memory);
    continue;
  }
  if (job.kind === 'histogram') {
    if (kernel === null) throw new Error('a histogram job came before the kernel memory');
    kernel.build({ ...job.task, fromFeature: start.fromFeature, toFeature: start.toFeature });
  } else if (job.kind === 'code') {
    if (kernel === null) throw new Error('a code job came before the kernel memory');
    codeBlock(kernel, job.task, start.part, start.parts);
  } else fillGradientBlock(job, start.part, start.parts, kernel);
  if (Atomics.sub(control, CONTROL.pending, 1) === 1) Atomics.notify(control, CONTROL.pending);
}
port.close();
