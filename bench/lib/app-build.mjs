// Builds the app for benches that drive it in Chromium, unless out/ is already newer than everything it is built from.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { failureReason } from './measure.mjs';

const INPUTS = ['src', 'electron.vite.config.ts', 'package-lock.json'];

function newestMtime(p) {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** Whether out/renderer and out/main were built after the last change to the sources, the config and the lockfile. */
export function buildIsFresh(root) {
  const outputs = ['out/renderer/index.html', 'out/main/index.js'].map((p) => path.join(root, p));
  if (!outputs.every((p) => fs.existsSync(p))) return false;
  const built = Math.min(...outputs.map((p) => fs.statSync(p).mtimeMs));
  return INPUTS.every((p) => !fs.existsSync(path.join(root, p)) || newestMtime(path.join(root, p)) < built);
}

/** Runs `electron-vite build` when the build is stale; returns its seconds, or null when out/ was fresh. */
export function buildIfStale(root) {
  if (buildIsFresh(root)) return null;
  const t = performance.now();
  const res = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`npx electron-vite build failed: ${failureReason(res.stderr || res.stdout)}`);
  return (performance.now() - t) / 1000;
}
