import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Workbench } from '../app';
import { linearRegressor } from '../models/test-models';
import { startBrowserHost, stopBrowserHost, stubRenderer } from '../test-support/browser-host';
import { tempDir } from '../test-support/temp-project';
import { startHttpHost, type HttpHost } from './http';

const MAX_BYTES = 64 * 1024;

let host: HttpHost;
let app: Workbench;
let base: string;
let uploadsRoot: string;

beforeAll(async () => {
  ({ app, host, base } = await startBrowserHost({ uploadLimits: { maxBytes: MAX_BYTES, maxConcurrent: 2 } }));
  uploadsRoot = path.join(app.dataDir, 'uploads');
  await app.createProject(path.join(tempDir(), 'project'));
});
afterAll(() => stopBrowserHost({ app, host }));

/** Every staged file on disk, whatever session folder holds it. */
function stagedFiles(): string[] {
  if (!fs.existsSync(uploadsRoot)) return [];
  return fs.readdirSync(uploadsRoot, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function upload(body: BodyInit, name = 'data.csv'): Promise<Response> {
  const init: RequestInit & { duplex?: 'half' } = { method: 'POST', headers: { 'x-airlock-token': host.token }, body };
  if (body instanceof ReadableStream) init.duplex = 'half';
  return fetch(`${base}/api/upload?name=${encodeURIComponent(name)}`, init);
}

async function stage(text: string): Promise<string> {
  const res = await upload(text);
  const body = (await res.json()) as { ok: true; data: { uploadId: string } };
  expect(body.ok).toBe(true);
  return body.data.uploadId;
}

/** A body that sends `bytes` in 4 KiB pieces with no Content-Length, as a browser streaming a File might. */
function streamOf(bytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const n = Math.min(4096, bytes - sent);
      sent += n;
      controller.enqueue(new Uint8Array(n).fill(0x61));
    },
  });
}

async function importAndWait(uploadId: string, name: string): Promise<{ state: string }> {
  const call = async (channel: string, input: unknown) => {
    const res = await fetch(`${base}/api/call/${channel}`, { method: 'POST', headers: { 'x-airlock-token': host.token }, body: JSON.stringify(input) });
    return (await res.json()) as { ok: boolean; data: unknown };
  };
  const started = await call('datasets.import', { source: { kind: 'upload', uploadId }, name });
  expect(started.ok).toBe(true);
  const { jobId } = started.data as { jobId: string };
  const done = await call('jobs.wait', { id: jobId, timeoutMs: 60_000 });
  return done.data as { state: string };
}

describe('browser-mode uploads', () => {
  it('writes an upload as a 0600 file inside a 0700 folder of this session', async () => {
    await stage('a,b\n1,2\n');
    const [file] = stagedFiles().slice(-1);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(path.dirname(path.dirname(file))).toBe(uploadsRoot);
  });

  it('answers an upload whose Content-Length is over the cap with 413 and a one-line error, and stores nothing', async () => {
    const before = stagedFiles();
    const res = await upload(new Uint8Array(MAX_BYTES + 1).fill(0x61));
    expect(res.status).toBe(413);
    const body = (await res.json()) as { ok: false; error: { code: string; message: string } };
    expect(body.error.code).toBe('UPLOAD_TOO_LARGE');
    expect(body.error.message).not.toContain('\n');
    expect(body.error.message).toContain(String(MAX_BYTES));
    expect(stagedFiles()).toEqual(before);
  });

  it('cuts off a streamed upload (no Content-Length) when it passes the cap, answers 413 and deletes what it wrote', async () => {
    const before = stagedFiles();
    const res = await upload(streamOf(MAX_BYTES * 4));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'UPLOAD_TOO_LARGE' } });
    expect(stagedFiles()).toEqual(before);
  });

  it('takes an upload of exactly the cap', async () => {
    const res = await upload(streamOf(MAX_BYTES));
    expect(res.status).toBe(200);
  });

  it('refuses an upload beyond the concurrent-upload cap with 429 while the others stream', async () => {
    const releases: (() => void)[] = [];
    const slow = (): ReadableStream<Uint8Array> =>
      new ReadableStream({
        start(controller) {
          controller.enqueue(new Uint8Array(10).fill(0x61));
          releases.push(() => controller.close());
        },
      });
    const first = upload(slow());
    const second = upload(slow());
    // both must have reached the server before the third is sent
    await vi.waitUntil(() => releases.length === 2, 5_000);
    await new Promise((r) => setTimeout(r, 200));
    const third = await upload('a\n1\n');
    expect(third.status).toBe(429);
    expect(await third.json()).toMatchObject({ ok: false, error: { code: 'HOST_BUSY' } });
    for (const release of releases) release();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    expect((await upload('a\n1\n')).status).toBe(200);
  });

  it('deletes a staged upload once the import job that read it succeeds, and refuses its id after', async () => {
    const uploadId = await stage('id,score\n1,0.5\n2,0.7\n3,0.9\n');
    const file = stagedFiles().find((f) => path.basename(f) === `${uploadId}.upload`);
    expect(file).toBeDefined();
    expect((await importAndWait(uploadId, 'scores')).state).toBe('succeeded');
    await vi.waitUntil(() => !fs.existsSync(file!), 5_000);
    const again = await fetch(`${base}/api/call/datasets.import`, {
      method: 'POST',
      headers: { 'x-airlock-token': host.token },
      body: JSON.stringify({ source: { kind: 'upload', uploadId }, name: 'again' }),
    });
    expect(await again.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('deletes a staged upload once the import job that read it fails', async () => {
    const uploadId = await stage('');
    const file = stagedFiles().find((f) => path.basename(f) === `${uploadId}.upload`);
    expect(file).toBeDefined();
    expect((await importAndWait(uploadId, 'empty')).state).toBe('failed');
    await vi.waitUntil(() => !fs.existsSync(file!), 5_000);
  });

  it('deletes a staged ONNX upload as soon as models.import returns, whether it imported the model or refused the file', async () => {
    const importUpload = async (uploadId: string): Promise<{ ok: boolean; error?: { code: string } }> => {
      const res = await fetch(`${base}/api/call/models.import`, {
        method: 'POST',
        headers: { 'x-airlock-token': host.token },
        body: JSON.stringify({ source: { kind: 'upload', uploadId }, name: 'scale' }),
      });
      return (await res.json()) as { ok: boolean; error?: { code: string } };
    };
    const stagedPath = (uploadId: string): string | undefined => stagedFiles().find((f) => path.basename(f) === `${uploadId}.upload`);
    const model = (await upload(new Uint8Array(linearRegressor([2], 0).bytes), 'scale.onnx').then((r) => r.json())) as { data: { uploadId: string } };
    expect(stagedPath(model.data.uploadId)).toBeDefined();
    expect(await importUpload(model.data.uploadId)).toMatchObject({ ok: true });
    expect(stagedPath(model.data.uploadId)).toBeUndefined();

    const garbage = await stage('not an onnx model');
    expect(stagedPath(garbage)).toBeDefined();
    expect((await importUpload(garbage)).ok).toBe(false);
    expect(stagedPath(garbage)).toBeUndefined();
  });

  it('removes a killed session\'s uploads at the next start, and every staged upload when the session closes', async () => {
    const dataDir = tempDir();
    // a folder left by a serve process that was killed: its owner's pid no longer runs
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const orphan = path.join(dataDir, 'uploads', `${dead}-abc123`);
    fs.mkdirSync(orphan, { recursive: true });
    fs.writeFileSync(path.join(orphan, 'x.upload'), 'left behind');
    // and one of a session still running (this process), which must stay
    const live = path.join(dataDir, 'uploads', `${process.pid}-live01`);
    fs.mkdirSync(live);

    const other = new Workbench({ appVersion: 'test', host: 'browser', dataDir, trackRecent: false });
    const second = await startHttpHost({ app: other, rendererDir: stubRenderer() });
    expect(fs.existsSync(orphan)).toBe(false);
    expect(fs.existsSync(live)).toBe(true);
    fs.rmdirSync(live);
    const res = await fetch(`http://127.0.0.1:${second.port}/api/upload?name=a.csv`, { method: 'POST', headers: { 'x-airlock-token': second.token }, body: 'a\n1\n' });
    expect(res.status).toBe(200);
    expect(fs.readdirSync(path.join(dataDir, 'uploads'))).toHaveLength(1);
    await second.close();
    expect(fs.readdirSync(path.join(dataDir, 'uploads'))).toEqual([]);
  });
});
