// Offline by construction: refuses, and logs, every connection, listening socket and name lookup that this process or
// worker thread would open towards another machine; loopback and local IPC stay usable.
import dgram from 'node:dgram';
import dns from 'node:dns';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { threadId } from 'node:worker_threads';
import { AppFailure } from '../../shared/errors';

export interface GuardOptions {
  /**
   * File that gets one line per refused attempt; defaults to AIRLOCK_NETWORK_LOG, else stderr. Setting it also sets
   * AIRLOCK_NETWORK_LOG, so worker threads and child processes started afterwards log to the same file.
   */
  logFile?: string;
}

/** What every refused call fails with: a Node-style error (`code`) that is also an AppError at a host boundary. */
export class NetworkRefused extends AppFailure {
  readonly code = 'NETWORK_REFUSED';
  constructor(
    readonly api: string,
    readonly target: string,
  ) {
    super({
      code: 'NETWORK_REFUSED',
      message: `Airlock is offline: refused ${api} to ${target}; only this machine (loopback) is reachable.`,
    });
    this.name = 'NetworkRefused';
  }
}

const loopback = new net.BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** 'localhost', 127.0.0.0/8, ::1 and their IPv4-mapped forms (::ffff:127.x.y.z); nothing else, no other spelling. */
export function isLoopbackHost(host: unknown): boolean {
  if (typeof host !== 'string') return false;
  if (host.toLowerCase() === 'localhost') return true;
  const family = net.isIP(host);
  return family !== 0 && loopback.check(host, family === 6 ? 'ipv6' : 'ipv4');
}

// Install marks live on the patched objects themselves: each worker thread has its own copies of the builtins, so
// a mark there is per thread, and two copies of this module (bundle and source) still install only once.
const INSTALLED = Symbol.for('airlock.network-guard');
let logFile: string | undefined;

/**
 * Installs the guard in this process or worker thread (again: only changes where refusals are logged). Loopback
 * and local IPC paths stay reachable; any other TCP/TLS/HTTP/HTTP2/fetch connection, server listening beyond
 * loopback, UDP send/connect/multicast membership, and DNS lookup or query fails the way that API fails, with a
 * NetworkRefused error.
 */
export function guardNetwork(options: GuardOptions = {}): void {
  if (options.logFile) {
    fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
    process.env.AIRLOCK_NETWORK_LOG = options.logFile;
  }
  logFile = process.env.AIRLOCK_NETWORK_LOG || undefined;
  const proto: object = net.Socket.prototype;
  if (Object.hasOwn(proto, INSTALLED)) return;
  Object.defineProperty(proto, INSTALLED, { value: true });
  guardSockets();
  guardListeners();
  guardDatagrams();
  guardLookups();
  guardResolvers();
  // ESM `import { lookup } from 'node:dns'` bindings only see the new functions after this.
  syncBuiltinESMExports();
}

function refuse(api: string, target: string): NetworkRefused {
  const err = new NetworkRefused(api, printable(target));
  const line = `${new Date().toISOString()} pid=${process.pid} thread=${threadId} refused ${api} ${err.target}\n`;
  try {
    if (logFile) fs.appendFileSync(logFile, line);
    else process.stderr.write(line);
  } catch (e) {
    process.stderr.write(`network log ${printable(logFile ?? '')} unwritable (${printable(String(e))}): ${line}`);
  }
  return err;
}

/** One line whatever a caller put in a host name: control characters escaped, length capped. */
function printable(text: string): string {
  const escaped = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > 200 ? `${escaped.slice(0, 200)}...` : escaped;
}

function hostPort(host: unknown, port: unknown): string {
  const h = String(host);
  return `${net.isIPv6(h) ? `[${h}]` : h}:${String(port)}`;
}

type Callback = (err: Error | null, ...results: unknown[]) => void;

function lastCallback(args: unknown[]): Callback | undefined {
  const last = args.at(-1);
  return typeof last === 'function' ? (last as Callback) : undefined;
}

// ---- TCP, TLS, HTTP(S), HTTP/2 and fetch: they all end in net.Socket.prototype.connect ------------------------

interface ConnectOptions {
  host?: unknown;
  port?: unknown;
  path?: unknown;
  lookup?: unknown;
}

/**
 * Node's own reading of connect's arguments (net.js normalizeArgs). net.connect() and createConnection() pass ONE
 * array [options, cb], tagged with an internal symbol; Node reads an untagged array as the options object itself.
 * Both readings of an array are returned and both are checked, so no tag can hide a target.
 */
function connectOptions(args: unknown[]): ConnectOptions[] {
  const [first, second] = args;
  if (Array.isArray(first)) return [typeof first[0] === 'object' && first[0] !== null ? first[0] : {}, first];
  if (typeof first === 'object' && first !== null) return [first];
  if (typeof first === 'string' && !(Number(first) >= 0)) return [{ path: first }];
  return [{ port: first, host: typeof second === 'string' ? second : undefined }];
}

/** Where a connect goes when it is not a local IPC path: Node's default host is localhost. */
const hostOf = (options: ConnectOptions): unknown => (options.path ? null : options.host || 'localhost');

function guardSockets(): void {
  const proto = net.Socket.prototype;
  const original = proto.connect;
  proto.connect = function guardedConnect(this: net.Socket, ...args: unknown[]): net.Socket {
    const readings = connectOptions(args);
    const refused = readings.find((o) => hostOf(o) !== null && !isLoopbackHost(hostOf(o)));
    if (refused) {
      const err = refuse(this instanceof tls.TLSSocket ? 'tls.connect' : 'net.connect', hostPort(hostOf(refused), refused.port));
      // As when Node's own lookup fails: the socket is connecting (writes queue), then is destroyed with the error.
      Reflect.set(this, 'connecting', true); // typed read-only, but Node's own connect() sets it just so
      process.nextTick(() => this.destroy(err));
      return this;
    }
    // 'localhost' goes through a lookup; a caller's own lookup function must not map it anywhere else.
    const options = readings[0];
    const host = hostOf(options);
    if (host !== null && typeof options.lookup === 'function' && !net.isIP(String(host))) {
      const checked: ConnectOptions = Object.create(options);
      checked.lookup = loopbackOnlyLookup(options.lookup as LookupFunction, hostPort(host, options.port));
      return Reflect.apply(original, this, [checked, ...(Array.isArray(args[0]) ? args[0].slice(1) : args.slice(1))]);
    }
    return Reflect.apply(original, this, args);
  } as typeof proto.connect;
}

type LookupFunction = (host: string, options: unknown, cb: Callback) => void;

function loopbackOnlyLookup(lookup: LookupFunction, target: string): LookupFunction {
  return (name, options, cb) =>
    lookup(name, options, (err, address, family) => {
      if (err) return cb(err);
      const answers = Array.isArray(address) ? address.map((a) => field(a, 'address')) : [address];
      const off = answers.find((a) => !isLoopbackHost(a));
      if (off !== undefined) return cb(refuse('net.connect', `${target} looked up as ${String(off)}`));
      cb(null, address, family);
    });
}

// ---- Listening: a server bound to all interfaces, or to another machine's address, is reachable off the machine ----

/** Where listen() binds, read as Node's net.Server.listen reads it; null for a local IPC path or an open handle. */
function listenHost(args: unknown[]): unknown {
  const [first, second] = args;
  if (typeof first === 'object' && first !== null) {
    if (field(first, 'path') || field(first, 'fd') !== undefined || field(first, 'handle') !== undefined || field(first, '_handle') !== undefined) return null;
    return field(first, 'host');
  }
  if (typeof first === 'string' && !(Number(first) >= 0)) return null;
  return typeof second === 'string' ? second : undefined;
}

function guardListeners(): void {
  const proto = net.Server.prototype;
  const original = proto.listen;
  proto.listen = function guardedListen(this: net.Server, ...args: unknown[]): net.Server {
    const host = listenHost(args);
    if (host !== null && !isLoopbackHost(host)) {
      // No host means every interface (:: or 0.0.0.0): refused too, so a server must name loopback to exist.
      const port = typeof args[0] === 'object' ? field(args[0], 'port') : typeof args[0] === 'function' ? undefined : args[0];
      const err = refuse('net.Server.listen', hostPort(host ?? 'every interface', port ?? 0));
      process.nextTick(() => this.emit('error', err));
      return this;
    }
    return Reflect.apply(original, this, args);
  } as typeof proto.listen;
}

// ---- UDP --------------------------------------------------------------------------------------------------------

function guardDatagrams(): void {
  const proto = dgram.Socket.prototype;
  const loopbackOf = (socket: dgram.Socket): string => (Reflect.get(socket, 'type') === 'udp6' ? '::1' : '127.0.0.1');

  const originalSend = proto.send;
  proto.send = function guardedSend(this: dgram.Socket, ...args: unknown[]): void {
    const [, offset, length, port, address] = args;
    let target: { address: unknown; port: unknown };
    const connectedTo = remoteOf(this);
    if (connectedTo) target = connectedTo;
    // dgram.js shifts the arguments the same way: (msg, port, address, cb) or (msg, offset, length, port, address, cb).
    else if (address || (port && typeof port !== 'function')) target = { port, address };
    else target = { port: offset, address: length };
    if (typeof target.address !== 'string' || target.address === '') target.address = loopbackOf(this);
    if (!isLoopbackHost(target.address)) {
      const err = refuse('dgram.send', hostPort(target.address, target.port));
      const cb = lastCallback(args);
      process.nextTick(() => (cb ? cb(err) : this.emit('error', err)));
      return;
    }
    Reflect.apply(originalSend, this, args);
  } as typeof proto.send;

  const originalConnect = proto.connect;
  proto.connect = function guardedConnect(this: dgram.Socket, ...args: unknown[]): void {
    const [port, address] = args;
    const host = typeof address === 'string' && address !== '' ? address : loopbackOf(this);
    if (!isLoopbackHost(host)) {
      const err = refuse('dgram.connect', hostPort(host, port));
      const cb = lastCallback(args);
      process.nextTick(() => (cb ? cb(err) : this.emit('error', err)));
      return;
    }
    Reflect.apply(originalConnect, this, args);
  } as typeof proto.connect;

  // Joining a multicast group announces this host on the network (IGMP/MLD); no group is loopback.
  for (const name of ['addMembership', 'addSourceSpecificMembership'] as const) {
    proto[name] = function refusedMembership(...args: unknown[]): void {
      throw refuse(`dgram.${name}`, args.map(String).join(' '));
    };
  }
}

function remoteOf(socket: dgram.Socket): { address: string; port: number } | null {
  try {
    return socket.remoteAddress();
  } catch {
    return null; // not connected: the target is in the arguments
  }
}

// ---- DNS: getaddrinfo/getnameinfo (lookup, lookupService) ------------------------------------------------------

/** What a lookup of a loopback name or address answers, without asking getaddrinfo (as Node does for an address). */
function loopbackAnswers(hostname: string, options: unknown): { address: string; family: number }[] {
  const literal = net.isIP(hostname);
  if (literal) return [{ address: hostname, family: literal }];
  const v4 = { address: '127.0.0.1', family: 4 };
  const v6 = { address: '::1', family: 6 };
  const family = typeof options === 'object' ? field(options, 'family') : options;
  if (family === 4 || family === 'IPv4') return [v4];
  if (family === 6 || family === 'IPv6') return [v6];
  return dns.getDefaultResultOrder() === 'ipv6first' ? [v6, v4] : [v4, v6];
}

function wantsAll(options: unknown): boolean {
  return field(options, 'all') === true;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
}

/** Keeps util.promisify's custom shape ({address, family}) that Node hangs on its functions under a symbol. */
function withPropertiesOf<F extends object>(wrapper: F, original: object): F {
  for (const key of Object.getOwnPropertySymbols(original)) Object.defineProperty(wrapper, key, Object.getOwnPropertyDescriptor(original, key)!);
  return wrapper;
}

function guardLookups(): void {
  const lookup = dns.lookup;
  // Loopback is answered here and never handed to getaddrinfo, which asks a DNS server when /etc/hosts lacks
  // 'localhost'; everything else is refused. Without a callback, Node's own lookup throws its usual argument error.
  const guardedLookup = function (...args: unknown[]): void {
    const [hostname, options] = args;
    const cb = lastCallback(args);
    if (!isLoopbackHost(hostname)) {
      const err = refuse('dns.lookup', String(hostname));
      if (!cb) throw err;
      process.nextTick(() => cb(err));
      return;
    }
    if (!cb) return void Reflect.apply(lookup, dns, args);
    const answers = loopbackAnswers(String(hostname), options);
    process.nextTick(() => (wantsAll(options) ? cb(null, answers) : cb(null, answers[0].address, answers[0].family)));
  };
  dns.lookup = withPropertiesOf(guardedLookup, lookup) as typeof dns.lookup;

  const lookupService = dns.lookupService;
  const guardedLookupService = function (...args: unknown[]): void {
    const [address, port] = args;
    if (!isLoopbackHost(address)) {
      const err = refuse('dns.lookupService', hostPort(address, port));
      const cb = lastCallback(args);
      if (!cb) throw err;
      process.nextTick(() => cb(err));
      return;
    }
    Reflect.apply(lookupService, dns, args);
  };
  dns.lookupService = withPropertiesOf(guardedLookupService, lookupService) as typeof dns.lookupService;

  const promises = dns.promises;
  promises.lookup = async function guardedLookup(hostname: string, options?: unknown) {
    if (!isLoopbackHost(hostname)) throw refuse('dns.promises.lookup', String(hostname));
    const answers = loopbackAnswers(hostname, options);
    return wantsAll(options) ? answers : answers[0];
  } as typeof promises.lookup;

  const lookupServiceAsync = promises.lookupService;
  promises.lookupService = async function guardedLookupService(address: string, port: number) {
    if (!isLoopbackHost(address)) throw refuse('dns.promises.lookupService', hostPort(address, port));
    return Reflect.apply(lookupServiceAsync, promises, [address, port]);
  } as typeof promises.lookupService;
}

// ---- DNS: c-ares queries (resolve*, reverse), module-level and on every Resolver --------------------------------

/** resolve, resolve4, resolveMx, ..., reverse: every method that sends a query to the resolver's servers. */
function queryMethods(target: object): string[] {
  return Object.getOwnPropertyNames(target).filter((k) => (k.startsWith('resolve') || k === 'reverse') && typeof Reflect.get(target, k) === 'function');
}

function serverHost(server: string): string {
  if (server.startsWith('[')) return server.slice(1, server.indexOf(']'));
  return net.isIPv6(server) ? server : server.split(':')[0];
}

/** A query leaves the machine unless both the name asked about and every server asked are loopback. */
function queryRefusal(api: string, name: unknown, servers: string[]): NetworkRefused | null {
  if (isLoopbackHost(name) && servers.length > 0 && servers.every((s) => isLoopbackHost(serverHost(s)))) return null;
  return refuse(api, `${String(name)} via ${servers.join(',') || 'no server'}`);
}

function guardResolvers(): void {
  const guardQueries = (target: object, api: string, serversOf: (self: unknown) => string[], promised: boolean): void => {
    for (const method of queryMethods(target)) {
      const original: (...a: unknown[]) => unknown = Reflect.get(target, method);
      const guarded = function guardedQuery(this: unknown, ...args: unknown[]): unknown {
        const err = queryRefusal(`${api}.${method}`, args[0], serversOf(this));
        if (!err) return Reflect.apply(original, this, args);
        if (promised) return Promise.reject(err);
        const cb = lastCallback(args);
        if (!cb) throw err;
        process.nextTick(() => cb(err));
        return undefined;
      };
      Reflect.set(target, method, guarded);
    }
  };
  const ownServers = (self: unknown): string[] => (self instanceof dns.Resolver || self instanceof dns.promises.Resolver ? self.getServers() : dns.getServers());
  guardQueries(dns.Resolver.prototype, 'dns.Resolver', ownServers, false);
  guardQueries(dns.promises.Resolver.prototype, 'dns.promises.Resolver', ownServers, true);
  // The module-level functions are bound to a default resolver when dns loads (setServers binds them again, then
  // from the guarded prototypes above), so they are wrapped in their own right.
  guardQueries(dns, 'dns', () => dns.getServers(), false);
  guardQueries(dns.promises, 'dns.promises', () => dns.promises.getServers(), true);
}

// ---- Chromium (Electron's window and its `net` module): not Node, so guarded through the session --------------

/**
 * For `app.commandLine.appendSwitch('host-resolver-rules', ...)`: Chromium's own resolver answers no name but
 * localhost, which also stops DNS prefetch and preconnect, which no request hook sees.
 */
export const CHROMIUM_HOST_RESOLVER_RULES = 'MAP * ~NOTFOUND, EXCLUDE localhost';

/** Schemes that never leave the machine: the app's own files and Chromium's internal pages. */
const LOCAL_SCHEMES = new Set(['file:', 'data:', 'blob:', 'about:', 'devtools:', 'chrome:', 'chrome-extension:']);

/** True when Chromium would fetch this URL from another machine (or it is not a URL we can tell about). */
export function isOffMachineUrl(url: string): boolean {
  if (!URL.canParse(url)) return true;
  const u = new URL(url);
  if (LOCAL_SCHEMES.has(u.protocol)) return false;
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol)) return true;
  return !isLoopbackHost(u.hostname.replace(/^\[(.*)\]$/, '$1'));
}

/** The part of Electron's `session.webRequest` the guard uses (this module stays free of Electron). */
export interface ChromiumRequests {
  onBeforeRequest(listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void): void;
}

/** Cancels, and logs, every request of a Chromium session (window, `net` module) that would leave the machine. */
export function guardChromiumRequests(requests: ChromiumRequests): void {
  requests.onBeforeRequest((details, callback) => {
    const off = isOffMachineUrl(details.url);
    if (off) refuse('chromium.request', details.url);
    callback({ cancel: off });
  });
}
