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
 * A live process's peak resident set size in MB: the kernel's high-water mark (VmHWM, the figure GNU time reports as
 * %M once the process has exited), read while it still runs because the server is stopped by a signal, not waited on
 * under GNU time. Null where /proc is absent.
 */
function peakRssOf(pid) {
  try {
    const kib = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? null : Number(kib) / 1024;
  } catch {
    return null;
  }
}

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
  /** Stops the server; resolves to its peak RSS in MB (null once it had exited on its own, or off Linux). */
  const stop = async () => {
    let peakRssMb = null;
    if (server.exitCode === null) {
      peakRssMb = peakRssOf(server.pid);
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
    return peakRssMb;
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
