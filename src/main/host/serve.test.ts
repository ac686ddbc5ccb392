import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { stubRenderer } from '../test-support/browser-host';
import { tempDir } from '../test-support/temp-project';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const LINK = /http:\/\/127\.0\.0\.1:(\d+)\/\?launch=[0-9a-f]{32}/g;

interface Serving {
  child: ChildProcess;
  port: number;
  /** every launch link printed so far */
  links(): string[];
  exited: Promise<number | null>;
}

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** A real `airlock serve` in a child process, resolved once it printed its first launch link. */
async function startServe(dataDir = tempDir(), extra: string[] = []): Promise<Serving> {
  const child = spawn(process.execPath, ['bin/airlock.mjs', '--data-dir', dataDir, 'serve', '--port', '0', '--no-open', '--renderer', stubRenderer(), ...extra], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const links = (): string[] => [...out.matchAll(LINK)].map((m) => m[0]);
  const deadline = Date.now() + 45_000;
  while (links().length === 0) {
    if (child.exitCode !== null) throw new Error(`airlock serve exited early: ${err}`);
    if (Date.now() > deadline) throw new Error(`airlock serve printed no launch link: ${out} ${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, port: Number(new URL(links()[0]).port), links, exited };
}

/** A raw connection that sends `text` and then nothing more. */
async function holdOpen(port: number, text: string): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.on('error', () => {});
  socket.write(text);
  return socket;
}

async function secondsToExit(serving: Serving): Promise<{ seconds: number; code: number | null }> {
  const t0 = Date.now();
  serving.child.kill('SIGTERM');
  const code = await Promise.race([serving.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 20_000))]);
  expect(code, 'airlock serve was still running 20 s after SIGTERM').not.toBe('hung');
  return { seconds: (Date.now() - t0) / 1000, code: code === 'hung' ? null : code };
}

describe('airlock serve shutdown', () => {
  it('exits within a few seconds of SIGTERM while a client holds a half-sent request', async () => {
    const serving = await startServe();
    const socket = await holdOpen(serving.port, `POST /api/call/app.info HTTP/1.1\r\nHost: 127.0.0.1:${serving.port}\r\nContent-Ty`);
    await new Promise((r) => setTimeout(r, 300));
    const { seconds, code } = await secondsToExit(serving);
    expect(seconds).toBeLessThan(5);
    expect(code).toBe(0);
    socket.destroy();
  }, 60_000);

  it('exits within a few seconds of SIGTERM with a stalled request body, an idle keep-alive connection and an open event stream', async () => {
    const serving = await startServe();
    const { port } = serving;
    const signIn = await fetch(serving.links()[0], { redirect: 'manual' });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
    expect(cookie).toMatch(/^airlock-\d+=/);
    const sockets = [
      await holdOpen(port, `POST /api/upload?name=a.csv HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${cookie}\r\nOrigin: http://127.0.0.1:${port}\r\nContent-Length: 100000\r\n\r\nid,x\n1,`),
      await holdOpen(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n\r\n`),
      await holdOpen(port, `GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${cookie}\r\n\r\n`),
    ];
    const stream = sockets[2];
    const connected = await new Promise<string>((resolve) => stream.once('data', (d: Buffer) => resolve(d.toString())));
    expect(connected).toMatch(/^HTTP\/1\.1 200/);
    const { seconds, code } = await secondsToExit(serving);
    expect(seconds).toBeLessThan(5);
    expect(code).toBe(0);
    for (const s of sockets) s.destroy();
  }, 60_000);
});

describe('airlock serve launch links', () => {
  it('prints a fresh one-time launch link on SIGUSR2 and signs in with it once', async () => {
    const serving = await startServe();
    const [first] = serving.links();
    expect((await fetch(first, { redirect: 'manual' })).status).toBe(303);
    expect((await fetch(first, { redirect: 'manual' })).status).toBe(403);
    serving.child.kill('SIGUSR2');
    const deadline = Date.now() + 10_000;
    while (serving.links().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const fresh = serving.links()[1];
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(first);
    expect((await fetch(fresh, { redirect: 'manual' })).status).toBe(303);
    expect(serving.child.exitCode).toBeNull();
    await secondsToExit(serving);
  }, 60_000);
});

describe('airlock serve workspaces', () => {
  /** The roots the window is offered, asked as the browser would after signing in. */
  async function roots(serving: Serving): Promise<string[]> {
    const signIn = await fetch(serving.links()[0], { redirect: 'manual' });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
    const origin = `http://127.0.0.1:${serving.port}`;
    const res = await fetch(`${origin}/api/call/projects.roots`, { method: 'POST', headers: { cookie, origin, 'content-type': 'application/json' }, body: '{}' });
    const body = (await res.json()) as { ok: boolean; data: { path: string }[] };
    expect(body.ok).toBe(true);
    return body.data.map((r) => r.path);
  }

  it('offers a projects folder in the data folder when no --workspace is named, so the window can still create projects', async () => {
    const dataDir = tempDir();
    const serving = await startServe(dataDir);
    expect(await roots(serving)).toEqual([path.join(dataDir, 'projects')]);
    expect(fs.statSync(path.join(dataDir, 'projects')).isDirectory()).toBe(true);
    await secondsToExit(serving);
  }, 60_000);

  it('offers only the folders named with --workspace when there are any', async () => {
    const work = tempDir();
    const dataDir = tempDir();
    const serving = await startServe(dataDir, ['--workspace', work]);
    expect(await roots(serving)).toEqual([path.resolve(work)]);
    expect(fs.existsSync(path.join(dataDir, 'projects'))).toBe(false);
    await secondsToExit(serving);
  }, 60_000);
});
