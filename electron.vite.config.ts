// Builds the three bundles: main (Electron entry + CLI + job worker + job process + histogram thread + trial thread + column helper), preload, renderer.
import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          // the CLI, which bin/airlock.mjs runs when this build is fresh (else from source through tsx)
          cli: resolve(__dirname, 'src/main/cli/program.ts'),
          'job-worker': resolve(__dirname, 'src/main/jobs/job-worker.ts'),
          'job-process': resolve(__dirname, 'src/main/jobs/job-process.ts'),
          // histogram threads of a boosted-trees fit (src/main/training/gbdt-histogram-threads.ts finds it beside the others)
          'gbdt-histogram-worker': resolve(__dirname, 'src/main/training/gbdt-histogram.worker.ts'),
          // a study's trial threads (src/main/tuning/trial-pool.ts finds it beside the others)
          'trial-thread': resolve(__dirname, 'src/main/tuning/trial-thread.ts'),
          // an import's column helper thread, on machines with 4 cores or more (src/main/datasets/column-helper.ts)
          'column-helper': resolve(__dirname, 'src/main/datasets/column-helper.worker.ts'),
        },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    // A sandboxed preload must be CommonJS, whatever the package's module type.
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
      minify: 'esbuild',
      // plotly is one 4.6 MB chunk, loaded when the first chart draws
      chunkSizeWarningLimit: 6000,
    },
  },
});
