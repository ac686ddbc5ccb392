// Builds the app for benches that drive it in Chromium or run the CLI, unless out/ is already newer than everything it is built from.
import { spawnSync } from 'node:child_process';
import { buildIsFresh } from '../../scripts/build-freshness.mjs';
import { failureReason } from './measure.mjs';

/** What the benches that drive the app in Chromium or run the CLI load from out/. */
const OUTPUTS = ['out/renderer/index.html', 'out/main/index.js', 'out/main/cli.js'];

/** Runs `electron-vite build` when the build is stale; returns its seconds, or null when out/ was fresh. */
export function buildIfStale(root) {
  if (buildIsFresh(root, OUTPUTS)) return null;
  const t = performance.now();
  const res = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`npx electron-vite build failed: ${failureReason(res.stderr || res.stdout)}`);
  return (performance.now() - t) / 1000;
}
