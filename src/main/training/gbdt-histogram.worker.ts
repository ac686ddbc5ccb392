// A histogram thread: sums its fixed block of features for every node the tree grower hands it, in shared memory.
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { buildHistogram } from './gbdt-histogram';
import { CONTROL, type HistogramJob, type HistogramThreadStart } from './gbdt-histogram-threads';

const start = workerData as HistogramThreadStart;
const control = new Int32Array(start.control);
const port: MessagePort = start.port;
const codes = new Uint8Array(start.codes);

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
  const job = received.message as HistogramJob | null;
  if (job === null) break;
  buildHistogram({ codes, features: start.features, ...job, fromFeature: start.fromFeature, toFeature: start.toFeature });
  if (Atomics.sub(control, CONTROL.pending, 1) === 1) Atomics.notify(control, CONTROL.pending);
}
port.close();
