import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workbench } from '../app';
import { startBrowserHost, stopBrowserHost } from '../test-support/browser-host';
import type { HttpHost } from './http';
import { LaunchCodes } from './launch-codes';

let host: HttpHost;
let app: Workbench;
let base: string;

beforeAll(async () => {
  ({ app, host, base } = await startBrowserHost());
});
afterAll(() => stopBrowserHost({ app, host }));

/** Follows a launch link the way a browser's first visit does, and returns the cookie it was handed. */
async function signIn(): Promise<string> {
  const res = await fetch(host.launchUrl(), { redirect: 'manual' });
  expect(res.status).toBe(303);
  const cookie = res.headers.get('set-cookie');
  expect(cookie).not.toBeNull();
  return cookie!.split(';')[0];
}

const own = () => base;

describe('browser-mode sign-in', () => {
  it('hands out launch links on 127.0.0.1 that carry a one-time code, never the token', () => {
    const link = host.launchUrl();
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?launch=[a-f0-9]{32}$/);
    expect(link).not.toContain(host.token);
    expect(host.launchUrl()).not.toBe(link);
  });

  it('exchanges a launch code for an HttpOnly, SameSite=Strict session cookie and sends the browser on to / without it', async () => {
    const res = await fetch(host.launchUrl(), { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toBe(`airlock-${host.port}=${host.token}; HttpOnly; SameSite=Strict; Path=/`);
    const call = await fetch(`${base}/api/call/app.info`, { method: 'POST', headers: { cookie: cookie.split(';')[0], origin: own() }, body: '{}' });
    expect(call.status).toBe(200);
    expect(await call.json()).toMatchObject({ ok: true, data: { host: 'browser' } });
  });

  it('refuses a launch code the second time, with a page that says how to get a fresh one', async () => {
    const link = host.launchUrl();
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(303);
    const again = await fetch(link, { redirect: 'manual' });
    expect(again.status).toBe(403);
    expect(again.headers.get('set-cookie')).toBeNull();
    const page = await again.text();
    expect(page).toMatch(/already used or has expired/);
    expect(page).toContain(`kill -USR2 ${process.pid}`);
    expect(page).not.toContain(host.token);
  });

  it('refuses a code it never issued', async () => {
    const res = await fetch(`${base}/?launch=${'0'.repeat(32)}`, { redirect: 'manual' });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('lets a browser that is already signed in open a spent link again without a new cookie', async () => {
    const cookie = await signIn();
    const link = host.launchUrl();
    await fetch(link, { redirect: 'manual' });
    const res = await fetch(link, { redirect: 'manual', headers: { cookie } });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('opens nothing with a launch code older than its lifetime', () => {
    let now = 1_000;
    const codes = new LaunchCodes({ ttlMs: 60_000, now: () => now });
    const late = codes.issue();
    now += 60_001;
    expect(codes.redeem(late)).toBe(false);
    const inTime = codes.issue();
    now += 59_000;
    expect(codes.redeem(inTime)).toBe(true);
    expect(codes.redeem(inTime)).toBe(false);
  });
});

describe('where the browser-mode host accepts its token', () => {
  it('refuses the token in the query string of an API call', async () => {
    const res = await fetch(`${base}/api/call/app.info?token=${host.token}`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('refuses the token in the query string of the event stream', async () => {
    const res = await fetch(`${base}/api/events?token=${host.token}`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/json/);
  });

  it('accepts the token from the x-airlock-token header or the session cookie, and a wrong cookie from neither', async () => {
    const byHeader = await fetch(`${base}/api/call/app.info`, { method: 'POST', headers: { 'x-airlock-token': host.token }, body: '{}' });
    expect(byHeader.status).toBe(200);
    const cookie = await signIn();
    const byCookie = await fetch(`${base}/api/call/app.info`, { method: 'POST', headers: { cookie, origin: own() }, body: '{}' });
    expect(byCookie.status).toBe(200);
    const forged = await fetch(`${base}/api/call/app.info`, { method: 'POST', headers: { cookie: `airlock-${host.port}=${'f'.repeat(48)}`, origin: own() }, body: '{}' });
    expect(forged.status).toBe(401);
    // a cookie another port's session set is not ours, even when it holds our token
    const otherPort = await fetch(`${base}/api/call/app.info`, { method: 'POST', headers: { cookie: `airlock-1=${host.token}`, origin: own() }, body: '{}' });
    expect(otherPort.status).toBe(401);
  });

  it('opens the event stream for the session cookie', async () => {
    const cookie = await signIn();
    const controller = new AbortController();
    const res = await fetch(`${base}/api/events`, { headers: { cookie, origin: own() }, signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    controller.abort();
  });
});

describe('the Origin check', () => {
  it('refuses a POST from another origin even with a valid token in the header', async () => {
    const res = await fetch(`${base}/api/call/app.info`, { method: 'POST', headers: { 'x-airlock-token': host.token, origin: 'http://evil.example' }, body: '{}' });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { ok: false; error: { code: string; message: string } };
    expect(body.error.code).toBe('UNAUTHORIZED');
    expect(body.error.message).toContain('http://evil.example');
  });

  it('refuses a POST from another origin that carries the session cookie', async () => {
    const cookie = await signIn();
    const res = await fetch(`${base}/api/call/app.info`, { method: 'POST', headers: { cookie, origin: 'http://evil.example' }, body: '{}' });
    expect(res.status).toBe(403);
  });

  it('refuses a cookie-borne POST with no Origin, since every browser sends one', async () => {
    const cookie = await signIn();
    const res = await fetch(`${base}/api/call/app.info`, { method: 'POST', headers: { cookie }, body: '{}' });
    expect(res.status).toBe(403);
  });

  it('refuses a cross-origin upload before storing a byte', async () => {
    const res = await fetch(`${base}/api/upload?name=a.csv`, { method: 'POST', headers: { 'x-airlock-token': host.token, origin: 'http://127.0.0.1:1' }, body: 'a\n1\n' });
    expect(res.status).toBe(403);
    expect(fs.existsSync(path.join(app.dataDir, 'uploads')) ? fs.readdirSync(path.join(app.dataDir, 'uploads')) : []).toEqual([]);
  });

  it('refuses an event stream opened from another origin', async () => {
    const cookie = await signIn();
    const res = await fetch(`${base}/api/events`, { headers: { cookie, origin: 'http://evil.example' } });
    expect(res.status).toBe(403);
  });

  it('accepts both of its own origins, http://127.0.0.1:PORT and http://localhost:PORT', async () => {
    const cookie = await signIn();
    for (const origin of [`http://127.0.0.1:${host.port}`, `http://localhost:${host.port}`]) {
      const res = await fetch(`${base}/api/call/app.info`, { method: 'POST', headers: { cookie, origin }, body: '{}' });
      expect(res.status).toBe(200);
    }
  });
});

describe('event stream cap', () => {
  it('refuses the ninth concurrent event stream with 429, and takes a new one once another closed', async () => {
    const open: AbortController[] = [];
    // held until the end: undici cancels the body of a Response that is garbage-collected, which would close its stream
    const held: Response[] = [];
    try {
      for (let i = 0; i < 8; i++) {
        const controller = new AbortController();
        open.push(controller);
        const res = await fetch(`${base}/api/events`, { headers: { 'x-airlock-token': host.token }, signal: controller.signal });
        expect(res.status).toBe(200);
        held.push(res);
      }
      const ninth = await fetch(`${base}/api/events`, { headers: { 'x-airlock-token': host.token } });
      expect(ninth.status).toBe(429);
      expect(await ninth.json()).toMatchObject({ ok: false, error: { code: 'HOST_BUSY' } });

      open.pop()!.abort();
      // the server learns of the closed stream asynchronously
      let status = 0;
      for (let tries = 0; tries < 50 && status !== 200; tries++) {
        await new Promise((r) => setTimeout(r, 20));
        const controller = new AbortController();
        const res = await fetch(`${base}/api/events`, { headers: { 'x-airlock-token': host.token }, signal: controller.signal });
        status = res.status;
        if (status === 200) open.push(controller);
      }
      expect(status).toBe(200);
    } finally {
      await Promise.allSettled(held.map((r) => r.body?.cancel()));
      for (const c of open) c.abort();
    }
  });
});
