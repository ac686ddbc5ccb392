// Child process for mlflow-import-memory.test.ts: imports an mlruns folder into a fresh project under whatever heap
// limit the test started it with, and prints the outcome and the memory it took as one JSON line.
import path from 'node:path';
import { toAppError } from '../../shared/errors';
import { ProjectStore } from '../store/project-store';
import { importMlruns } from './mlflow-import';

const [mlrunsDir, projectDir] = process.argv.slice(2);
const store = ProjectStore.create(path.resolve(projectDir), { appVersion: 'test', actor: 'tester' });
let peakHeap = 0;
const sample = (): void => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
};
let outcome: Record<string, unknown>;
try {
  outcome = { result: importMlruns(store, mlrunsDir, {}, { progress: sample, checkCancelled: sample }) };
} catch (e) {
  outcome = { error: toAppError(e) };
}
store.close();
process.stdout.write(`${JSON.stringify({ ...outcome, peakHeap, maxRss: process.resourceUsage().maxRSS * 1024 })}\n`);
