// Test support, loaded before anything else (`node --import`, or imported first): replaces every primitive that could
// put a packet on the wire with a recorder that notes the target and fails harmlessly, so that a network-guard test
// never reaches the network even when the guard under test is broken. Plain JavaScript, so `--import` needs no loader.
import dgram from 'node:dgram';
import dns from 'node:dns';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { isMainThread, threadId } from 'node:worker_threads';

/** Set on globalThis in every thread the recorder runs in; probes refuse to aim anywhere without it. */
export const RECORDER_MARK = Symbol.for('airlock.net-recorder');

/**
 * Each call that got past the guard to a primitive: one JSON line appended to the file named by AIRLOCK_NET_RECORD
 * (read at call time, so workers and child processes of a test write to the same file).
 */
function record(api, args) {
  const entry = { api, args: args.map((a) => summary(a, 2)), pid: process.pid, thread: threadId, mainThread: isMainThread };
  const file = process.env.AIRLOCK_NET_RECORD;
  if (file) fs.appendFileSync(file, `${JSON.stringify(entry)}\n`);
  return entry;
}

/** What a call aimed at, as plain data: primitives and the primitive fields of objects and arrays, a few levels deep. */
function summary(value, depth) {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value;
  if (typeof value === 'function') return '[function]';
  if (typeof value !== 'object' || depth === 0 || ArrayBuffer.isView(value)) return `[${typeof value}]`;
  if (Array.isArray(value)) return value.map((v) => summary(v, depth - 1));
  const out = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (v === null || ['string', 'number', 'boolean'].includes(typeof v) || (typeof v === 'object' && !ArrayBuffer.isView(v))) out[key] = summary(v, depth - 1);
  }
  return out;
}

function recorded(api) {
  const err = new Error(`net-recorder: ${api} recorded, nothing sent`);
  err.code = 'ERECORDED';
  return err;
}

function lastFunction(args) {
  return typeof args.at(-1) === 'function' ? args.at(-1) : undefined;
}

if (!globalThis[RECORDER_MARK]) {
  globalThis[RECORDER_MARK] = true;

  net.Socket.prototype.connect = function recordConnect(...args) {
    record('net.Socket.connect', args);
    this.connecting = true;
    // A caller's own lookup function decides where a name goes: ask it, as the real connect would, and record the
    // address it would have connected to.
    const options = Array.isArray(args[0]) ? args[0][0] : args[0];
    if (typeof options?.lookup === 'function' && typeof options.host === 'string' && !net.isIP(options.host)) {
      options.lookup(options.host, {}, (err, address) => {
        if (!err) record('net.Socket.connect looked up', [options.host, address]);
        this.destroy(err ?? recorded('connect'));
      });
    } else process.nextTick(() => this.destroy(recorded('connect')));
    return this;
  };

  const failLater = (api) =>
    function recordCall(...args) {
      record(api, args);
      const cb = lastFunction(args);
      if (cb) process.nextTick(cb, recorded(api));
      else process.nextTick(() => this.emit?.('error', recorded(api)));
    };
  dgram.Socket.prototype.send = failLater('dgram.send');
  dgram.Socket.prototype.connect = failLater('dgram.connect');
  for (const name of ['addMembership', 'addSourceSpecificMembership']) {
    dgram.Socket.prototype[name] = function recordMembership(...args) {
      record(`dgram.${name}`, args);
      throw recorded(name);
    };
  }

  const callbackFailure = (api) =>
    function recordLookup(...args) {
      record(api, args);
      const cb = lastFunction(args);
      if (cb) process.nextTick(cb, recorded(api));
    };
  const promiseFailure = (api) =>
    async function recordLookup(...args) {
      record(api, args);
      throw recorded(api);
    };
  dns.lookup = callbackFailure('dns.lookup');
  dns.lookupService = callbackFailure('dns.lookupService');
  dns.promises.lookup = promiseFailure('dns.promises.lookup');
  dns.promises.lookupService = promiseFailure('dns.promises.lookupService');
  const queries = (target) => Object.getOwnPropertyNames(target).filter((k) => (k.startsWith('resolve') || k === 'reverse') && typeof target[k] === 'function');
  for (const [target, api, make] of [
    [dns.Resolver.prototype, 'dns.Resolver', callbackFailure],
    [dns, 'dns', callbackFailure],
    [dns.promises.Resolver.prototype, 'dns.promises.Resolver', promiseFailure],
    [dns.promises, 'dns.promises', promiseFailure],
  ]) {
    for (const method of queries(target)) target[method] = make(`${api}.${method}`);
  }
  syncBuiltinESMExports();
}
