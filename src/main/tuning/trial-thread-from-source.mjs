// Trial-thread entry when the services run from TypeScript source (CLI, tests, benchmarks): registers tsx in this
// thread, as job-worker-from-source.mjs does, then loads the real entry.
import { register } from 'tsx/esm/api';

register();
await import('./trial-thread.ts');
