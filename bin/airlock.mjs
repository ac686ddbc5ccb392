#!/usr/bin/env node
// Runs the Airlock CLI from the built bundle (out/main/cli.js) when it is newer than the sources, else from the
// TypeScript sources through tsx, so it always matches the checkout. The bundle is what a user should run: tsx
// compiles the CLI, and again every job thread's modules, on each run (about 2 s of CPU and 150 MB before any work).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildIsFresh } from '../scripts/build-freshness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = 'out/main/cli.js';

async function loadCli() {
  if (buildIsFresh(root, [bundle])) return import(pathToFileURL(path.join(root, bundle)).href);
  const { register } = await import('tsx/esm/api');
  register();
  return import('../src/main/cli/program.ts');
}

const { runCli } = await loadCli();
process.exitCode = await runCli(process.argv.slice(2));
