import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workbench } from '../app';
import { startBrowserHost, stopBrowserHost } from '../test-support/browser-host';
import type { HttpHost } from './http';

let host: HttpHost;
let app: Workbench;

beforeAll(async () => {
  ({ app, host } = await startBrowserHost());
});
afterAll(() => stopBrowserHost({ app, host }));

describe('browser-mode host timeouts', () => {
  it('drops a client that has not finished its request headers after about 10 s, while the server keeps running', async () => {
    const socket = net.connect(host.port, '127.0.0.1');
    socket.on('error', () => {});
    await new Promise((resolve) => socket.once('connect', resolve));
    const t0 = Date.now();
    socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nX-Half`);
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    const closedAfter = await Promise.race([
      new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - t0))),
      new Promise<number>((resolve) => setTimeout(() => resolve(Infinity), 20_000)),
    ]);
    socket.destroy();
    expect(closedAfter).toBeGreaterThanOrEqual(9_000);
    expect(closedAfter).toBeLessThan(13_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect((await fetch(`${host.origin}`)).status).toBe(200);
  }, 30_000);
});
