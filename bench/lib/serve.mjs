// Serves a project in browser mode for a bench's HTTP and Chromium figures: `airlock serve` on a free port with a
// throwaway data folder, signed in with its own launch link.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { failureReason } from './measure.mjs';

const root = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Chromium as the benches launch it: no sandbox (containers), no GPU, nothing fetched in the background. */
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Starts `airlock serve` on `project` with the built `renderer`, resolves once it printed its launch link and signed in
 * with it (the link is good once: it buys the session cookie every API call and browser context carries). The caller
 * stops it with stop(), which also removes its data folder (`airlock-bench-<name>-…` in the temporary folder).
 */
export async function serve(project, renderer, name) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `airlock-bench-${name}-`));
  const server = spawn(process.execPath, ['bin/airlock.mjs', '--data-dir', dataDir, 'serve', '--project', project, '--renderer', renderer, '--port', '0', '--no-open'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (d) => (stderr += d));
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const t = performance.now();
  const launch = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = /at (http:\/\/\S+\?launch=\w+)/.exec(out);
      if (m) resolve(m[1]);
    });
    server.on('exit', (code) => reject(new Error(`airlock serve exited with ${code}: ${failureReason(stderr)}`)));
  }).catch(async (e) => {
    await stop();
    throw e;
  });
  const startSeconds = (performance.now() - t) / 1000;
  const signIn = await fetch(launch, { redirect: 'manual' });
  const [cookieName, value] = (signIn.headers.get('set-cookie') ?? '').split(';')[0].split('=');
  if (!value) {
    await stop();
    throw new Error(`airlock serve refused its own launch link (HTTP ${signIn.status})`);
  }
  return { url: new URL('/', launch).href, cookie: { name: cookieName, value }, startSeconds, stop };
}
