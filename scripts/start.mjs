#!/usr/bin/env node
// `npm start`: build if the bundles are stale, then open the desktop window when Electron's binary is here or can be
// fetched; otherwise say so in one line and start browser mode on 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIsFresh } from './build-freshness.mjs';
import { electronSqliteBinding } from './electron-native.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

function buildIfStale() {
  if (buildIsFresh(root, ['out/main/index.js', 'out/main/cli.js', 'out/preload/index.cjs', 'out/renderer/index.html'])) return;
  console.log('Building Airlock...');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** Electron's path, downloading the binary on first use where the network allows; null when it cannot be had. */
function electronBinary() {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
  const p = probe.status === 0 ? probe.stdout.trim() : '';
  return p && fs.existsSync(p) ? p : null;
}

buildIfStale();
const electron = electronBinary();
const binding = electron ? electronSqliteBinding(root) : null;
if (electron && binding) {
  const child = spawn(electron, ['.', ...args], { cwd: root, stdio: 'inherit', env: { ...process.env, AIRLOCK_SQLITE_BINDING: binding } });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(electron
    ? 'Electron is here but its SQLite addon could not be built: starting browser mode instead.'
    : 'Electron is not available on this machine (its binary could not be downloaded): starting browser mode instead.');
  const child = spawn(process.execPath, [path.join(root, 'bin/airlock.mjs'), 'serve', ...args], { cwd: root, stdio: 'inherit' });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}
