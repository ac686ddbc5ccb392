// Offline by construction: refuses (and optionally logs) any socket this process opens to a non-loopback address.
import fs from 'node:fs';
import net from 'node:net';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/i;

type ConnectArgs = Parameters<net.Socket['connect']>;

function targetOf(args: unknown[]): { host?: string; port?: number; path?: string } {
  const [first, second] = args;
  if (typeof first === 'object' && first !== null) {
    const o = first as { host?: string; port?: number; path?: string };
    return { host: o.host ?? (o.path ? undefined : 'localhost'), port: o.port, path: o.path };
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return { host: typeof second === 'string' ? second : 'localhost', port: Number(first) };
  }
  if (typeof first === 'string') return { path: first };
  return {};
}

/** Installs the guard once per process; `logFile` (or AIRLOCK_NETWORK_LOG) records every refused attempt. */
export function guardNetwork(logFile = process.env.AIRLOCK_NETWORK_LOG): void {
  const proto = net.Socket.prototype as net.Socket & { __airlockGuarded?: boolean };
  if (proto.__airlockGuarded) return;
  proto.__airlockGuarded = true;
  const original = proto.connect;
  proto.connect = function guardedConnect(this: net.Socket, ...args: ConnectArgs) {
    const t = targetOf(args);
    if (!t.path && t.host && !LOOPBACK.test(t.host)) {
      const line = `${new Date().toISOString()} refused outbound connection to ${t.host}:${t.port ?? '?'}\n`;
      if (logFile) fs.appendFileSync(logFile, line);
      process.nextTick(() => this.destroy(new Error(`Airlock is offline: refused a connection to ${t.host}`)));
      return this;
    }
    return original.apply(this, args);
  } as typeof proto.connect;
}
