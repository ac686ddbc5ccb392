import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workbench } from '../app';
import { startBrowserHost, stopBrowserHost } from '../test-support/browser-host';
import { tempDir } from '../test-support/temp-project';
import type { HttpHost } from './http';

let host: HttpHost;
let app: Workbench;
let base: string;
/** the workspace root the host is started with: the window creates projects inside it by name */
let workspace: string;

beforeAll(async () => {
  workspace = tempDir();
  ({ app, host, base } = await startBrowserHost({ workspaceRoots: [workspace] }));
});
afterAll(() => stopBrowserHost({ app, host }));

const call = (channel: string, body: unknown, token: string | null = host.token) =>
  fetch(`${base}/api/call/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { 'x-airlock-token': token } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('browser-mode HTTP host', () => {
  it('listens on 127.0.0.1 only', async () => {
    expect(host.origin).toBe(`http://127.0.0.1:${host.port}/`);
    // bound to every interface (::), the same port would also answer on ::1
    const refused = await new Promise<string | undefined>((resolve) => {
      const socket = net.connect(host.port, '::1');
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code));
    });
    expect(refused).toMatch(/^(ECONNREFUSED|EADDRNOTAVAIL|ENETUNREACH)$/);
  });

  it('refuses API calls without the per-launch token', async () => {
    const res = await call('app.info', {}, null);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect((await call('app.info', {}, 'f'.repeat(48))).status).toBe(401);
  });

  it('answers a valid call with data', async () => {
    const res = await call('app.info', {});
    expect(await res.json()).toEqual({ ok: true, data: { version: 'test', host: 'browser', project: null } });
  });

  it('answers malformed input with a typed BAD_INPUT error naming the field', async () => {
    const res = await call('datasets.rows', { dataset: 'x', version: 'one', offset: -1, limit: 10 });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { ok: false; error: { code: string; message: string; where?: { field?: string } } };
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('BAD_INPUT');
    expect(body.error.where?.field).toBe('version');
    expect(body.error.message).toMatch(/offset/);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers a body that is not JSON, an unknown call and unknown fields with typed errors', async () => {
    expect(await (await call('app.info', '{nope')).json()).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await (await call('no.such', {})).json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await (await call('app.info', { extra: 1 })).json()).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('refuses an import by server path in browser mode', async () => {
    await call('projects.create', { location: { kind: 'root', root: 0, name: 'p' } });
    const res = await call('datasets.import', { source: { kind: 'path', path: '/etc/passwd' }, name: 'x' });
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('stages an upload and hands back an id', async () => {
    const res = await fetch(`${base}/api/upload?name=a.csv`, { method: 'POST', headers: { 'x-airlock-token': host.token }, body: 'a,b\n1,2\n' });
    expect(await res.json()).toMatchObject({ ok: true, data: { uploadId: expect.stringMatching(/^[a-f0-9]{32}$/) } });
  });

  it('refuses requests whose Host header is not its own loopback origin', async () => {
    const http = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      http.get({ host: '127.0.0.1', port: host.port, path: '/', headers: { host: 'evil.example:80' } }, (res) => resolve(res.statusCode ?? 0));
    });
    expect(status).toBe(421);
  });

  it('serves the renderer with a strict Content-Security-Policy and never outside its folder', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await fetch(`${base}/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });

  it('pushes events over SSE to token holders', async () => {
    const controller = new AbortController();
    const res = await fetch(`${base}/api/events`, { headers: { 'x-airlock-token': host.token }, signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read(); // the ': connected' comment
    const dir = path.join(workspace, 'p2');
    await call('projects.create', { location: { kind: 'root', root: 0, name: 'p2' } });
    let text = '';
    while (!text.includes('project.changed')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain(`"path":${JSON.stringify(dir)}`);
    controller.abort();
  });
});
