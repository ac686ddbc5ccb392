// Browser-mode host: the API over loopback HTTP with a per-launch token, events over SSE, uploads, and the built renderer.
// The browser gets the token as an HttpOnly cookie in exchange for a one-time launch code (launch-codes.ts).
import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import type { CallResult, Channel } from '../../shared/api';
import { isEndedState } from '../../shared/domain';
import { toAppError, type AppError } from '../../shared/errors';
import type { Workbench } from '../app';
import type { HandlerContext } from '../handler-types';
import { WorkspaceRoots } from '../projects/workspace-roots';
import { dispatch } from './dispatch';
import { Downloads } from './downloads';
import { LaunchCodes, RELAUNCH_SIGNAL } from './launch-codes';
import { credentialOf, originAllowed, sessionCookie } from './request-auth';
import { windowPathResolvers } from './path-refs';
import { StagedFolders } from './staged-folders';
import { serveStatic } from './static-files';
import { Uploads, type UploadLimits } from './uploads';

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const MAX_CALL_BODY = 1024 * 1024;
/** each open window holds one event stream; a few windows are normal, hundreds are an attack on our file descriptors */
const MAX_EVENT_STREAMS = 8;
/** a client must finish its request headers this fast, so a half-sent request cannot hold a socket */
const HEADERS_TIMEOUT_MS = 10_000;
/** a client that stops sending a request body for this long is dropped */
const BODY_IDLE_MS = 60_000;
/** on close, requests already being answered get this long before their connections are cut */
const SHUTDOWN_GRACE_MS = 2_000;

export interface HttpHostOptions {
  app: Workbench;
  /** folder with the built renderer (index.html) */
  rendererDir: string;
  port?: number;
  token?: string;
  /** upload caps; tests set a small maxBytes (serve reads AIRLOCK_MAX_UPLOAD_BYTES) */
  uploadLimits?: Partial<UploadLimits>;
  /** folders the window may create and open projects in (`airlock serve --workspace DIR`) */
  workspaceRoots?: string[];
}

export interface HttpHost {
  /** http://127.0.0.1:PORT/ : opens nothing by itself, a browser needs launchUrl() first */
  origin: string;
  token: string;
  port: number;
  /** a fresh one-time URL (/?launch=CODE) that signs one browser in, once, within a minute */
  launchUrl(): string;
  /** stops listening, ends event streams and cuts every connection still open after a short grace */
  close(): Promise<void>;
}

export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const { app } = options;
  const token = options.token ?? randomBytes(24).toString('hex');
  const rendererDir = path.resolve(options.rendererDir);
  const uploads = new Uploads(path.join(app.dataDir, 'uploads'), options.uploadLimits);
  const launchCodes = new LaunchCodes();
  const downloads = new Downloads(path.join(app.dataDir, 'downloads'));
  const roots = new WorkspaceRoots(options.workspaceRoots ?? []);
  const stagedFolders = new StagedFolders(path.join(app.dataDir, 'staged-folders'));
  // the path policy: uploads in, downloads out, projects from the workspace roots; never a path from the window
  const ctx: HandlerContext = { app, host: 'browser', ...windowPathResolvers({ uploads, roots, recent: () => app.recent(), downloads, stagedFolders }) };
  const streams = new Set<ServerResponse>();
  const unlisten = app.events.listen((e) => {
    const line = `data: ${JSON.stringify(e)}\n\n`;
    for (const res of streams) res.write(line);
    if (e.event === 'job.updated' && isEndedState(e.payload.state)) {
      uploads.jobEnded(e.payload.id);
      stagedFolders.jobEnded(e.payload.id);
    }
  });

  let port = 0;
  const server = http.createServer({ headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: 0, connectionsCheckingInterval: 1_000 }, (req, res) => {
    handle(req, res).catch((e: unknown) => sendResult(res, 500, { ok: false, error: toAppError(e) }));
  });
  // every socket, so close() can cut the ones a client keeps open (idle keep-alive, half-sent requests, streams)
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Only our own origin may talk to us: a page elsewhere that resolves a name to 127.0.0.1 is refused.
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      res.writeHead(421).end();
      return;
    }
    const url = new URL(req.url ?? '/', `http://${host}`);
    const credential = credentialOf(req.headers, port, token);
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
      res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('referrer-policy', 'no-referrer');
      const code = url.searchParams.get('launch');
      if (url.pathname === '/' && code !== null) return void exchangeLaunchCode(res, code, credential !== null);
      if (!serveStatic(rendererDir, url.pathname, res)) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (!credential) {
      sendResult(res, 401, { ok: false, error: { code: 'UNAUTHORIZED', message: 'Missing or wrong token for this Airlock session.', hint: 'Open a launch URL printed by `airlock serve`.' } });
      return;
    }
    // A page on another origin cannot read our cookie, but its browser would attach it (and run the request) anyway.
    if (!originAllowed(req.headers.origin, port, credential, req.method !== 'GET' && req.method !== 'HEAD')) {
      sendResult(res, 403, { ok: false, error: { code: 'UNAUTHORIZED', message: `Requests from ${req.headers.origin ?? 'a page with no Origin'} are refused: only this Airlock window may call it.` } });
      return;
    }
    if (url.pathname === '/api/events' && req.method === 'GET') {
      if (streams.size >= MAX_EVENT_STREAMS) {
        sendResult(res, 429, { ok: false, error: { code: 'HOST_BUSY', message: `${MAX_EVENT_STREAMS} event streams are already open.`, hint: 'Close other Airlock tabs, then reload this one.' } });
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      // the response's own close: the client went away, or close() ended the stream
      res.once('close', () => streams.delete(res));
      return;
    }
    const download = /^\/api\/download\/([a-f0-9]{32})$/.exec(url.pathname);
    if (download && req.method === 'GET') {
      if (!(await downloads.send(download[1], res))) sendResult(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: 'No such download: it was fetched already, or its export has not finished.' } });
      return;
    }
    if (req.method !== 'POST') return void sendResult(res, 405, { ok: false, error: { code: 'BAD_INPUT', message: `${req.method} is not allowed here` } });
    if (url.pathname === '/api/upload') {
      const name = url.searchParams.get('name');
      if (!name) return void sendResult(res, 400, { ok: false, error: { code: 'BAD_INPUT', message: 'An upload needs ?name=<file name>.', where: { field: 'name' } } });
      const declared = req.headers['content-length'];
      try {
        req.socket.setTimeout(BODY_IDLE_MS);
        const uploadId = await uploads.stage(req, name, declared === undefined ? undefined : Number(declared));
        return void sendResult(res, 200, { ok: true, data: { uploadId } });
      } catch (e) {
        // the client may still be sending the rest of a refused body: answer, then hang up instead of reading it
        const error = toAppError(e);
        res.setHeader('connection', 'close');
        return void sendResult(res, statusFor(error), { ok: false, error });
      } finally {
        req.socket.setTimeout(0);
      }
    }
    const match = /^\/api\/call\/([a-zA-Z.]+)$/.exec(url.pathname);
    if (!match) return void sendResult(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: `No API route ${url.pathname}` } });
    req.socket.setTimeout(BODY_IDLE_MS);
    const body = await readBody(req);
    // the body is in; the call itself (a sample project, a long wait) may take as long as it needs
    req.socket.setTimeout(0);
    if (!body.ok) return void sendResult(res, 400, { ok: false, error: body.error });
    const result = await dispatch(match[1], body.value, ctx);
    sendResult(res, result.ok ? 200 : statusFor(result.error), result);
  }

  /** Spends a launch code for the session cookie and sends the browser on to /, so the code leaves the address bar. */
  function exchangeLaunchCode(res: ServerResponse, code: string, signedIn: boolean): void {
    // a browser that already holds the cookie (the printed URL opened again) keeps its session and spends nothing
    if (signedIn || launchCodes.redeem(code)) {
      const headers: OutgoingHttpHeaders = { location: '/', 'cache-control': 'no-store' };
      if (!signedIn) headers['set-cookie'] = sessionCookie(port, token);
      res.writeHead(303, headers).end();
      return;
    }
    res.writeHead(403, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(usedLaunchPage(process.pid));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}/`;
  return {
    origin,
    token,
    port,
    launchUrl: () => `${origin}?launch=${launchCodes.issue()}`,
    close: async () => {
      unlisten();
      const closed = new Promise<void>((r) => server.close(() => r()));
      for (const s of streams) s.end();
      server.closeIdleConnections();
      await Promise.race([closed, new Promise((r) => setTimeout(r, SHUTDOWN_GRACE_MS).unref())]);
      for (const socket of sockets) socket.destroy();
      await closed;
      uploads.dispose();
      stagedFolders.dispose();
    },
  };
}

function usedLaunchPage(pid: number): string {
  return `<!doctype html><meta charset="utf-8"><title>Airlock: launch link used</title>
<h1>This launch link no longer works</h1>
<p>An Airlock launch link signs in one browser, once, within a minute of being printed. This one was already used or has expired.</p>
<p>On the machine running <code>airlock serve</code>, print a fresh link with <code>kill -${RELAUNCH_SIGNAL.slice(3)} ${pid}</code>, or restart <code>airlock serve</code>.</p>
`;
}

function statusFor(error: AppError): number {
  if (error.code === 'UNAUTHORIZED') return 403;
  if (error.code === 'UPLOAD_TOO_LARGE') return 413;
  if (error.code === 'HOST_BUSY') return 429;
  if (error.code === 'NOT_FOUND') return 404;
  if (error.code === 'INTERNAL') return 500;
  return 400;
}

function sendResult(res: ServerResponse, status: number, result: CallResult<Channel> | { ok: true; data: unknown }): void {
  if (res.headersSent) return void res.end();
  const body = JSON.stringify(result);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; error: AppError }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_CALL_BODY) return { ok: false, error: { code: 'BAD_INPUT', message: 'Request body too large (over 1 MiB).' } };
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, error: { code: 'BAD_INPUT', message: `The request body is not JSON: ${(e as Error).message}` } };
  }
}
