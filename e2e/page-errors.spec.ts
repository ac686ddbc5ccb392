// The harness itself: a page that throws, logs a console error or misses an asset fails its spec; an API refusal does not.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { openBrowser } from './harness';

const PAGES: Record<string, string> = {
  '/clean': '<p>fine</p>',
  '/throws': "<script>setTimeout(() => { throw new Error('uncaught boom'); });</script>",
  '/rejects': "<script>Promise.reject(new Error('unhandled rejection boom'));</script>",
  '/logs': "<script>console.error('logged boom');</script>",
  '/missing-asset': '<img src="/no-such-image.png">',
  '/api-refusal': "<script>fetch('/api/call/app.info', { method: 'POST', body: '{}' }).then(() => (document.title = 'answered'));</script>",
};

let server: http.Server;
let origin: string;

before(async () => {
  server = http.createServer((req, res) => {
    if (req.url?.startsWith('/api/')) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"ok":false,"error":{"code":"UNAUTHORIZED","message":"no token"}}');
      return;
    }
    const body = PAGES[req.url ?? ''];
    if (body === undefined) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>t</title><link rel="icon" href="data:,">${body}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Opens the page, lets its scripts and requests settle, and returns what the session recorded and how close() ended. */
async function visit(path: string): Promise<{ errors: string[]; closed: Error | null }> {
  const session = await openBrowser(`${origin}${path}`);
  await session.page.waitForLoadState('networkidle');
  await session.page.waitForTimeout(200);
  const errors = [...session.pageErrors];
  const closed = await session.close().then(
    () => null,
    (e: Error) => e,
  );
  return { errors, closed };
}

describe('page errors fail a spec', () => {
  test('a clean page closes without complaint', async () => {
    assert.deepEqual(await visit('/clean'), { errors: [], closed: null });
  });

  for (const [path, expected] of [
    ['/throws', /^pageerror: uncaught boom/],
    ['/rejects', /^pageerror: unhandled rejection boom/],
    ['/logs', /^console\.error: logged boom/],
    ['/missing-asset', /^console\.error: Failed to load resource: .*404.*no-such-image\.png/],
  ] as const) {
    test(`${path}: the error is recorded and close() fails the spec`, async () => {
      const { errors, closed } = await visit(path);
      assert.equal(errors.length, 1, JSON.stringify(errors));
      assert.match(errors[0], expected);
      assert.match(String(closed?.message), /the page reported uncaught errors or console errors/);
    });
  }

  test('an API call the server refuses with 4xx is the app\'s typed-error path, not a page error', async () => {
    assert.deepEqual(await visit('/api-refusal'), { errors: [], closed: null });
  });
});
