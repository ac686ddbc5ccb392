// Helper-thread entry when the importer runs from TypeScript source (CLI, tests, benchmarks): registers tsx in this
// thread, since loader flags given to the parent do not reach worker threads, then loads the real entry.
import { register } from 'tsx/esm/api';

register();
await import('./column-helper.worker.ts');
