// Histogram thread entry when the trainer runs from TypeScript source (CLI, tests, benchmarks): tsx's require hook
// compiles the sources in this thread (loader flags given to the parent do not reach worker threads). Its ESM loader
// (tsx/esm/api) would run a hooks thread of its own, one more V8 heap per histogram thread.
import { createRequire } from 'node:module';
import { register } from 'tsx/cjs/api';

register();
createRequire(import.meta.url)('./gbdt-histogram.worker.ts');
