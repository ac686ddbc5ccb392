// Test support: tries every way Node opens a socket or resolves a name, from whatever process or thread runs it, and
// says what each call got. Off-machine targets are documentation addresses (192.0.2.0/24) and '.invalid' names only,
// and nothing is tried unless the net recorder is loaded underneath (so a broken guard still sends nothing).
import dgram from 'node:dgram';
import dns from 'node:dns';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { threadId } from 'node:worker_threads';
import type { NetworkProbeReport, NetworkProbeResult } from '../../shared/jobs';

type Done = (err?: unknown, answer?: string) => void;

interface Probe {
  api: string;
  /** what the call aims at; the recorder's and the guard's logs are searched for it */
  target: string;
  offMachine: boolean;
  attempt: (done: Done) => void;
}

/** Every probe waits at most this long for its API to answer; an answer that never comes is itself a finding. */
const ANSWER_MS = 5_000;

const udp4 = (use: (socket: dgram.Socket, done: Done) => void) => (done: Done) => {
  const socket = dgram.createSocket('udp4');
  const finish: Done = (err, answer) => {
    socket.close();
    done(err, answer);
  };
  socket.on('error', finish);
  use(socket, finish);
};

const onSocket = (socket: net.Socket, done: Done, event = 'connect'): void => {
  socket.on('error', done);
  socket.on(event, () => {
    socket.destroy();
    done(undefined, 'connected');
  });
};

const offMachine: Probe[] = [
  { api: 'new net.Socket().connect(port, host)', target: '192.0.2.1', offMachine: true, attempt: (d) => onSocket(new net.Socket().connect(80, '192.0.2.1'), d) },
  { api: 'net.connect(port, host)', target: '192.0.2.2', offMachine: true, attempt: (d) => onSocket(net.connect(80, '192.0.2.2'), d) },
  { api: 'new net.Socket().connect({host, port})', target: '192.0.2.15', offMachine: true, attempt: (d) => onSocket(new net.Socket().connect({ host: '192.0.2.15', port: 80 }), d) },
  // Node takes a port as a numeric string too; its type does not say so
  { api: "new net.Socket().connect('80', host)", target: '192.0.2.16', offMachine: true, attempt: (d) => onSocket(new net.Socket().connect('80' as unknown as number, '192.0.2.16'), d) },
  { api: 'net.connect(port, IPv4-mapped IPv6)', target: '::ffff:192.0.2.17', offMachine: true, attempt: (d) => onSocket(net.connect(80, '::ffff:192.0.2.17'), d) },
  { api: 'net.createConnection({host, port})', target: '192.0.2.3', offMachine: true, attempt: (d) => onSocket(net.createConnection({ host: '192.0.2.3', port: 80 }), d) },
  { api: 'net.connect({host: name})', target: 'connect.example.invalid', offMachine: true, attempt: (d) => onSocket(net.connect({ host: 'connect.example.invalid', port: 80 }), d) },
  {
    api: 'net.connect({host: localhost, lookup}) looked up off the machine',
    target: '192.0.2.14',
    offMachine: true,
    attempt: (d) => onSocket(net.connect({ host: 'localhost', port: 1, lookup: (_name, _options, cb) => cb(null, '192.0.2.14', 4) }), d),
  },
  {
    api: 'http.get',
    target: '192.0.2.4',
    offMachine: true,
    attempt: (d) => http.get('http://192.0.2.4/', (res) => (res.resume(), d(undefined, `HTTP ${res.statusCode}`))).on('error', d),
  },
  {
    api: 'https.get',
    target: '192.0.2.5',
    offMachine: true,
    attempt: (d) => https.get('https://192.0.2.5/', (res) => (res.resume(), d(undefined, `HTTP ${res.statusCode}`))).on('error', d),
  },
  { api: 'tls.connect', target: '192.0.2.6', offMachine: true, attempt: (d) => onSocket(tls.connect(443, '192.0.2.6', { servername: 'example.invalid' }), d, 'secureConnect') },
  {
    api: 'http2.connect',
    target: '192.0.2.7',
    offMachine: true,
    attempt: (d) => {
      const session = http2.connect('http://192.0.2.7:80');
      session.on('error', d);
      const request = session.request({ ':path': '/' });
      request.on('error', d);
      request.on('response', (headers) => (session.close(), d(undefined, `HTTP ${String(headers[':status'])}`)));
      request.end();
    },
  },
  { api: 'fetch', target: '192.0.2.8', offMachine: true, attempt: (d) => void fetch('http://192.0.2.8/').then((res) => d(undefined, `HTTP ${res.status}`), d) },
  { api: 'dgram.send', target: '192.0.2.9', offMachine: true, attempt: udp4((s, d) => s.send('probe', 53, '192.0.2.9', (err) => d(err, 'sent'))) },
  { api: 'dgram.connect', target: '192.0.2.10', offMachine: true, attempt: udp4((s, d) => s.connect(53, '192.0.2.10', (err?: Error) => d(err, 'connected'))) },
  {
    api: 'dgram.addMembership',
    target: '192.0.2.11',
    offMachine: true,
    attempt: udp4((s, d) => {
      s.addMembership('192.0.2.11');
      d(undefined, 'joined');
    }),
  },
  { api: 'dns.lookup', target: 'lookup.example.invalid', offMachine: true, attempt: (d) => dns.lookup('lookup.example.invalid', (err, address) => d(err, address)) },
  {
    api: 'dns.promises.lookup',
    target: 'promised.example.invalid',
    offMachine: true,
    attempt: (d) => void dns.promises.lookup('promised.example.invalid').then((a) => d(undefined, a.address), d),
  },
  { api: 'dns.lookupService', target: '192.0.2.12', offMachine: true, attempt: (d) => dns.lookupService('192.0.2.12', 80, (err, hostname) => d(err, hostname)) },
  { api: 'dns.resolve4', target: 'resolve.example.invalid', offMachine: true, attempt: (d) => dns.resolve4('resolve.example.invalid', (err, a) => d(err, a?.join(','))) },
  { api: 'dns.reverse', target: '192.0.2.13', offMachine: true, attempt: (d) => dns.reverse('192.0.2.13', (err, names) => d(err, names?.join(','))) },
  {
    api: 'new dns.Resolver().resolveTxt',
    target: 'txt.example.invalid',
    offMachine: true,
    attempt: (d) => new dns.Resolver().resolveTxt('txt.example.invalid', (err, records) => d(err, records?.join(','))),
  },
  {
    api: 'dns.promises.resolve',
    target: 'any.example.invalid',
    offMachine: true,
    attempt: (d) => void dns.promises.resolve('any.example.invalid', 'A').then((a) => d(undefined, a.join(',')), d),
  },
  {
    api: 'new dns.promises.Resolver().resolve6',
    target: 'six.example.invalid',
    offMachine: true,
    attempt: (d) => void new dns.promises.Resolver().resolve6('six.example.invalid').then((a) => d(undefined, a.join(',')), d),
  },
];

// What must still work (or reach the recorder): a guard that refuses everything fails on these.
const loopback = (ipcPath: string): Probe[] => [
  { api: 'net.connect(port, 127.0.0.1)', target: '127.0.0.1', offMachine: false, attempt: (d) => onSocket(net.connect(1, '127.0.0.1'), d) },
  { api: 'net.connect({host: ::1})', target: '::1', offMachine: false, attempt: (d) => onSocket(net.connect({ host: '::1', port: 1 }), d) },
  { api: 'net.connect({path})', target: ipcPath, offMachine: false, attempt: (d) => onSocket(net.connect({ path: ipcPath }), d) },
  { api: 'http.get(localhost)', target: 'localhost', offMachine: false, attempt: (d) => http.get('http://localhost:1/', (res) => (res.resume(), d(undefined, 'answered'))).on('error', d) },
  { api: 'dgram.send(127.0.0.1)', target: '127.0.0.1', offMachine: false, attempt: udp4((s, d) => s.send('probe', 1, '127.0.0.1', (err) => d(err, 'sent'))) },
  { api: 'dns.lookup(localhost)', target: 'localhost', offMachine: false, attempt: (d) => dns.lookup('localhost', { family: 4 }, (err, address) => d(err, address)) },
  {
    api: 'dns.promises.lookup(localhost)',
    target: 'localhost',
    offMachine: false,
    attempt: (d) => void dns.promises.lookup('localhost', { all: true }).then((all) => d(undefined, all.map((a) => a.address).join(',')), d),
  },
  {
    api: 'Resolver(127.0.0.1).resolve4(localhost)',
    target: 'localhost',
    offMachine: false,
    attempt: (d) => {
      const resolver = new dns.Resolver();
      resolver.setServers(['127.0.0.1']);
      resolver.resolve4('localhost', (err, a) => d(err, a?.join(',')));
    },
  },
];

/** The error code a caller sees, looking through fetch's wrapper ("fetch failed", cause: the socket's error). */
function codeOf(err: unknown): string {
  const code = (e: unknown): unknown => (typeof e === 'object' && e !== null ? Reflect.get(e, 'code') : undefined);
  const cause = typeof err === 'object' && err !== null ? Reflect.get(err, 'cause') : undefined;
  return String(code(err) ?? code(cause) ?? 'NO_CODE');
}

function messageOf(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
  return `${err instanceof Error ? err.message : String(err)}${cause}`;
}

function run(probe: Probe): Promise<NetworkProbeResult> {
  return new Promise((resolve) => {
    const base = { api: probe.api, target: probe.target, offMachine: probe.offMachine };
    const timer = setTimeout(() => resolve({ ...base, outcome: 'NO_ANSWER', message: `no answer in ${ANSWER_MS} ms` }), ANSWER_MS);
    let settled = false;
    const done: Done = (err, answer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(err ? { ...base, outcome: codeOf(err), message: messageOf(err) } : { ...base, outcome: 'ok', message: answer ?? '' });
    };
    try {
      probe.attempt(done);
    } catch (e) {
      done(e);
    }
  });
}

/** Runs every probe, one after another, in this process and thread. Refuses to start without the recorder. */
export async function tryEveryNetworkApi(): Promise<NetworkProbeReport> {
  if (Reflect.get(globalThis, Symbol.for('airlock.net-recorder')) !== true) {
    throw new Error(`net recorder not loaded in pid ${process.pid} thread ${threadId}: no probe aimed anywhere`);
  }
  const ipcPath = path.join(os.tmpdir(), `airlock-probe-${process.pid}-${threadId}.sock`);
  const results: NetworkProbeResult[] = [];
  for (const probe of [...offMachine, ...loopback(ipcPath)]) results.push(await run(probe));
  return { pid: process.pid, thread: threadId, results };
}
