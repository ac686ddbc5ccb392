// Helper-thread entry when the importer runs from TypeScript source (CLI, tests, benchmarks): tsx's require hook
// compiles the sources in this thread. Its ESM loader (tsx/esm/api) runs in a hooks thread of its own, one more V8
// heap per helper: some 40 MB of the 1 GB import's peak RSS.
import { createRequire } from 'node:module';
import { register } from 'tsx/cjs/api';

register();
createRequire(import.meta.url)('./column-helper.worker.ts');
