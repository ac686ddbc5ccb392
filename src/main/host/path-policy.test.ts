import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workbench } from '../app';
import { startBrowserHost, stopBrowserHost } from '../test-support/browser-host';
import { tempDir } from '../test-support/temp-project';
import { writeZip, type ZipEntrySpec } from '../test-support/zip-writer';
import type { HttpHost } from './http';

// The window over loopback HTTP, tried as an attacker would: every way it used to name a path on this machine.
let host: HttpHost;
let app: Workbench;
let base: string;
let workspace: string;
let outside: string;

beforeAll(async () => {
  workspace = tempDir();
  outside = tempDir();
  ({ app, host, base } = await startBrowserHost({ workspaceRoots: [workspace], trackRecent: true }));
});
afterAll(() => stopBrowserHost({ app, host }));

type Answer = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };

async function call(channel: string, body: unknown): Promise<Answer> {
  const res = await fetch(`${base}/api/call/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-airlock-token': host.token },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Answer;
}

async function data<T>(channel: string, body: unknown): Promise<T> {
  const answer = await call(channel, body);
  if (!answer.ok) throw new Error(`${channel}: ${answer.error.code} ${answer.error.message}`);
  return answer.data as T;
}

async function upload(name: string, content: string): Promise<string> {
  const res = await fetch(`${base}/api/upload?name=${name}`, { method: 'POST', headers: { 'x-airlock-token': host.token }, body: content });
  return ((await res.json()) as { data: { uploadId: string } }).data.uploadId;
}

async function waitJob(id: string): Promise<{ state: string; result: { downloadId: string; destination: string; sha256: string; rows: number } }> {
  return data('jobs.wait', { id, timeoutMs: 60_000 });
}

describe('the path policy over HTTP (browser mode)', () => {
  it('creates no folder when projects.create names a path, in either shape', async () => {
    const target = path.join(outside, 'made-by-the-window');
    const old = await call('projects.create', { path: target });
    const refused = await call('projects.create', { location: { kind: 'path', path: target } });
    expect(old.ok).toBe(false);
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(fs.existsSync(target)).toBe(false);
  });

  it('creates and opens projects only inside a workspace root, by one folder name', async () => {
    for (const name of ['..', '../escape', 'a/b', 'a\\b', '.']) {
      expect(await call('projects.create', { location: { kind: 'root', root: 0, name } })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    }
    expect(await call('projects.create', { location: { kind: 'root', root: 1, name: 'x' } })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(fs.readdirSync(path.dirname(workspace)).some((n) => n === 'escape')).toBe(false);

    const info = await data<{ path: string; name: string }>('projects.create', { location: { kind: 'root', root: 0, name: 'lab' } });
    expect(info.path).toBe(path.join(workspace, 'lab'));
    expect(await data('projects.roots', {})).toEqual([{ id: 0, path: workspace, projects: ['lab'] }]);
    await data('projects.close', {});
    const recent = await data<{ id: string; name: string }[]>('projects.recent', {});
    const reopened = await data<{ path: string }>('projects.open', { location: { kind: 'recent', id: recent[0].id } });
    expect(reopened.path).toBe(info.path);
  });

  it('refuses a path as an import source and as an mlruns folder, and imports nothing', async () => {
    const mlruns = path.join(outside, 'mlruns');
    fs.mkdirSync(path.join(mlruns, '1'), { recursive: true });
    fs.writeFileSync(path.join(mlruns, '1', 'meta.yaml'), `artifact_location: file://${mlruns}/1\nexperiment_id: '1'\nlifecycle_stage: active\nname: stolen\n`);
    expect(await call('datasets.import', { source: { kind: 'path', path: '/etc/passwd' }, name: 'x' })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect((await call('mlflow.import', { path: mlruns })).ok).toBe(false);
    expect(await call('mlflow.import', { source: { kind: 'path', path: mlruns } })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await data('experiments.list', {})).toEqual([]);
    expect(await data('datasets.list', {})).toEqual([]);
  });

  it('writes nothing when datasets.export names a path, even over an existing file', async () => {
    const uploadId = await upload('a.csv', 'a,b\n1,2\n');
    await waitJob((await data<{ jobId: string }>('datasets.import', { source: { kind: 'upload', uploadId }, name: 'a' })).jobId);
    const script = path.join(outside, 'run.sh');
    fs.writeFileSync(script, '#!/bin/sh\necho mine\n');
    const fresh = path.join(outside, 'fresh.csv');
    for (const target of [script, fresh]) {
      expect((await call('datasets.export', { dataset: 'a', version: 1, path: target })).ok).toBe(false);
      expect(await call('datasets.export', { dataset: 'a', version: 1, target: { kind: 'path', path: target }, overwrite: true })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    expect(fs.readFileSync(script, 'utf8')).toBe('#!/bin/sh\necho mine\n');
    expect(fs.existsSync(fresh)).toBe(false);
    expect(await call('mlflow.export', { target: { kind: 'path', path: path.join(outside, 'exported') } })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(fs.existsSync(path.join(outside, 'exported'))).toBe(false);
  });

  it('hands an export to the browser as a download, served once and only to the token holder', async () => {
    const csv = 'id,name\n1,ada\n2,grace\n';
    const uploadId = await upload('people.csv', csv);
    await waitJob((await data<{ jobId: string }>('datasets.import', { source: { kind: 'upload', uploadId }, name: 'people' })).jobId);
    const { jobId } = await data<{ jobId: string }>('datasets.export', { dataset: 'people', version: 1, target: { kind: 'download' } });
    const job = await waitJob(jobId);
    expect(job.state).toBe('succeeded');
    expect(job.result).toMatchObject({ rows: 2, destination: 'people-v1.csv', downloadId: expect.stringMatching(/^[a-f0-9]{32}$/) });

    const url = `${base}/api/download/${job.result.downloadId}`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { 'x-airlock-token': 'f'.repeat(48) } })).status).toBe(401);
    const res = await fetch(url, { headers: { 'x-airlock-token': host.token } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('filename="people-v1.csv"');
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await res.text()).toBe(csv);
    expect((await fetch(url, { headers: { 'x-airlock-token': host.token } })).status).toBe(404);

    const entry = (await data<{ action: string; details: Record<string, unknown> }[]>('audit.list', { limit: 20 })).find((e) => e.action === 'dataset.export');
    expect(entry?.details).toMatchObject({ dataset: 'people', version: 1, rows: 2, destination: 'people-v1.csv', sha256: job.result.sha256 });
  });

  it('refuses an MLflow export as a download with a message naming the desktop app and the command line', async () => {
    const answer = await call('mlflow.export', { target: { kind: 'download' } });
    expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(JSON.stringify(answer)).toMatch(/desktop app.*airlock mlflow export/);
  });
});

describe('an mlruns folder in browser mode', () => {
  const T0 = 1_700_000_000_000;
  const RUN = 'cd'.repeat(16);
  const run = `mlruns/0/${RUN}`;
  const mlrunsZip = (extra: ZipEntrySpec[] = []): Buffer => {
    const file = path.join(tempDir(), 'mlruns.zip');
    writeZip(file, [
      { name: 'mlruns/0/meta.yaml', data: `artifact_location: file:///somewhere/0\ncreation_time: ${T0}\nexperiment_id: '0'\nlifecycle_stage: active\nname: Zipped\n` },
      { name: `${run}/meta.yaml`, data: `artifact_uri: file:///somewhere/0/${RUN}/artifacts\nend_time: ${T0 + 1000}\nexperiment_id: '0'\nlifecycle_stage: active\nrun_id: ${RUN}\nrun_name: zipped\nrun_uuid: ${RUN}\nstart_time: ${T0}\nstatus: 3\nuser_id: ada\n` },
      { name: `${run}/params/lr`, data: '0.1' },
      { name: `${run}/metrics/loss`, data: `${T0} 0.5 0\n` },
      { name: `${run}/artifacts/`, mode: 0o040755 },
      ...extra,
    ]);
    return fs.readFileSync(file);
  };
  const uploadZip = async (bytes: Buffer): Promise<string> => {
    const res = await fetch(`${base}/api/upload?name=mlruns.zip`, { method: 'POST', headers: { 'x-airlock-token': host.token }, body: new Uint8Array(bytes) });
    return ((await res.json()) as { data: { uploadId: string } }).data.uploadId;
  };
  const staged = () => fs.readdirSync(path.join(app.dataDir, 'staged-folders'));

  it('imports from an uploaded .zip of the folder, and removes the unpacked copy when the job ends', async () => {
    await data('projects.create', { location: { kind: 'root', root: 0, name: 'mlflow-zip' } });
    const { jobId } = await data<{ jobId: string }>('mlflow.import', { source: { kind: 'upload', uploadId: await uploadZip(mlrunsZip()) } });
    const job = await data<{ state: string; result: { runs: number } }>('jobs.wait', { id: jobId, timeoutMs: 60_000 });
    expect(job).toMatchObject({ state: 'succeeded', result: { runs: 1 } });
    expect(await data<{ name: string }[]>('experiments.list', {})).toEqual([expect.objectContaining({ name: 'Zipped', runs: 1 })]);
    expect(staged()).toEqual([]);
  });

  it('refuses a .zip holding a link, in one line naming the entry, and imports nothing', async () => {
    await data('projects.create', { location: { kind: 'root', root: 0, name: 'mlflow-link' } });
    const answer = await call('mlflow.import', { source: { kind: 'upload', uploadId: await uploadZip(mlrunsZip([{ name: `${run}/artifacts/secrets`, data: '/home', mode: 0o120777 }])) } });
    expect(answer).toMatchObject({ ok: false, error: { code: 'ARCHIVE_REFUSED' } });
    expect(JSON.stringify(answer)).toContain('is a symbolic link');
    expect(await data('experiments.list', {})).toEqual([]);
    expect(staged()).toEqual([]);
  });
});
