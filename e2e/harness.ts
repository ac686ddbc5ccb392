// What every e2e spec shares: a fresh browser-mode server per spec, a Chromium page that records its network, screenshots.
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
export const screenshotDir = path.join(root, 'e2e', 'screenshots');

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--disable-breakpad',
  '--metrics-recording-only',
  '--no-first-run',
  '--no-default-browser-check',
  '--no-pings',
  // a name the page (or Chromium itself) tries to resolve goes nowhere; only loopback stays reachable
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `airlock-e2e-${prefix}-`));
}

/** a local user with an Ed25519 key, made by the CLI in a server's data folder, where approvals look for it */
export function createUser(dataDir: string, name: string, passphrase: string): void {
  execFileSync(process.execPath, ['bin/airlock.mjs', '--data-dir', dataDir, 'user', 'create', name], {
    cwd: root,
    env: { ...process.env, AIRLOCK_PASSPHRASE: passphrase },
    stdio: 'pipe',
  });
}

export interface Server {
  url: string;
  origin: string;
  dataDir: string;
  networkLog: string;
  stop(): Promise<void>;
}

/** Starts `airlock serve` with a fresh data dir and resolves once it printed its launch link (good for one browser). */
export async function startServer(options: { project?: string; workspace?: string; env?: Record<string, string> } = {}): Promise<Server> {
  const dataDir = tempDir('data');
  const networkLog = path.join(dataDir, 'network.log');
  const args = ['bin/airlock.mjs', '--data-dir', dataDir, 'serve', '--port', '0', '--no-open'];
  if (options.project) args.push('--project', options.project);
  // the folder the window may create projects in (it never sends a path)
  if (options.workspace) args.push('--workspace', options.workspace);
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, AIRLOCK_NETWORK_LOG: networkLog, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`airlock serve printed no URL in 60 s.\nstdout: ${out}\nstderr: ${stderr}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      // a one-time launch link: the browser that opens it first is signed in (by cookie); it opens nothing twice
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?launch=[0-9a-f]+/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`airlock serve exited (${code}) before listening.\nstderr: ${stderr}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    networkLog,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
  };
}

/** Every URL a page, frame or worker of the context asked for. */
export class NetworkRecorder {
  readonly urls: string[] = [];
  attach(context: BrowserContext): void {
    context.on('request', (r) => this.urls.push(r.url()));
    context.on('page', (page) => {
      page.on('websocket', (ws) => this.urls.push(ws.url()));
      page.on('worker', (worker) => this.urls.push(worker.url()));
    });
  }
  /** URLs that are neither the loopback server nor in-page data (data:, blob:, about:) */
  outbound(origin: string): string[] {
    return this.urls.filter((u) => !u.startsWith(`${origin}/`) && !/^(data|blob|about):/.test(u));
  }
}

export interface Session {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  network: NetworkRecorder;
  /**
   * Uncaught exceptions, crashes and console errors (CSP violations among them) the page reported. Any one fails the
   * spec at assertOffline() and again at close(); a spec that provokes one on purpose removes it after checking it.
   */
  pageErrors: string[];
  /** closes the browser, then fails if the page reported any error */
  close(): Promise<void>;
}

export async function openBrowser(url: string): Promise<Session> {
  const executablePath = process.env.AIRLOCK_CHROMIUM;
  assert.ok(executablePath, 'AIRLOCK_CHROMIUM is not set: run the specs through `node e2e/run.mjs`');
  const browser = await chromium.launch({ executablePath, headless: true, args: chromiumArgs });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const network = new NetworkRecorder();
  network.attach(context);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
  page.on('crash', () => pageErrors.push('crash: the page crashed'));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const source = m.location().url;
    // An API call answered 4xx is the app's typed-error path (the page shows the AppError), so Chromium's note about
    // it is expected; a 4xx or 5xx for anything else (a missing asset, a failing page route) is a bug like any other.
    const apiRefusal = /^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text()) && /^https?:\/\/[^/]+\/api\//.test(source);
    if (!apiRefusal) pageErrors.push(`console.error: ${m.text()}${source ? ` (${source})` : ''}`);
  });
  page.setDefaultTimeout(30_000);
  await page.goto(url);
  return {
    browser,
    context,
    page,
    network,
    pageErrors,
    async close() {
      await context.close();
      await browser.close();
      assert.deepEqual(pageErrors, [], 'the page reported uncaught errors or console errors');
    },
  };
}

/**
 * A fresh server and browser for one spec: started before its tests, stopped after them. Call it inside `describe`.
 * The getters hand out what `before` made, so tests read them only once running. With `workspace`, the window may
 * create projects there, `prepare` writes the spec's files into it first, and it is removed afterwards.
 */
export function liveApp(options: { workspace?: string; prepare?: () => void } = {}): { readonly server: Server; readonly session: Session } {
  let server: Server | undefined;
  let session: Session | undefined;
  before(async () => {
    options.prepare?.();
    server = await startServer({ workspace: options.workspace });
    session = await openBrowser(server.url);
  });
  after(async () => {
    await session?.close();
    await server?.stop();
    if (options.workspace) fs.rmSync(options.workspace, { recursive: true, force: true });
  });
  return {
    get server() {
      assert.ok(server, 'the server has not started');
      return server;
    },
    get session() {
      assert.ok(session, 'the browser has not started');
      return session;
    },
  };
}

/** Creates a project from the welcome page's workspace and waits until the window has it open. */
export async function createProject(page: Page, name: string): Promise<void> {
  await page.getByTestId('workspace-root').waitFor();
  await page.getByTestId('new-project-name').fill(name);
  await page.getByTestId('create-project').click();
  await waitForText(page.getByTestId('project-name'), new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
}

/** Imports a requirements file through the Requirements area's upload and waits for its one-line summary. */
export async function importRequirementsFile(page: Page, file: string, summary: RegExp): Promise<void> {
  await page.getByTestId('requirements-import-file').setInputFiles(file);
  await page.getByTestId('requirements-import-start').click();
  await waitForText(page.getByTestId('requirements-import-summary'), summary);
}

/** Saves a full-window screenshot under e2e/screenshots/<name>.png. */
export async function shot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Waits until the locator's text matches. */
export async function waitForText(locator: Locator, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = (await locator.first().textContent({ timeout: Math.max(1, deadline - Date.now()) }).catch(() => null)) ?? '';
    if (pattern.test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`text never matched ${pattern}; last seen: ${JSON.stringify(last)}`);
}

/**
 * The checks every spec ends with: no request left the machine, the server logged no outbound socket, and the page
 * reported no uncaught error and no console error (a CSP breach is one).
 */
export function assertOffline(session: Session, server: Server): void {
  assert.ok(session.network.urls.length > 0, 'the recorder saw no requests at all');
  assert.deepEqual(session.network.outbound(server.origin), [], 'requests to other origins than the loopback server');
  const log = fs.existsSync(server.networkLog) ? fs.readFileSync(server.networkLog, 'utf8') : '';
  assert.equal(log, '', 'the server logged outbound socket attempts');
  assert.deepEqual(session.pageErrors, [], 'uncaught page errors or console errors (CSP violations among them)');
}

/** mulberry32, the trainer's seeded generator: the same rows on every run */
export { mulberry32 as random } from '../src/main/training/splits';

/** A channel called from the page, as the window calls it (the session cookie rides along); a refusal throws. */
export async function call<T>(page: Page, channel: string, input: unknown): Promise<T> {
  const result = await page.evaluate(
    async ([c, i]) => {
      const response = await fetch(`/api/call/${c}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(i) });
      return (await response.json()) as { ok: boolean; data?: unknown; error?: { message: string } };
    },
    [channel, input] as const,
  );
  if (!result.ok) throw new Error(`${channel}: ${result.error?.message}`);
  return result.data as T;
}

/** Opens a Select and picks the first option named like `option`. */
export async function choose(page: Page, selectTestId: string, option: string | RegExp): Promise<void> {
  await page.getByTestId(selectTestId).click();
  await page.getByRole('option', { name: option }).first().click();
}

/** Polls `probe` every 100 ms until it returns a value, or throws what `failure` says once `timeoutMs` have passed. */
async function poll<T>(probe: () => Promise<T | undefined>, failure: () => string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(failure());
}

/** Waits until an input (a Select's among them: its options load later) reads like `pattern`. */
export async function waitForInput(page: Page, testId: string, pattern: RegExp, timeoutMs = 30_000): Promise<void> {
  await poll(async () => (pattern.test(await page.getByTestId(testId).inputValue()) ? true : undefined), () => `${testId} never read ${pattern}`, timeoutMs);
}

/** How many plotly traces (bars, lines, heatmaps) the chart has drawn. */
export function countTraces(page: Page, testId: string): Promise<number> {
  const chart = `[data-testid="${testId}"]`;
  return page.locator(`${chart} .scatterlayer .trace, ${chart} .barlayer .trace, ${chart} .heatmaplayer .hm`).count();
}

/** Waits until the chart has drawn at least `atLeast` traces; returns how many. */
export async function waitForTraces(page: Page, testId: string, atLeast: number, timeoutMs = 30_000): Promise<number> {
  let n = 0;
  return poll(
    async () => {
      n = await countTraces(page, testId);
      return n >= atLeast ? n : undefined;
    },
    () => `${testId} drew ${n} traces, expected at least ${atLeast}`,
    timeoutMs,
  );
}
