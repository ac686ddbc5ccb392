// Browser-mode host: the API over loopback HTTP with a per-launch token, events over SSE, uploads, and the built renderer.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { CallResult, Channel, ImportSource } from '../../shared/api';
import { fail, toAppError, type AppError } from '../../shared/errors';
import type { Workbench } from '../app';
import type { HandlerContext } from '../handler-types';
import { dispatch } from './dispatch';
import { serveStatic } from './static-files';
import { Uploads } from './uploads';

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const MAX_CALL_BODY = 1024 * 1024;

export interface HttpHostOptions {
  app: Workbench;
  /** folder with the built renderer (index.html) */
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface HttpHost {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const { app } = options;
  const token = options.token ?? randomBytes(24).toString('hex');
  const rendererDir = path.resolve(options.rendererDir);
  const uploads = new Uploads(path.join(app.dataDir, 'uploads'));
  const ctx: HandlerContext = {
    app,
    host: 'browser',
    resolveSource: (source: ImportSource) => {
      if (source.kind === 'path') fail('UNAUTHORIZED', 'Browser mode imports only files you upload, never a path on this machine.', { hint: 'Choose the file with the Import button.' });
      return uploads.resolve(source.uploadId);
    },
  };
  const streams = new Set<ServerResponse>();
  const unlisten = app.events.listen((e) => {
    const line = `data: ${JSON.stringify(e)}\n\n`;
    for (const res of streams) res.write(line);
  });

  let port = 0;
  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => sendResult(res, 500, { ok: false, error: toAppError(e) }));
  });

  const authorized = (req: IncomingMessage, url: URL): boolean => {
    const given = (req.headers['x-airlock-token'] as string | undefined) ?? url.searchParams.get('token') ?? '';
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Only our own origin may talk to us: a page elsewhere that resolves a name to 127.0.0.1 is refused.
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      res.writeHead(421).end();
      return;
    }
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
      res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('referrer-policy', 'no-referrer');
      if (!serveStatic(rendererDir, url.pathname, res)) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (!authorized(req, url)) {
      sendResult(res, 401, { ok: false, error: { code: 'UNAUTHORIZED', message: 'Missing or wrong token for this Airlock session.', hint: 'Open the URL printed when Airlock started.' } });
      return;
    }
    if (url.pathname === '/api/events' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (req.method !== 'POST') return void sendResult(res, 405, { ok: false, error: { code: 'BAD_INPUT', message: `${req.method} is not allowed here` } });
    if (url.pathname === '/api/upload') {
      const name = url.searchParams.get('name');
      if (!name) return void sendResult(res, 400, { ok: false, error: { code: 'BAD_INPUT', message: 'An upload needs ?name=<file name>.', where: { field: 'name' } } });
      const uploadId = await uploads.stage(req, name);
      return void sendResult(res, 200, { ok: true, data: { uploadId } });
    }
    const match = /^\/api\/call\/([a-zA-Z.]+)$/.exec(url.pathname);
    if (!match) return void sendResult(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: `No API route ${url.pathname}` } });
    const body = await readBody(req);
    if (!body.ok) return void sendResult(res, 400, { ok: false, error: body.error });
    const result = await dispatch(match[1], body.value, ctx);
    sendResult(res, result.ok ? 200 : statusFor(result.error), result);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    close: async () => {
      unlisten();
      for (const s of streams) s.end();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function statusFor(error: AppError): number {
  if (error.code === 'UNAUTHORIZED') return 403;
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
