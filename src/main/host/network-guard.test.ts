// The net recorder goes in first, replacing every real connect/send/lookup, so nothing below can reach the network
// even if the guard under test is broken: the guard then wraps the recorder.
import '../test-support/net-recorder.mjs';
import { spawn } from 'node:child_process';
import dns from 'node:dns';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../shared/domain';
import { toAppError } from '../../shared/errors';
import { succeededAs, type NetworkProbeReport, type NetworkProbeResult } from '../../shared/jobs';
import { tryEveryNetworkApi } from '../test-support/network-probes';
import { tempDir, tempProject } from '../test-support/temp-project';
import { guardChromiumRequests, guardNetwork, isLoopbackHost, type ChromiumRequests } from './network-guard';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const recorder = fileURLToPath(new URL('../test-support/net-recorder.mjs', import.meta.url));
const probeAtExit = fileURLToPath(new URL('../test-support/probe-network-at-exit.mjs', import.meta.url));
const probeChild = fileURLToPath(new URL('../test-support/network-probe-child.fixture.ts', import.meta.url));

interface Files {
  /** what reached the recorder underneath the guard */
  record: string;
  /** the guard's log of refusals */
  log: string;
}

function files(): Files {
  const dir = tempDir('airlock-netguard-');
  return { record: path.join(dir, 'recorded.jsonl'), log: path.join(dir, 'network.log') };
}

const read = (file: string): string[] => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

/** Lookups of loopback names are answered by the guard itself; every other loopback call must reach the recorder. */
function expectedOutcome(r: NetworkProbeResult): string {
  if (r.offMachine) return 'NETWORK_REFUSED';
  return /lookup\(localhost\)$/.test(r.api) ? 'ok' : 'ERECORDED';
}

/** The proof, for one process or thread: refused, not recorded, logged; loopback still works. */
function expectGuarded(report: NetworkProbeReport, f: Files): void {
  expect(Object.fromEntries(report.results.map((r) => [r.api, r.outcome]))).toEqual(Object.fromEntries(report.results.map((r) => [r.api, expectedOutcome(r)])));
  const refused = report.results.filter((r) => r.offMachine);
  // one line; fetch wraps it as "fetch failed (<the refusal>)"
  for (const r of refused) expect(r.message, r.api).toMatch(/^(fetch failed \()?Airlock is offline: refused \S+ to [^\n]+$/);
  for (const r of report.results.filter((p) => /lookup\(localhost\)$/.test(p.api))) expect(r.message, r.api).toMatch(/^(127\.0\.0\.1|::1)(,(127\.0\.0\.1|::1))*$/);

  const recorded = read(f.record)
    .map((line) => JSON.parse(line) as { api: string; args: unknown; pid: number; thread: number })
    .filter((e) => e.pid === report.pid && e.thread === report.thread);
  const recordedText = JSON.stringify(recorded);
  for (const r of refused) expect(recordedText, `${r.api} got past the guard`).not.toContain(r.target);
  for (const r of report.results.filter((p) => expectedOutcome(p) === 'ERECORDED')) expect(recordedText, `${r.api} never reached the recorder`).toContain(JSON.stringify(r.target).slice(1, -1));

  const logged = read(f.log).filter((line) => line.includes(` pid=${report.pid} thread=${report.thread} `));
  for (const line of logged) expect(line).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z pid=\d+ thread=\d+ refused \S+ \S.*$/);
  // one line per attempt: a guard installed twice would log twice, one that logs nothing would miss the count
  expect(logged).toHaveLength(refused.length);
  for (const r of refused) {
    const target = new RegExp(`[ [/]${r.target.replaceAll('.', '\\.')}(\\]?:|\\s|$)`);
    expect(logged.filter((line) => target.test(line)), `log line for ${r.api}`).toHaveLength(1);
  }
}

function runNode(args: string[], env: Record<string, string>): Promise<{ pid: number; code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ pid: child.pid!, code, stdout, stderr }));
  });
}

/** Runs a network-probe job through the real job runner in a child process, with the recorder preloaded in it. */
async function probeJob(kind: 'test.network' | 'test.network-process', f: Files): Promise<{ driverPid: number; report: NetworkProbeReport }> {
  const store = tempProject();
  store.close();
  const run = await runNode(['--import', recorder, '--import', 'tsx', probeChild, store.dir, kind], { AIRLOCK_NET_RECORD: f.record, AIRLOCK_NETWORK_LOG: f.log });
  expect(run.code, run.stderr).toBe(0);
  const job = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as JobInfo;
  expect(job.error).toBeNull();
  if (!succeededAs(job, kind)) throw new Error(`${kind} ended ${job.state}`);
  return { driverPid: run.pid, report: job.result };
}

describe('network guard', () => {
  it('counts only 127.0.0.0/8, ::1, their IPv4-mapped forms and the name localhost as loopback', () => {
    for (const host of ['127.0.0.1', '127.255.0.9', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '::ffff:7f00:1', 'localhost', 'LocalHost']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['192.0.2.1', '::ffff:192.0.2.1', '0.0.0.0', '::', '127.1', 'localhost.', 'localhost.example.invalid', '', undefined, 2130706433]) {
      expect(isLoopbackHost(host), String(host)).toBe(false);
    }
  });

  it('in the main process refuses and logs every off-machine connect, UDP send and name lookup, and lets loopback through', async () => {
    const f = files();
    process.env.AIRLOCK_NET_RECORD = f.record;
    guardNetwork({ logFile: f.log });
    guardNetwork(); // a second install changes nothing: still one log line per attempt
    const report = await tryEveryNetworkApi();
    expect(report.pid).toBe(process.pid);
    expectGuarded(report, f);
  });

  it('guards a job worker thread from the job entry itself, though its process installed no guard', async () => {
    const f = files();
    const { driverPid, report } = await probeJob('test.network', f);
    expect(report.pid).toBe(driverPid);
    expect(report.thread).not.toBe(0);
    expectGuarded(report, f);
  });

  it('guards a job child process from its entry itself, though its parent installed no guard', async () => {
    const f = files();
    const { driverPid, report } = await probeJob('test.network-process', f);
    expect(report.pid).not.toBe(driverPid);
    // the job process runs its job in a worker thread of its own (job-process.ts keeps its main thread free to hear
    // Cancel and its runner's death); both that thread's entry and the process's main install the guard
    expect(report.thread).not.toBe(0);
    expectGuarded(report, f);
  });

  it('refuses a server listening on every interface or on another address, and lets one listen on loopback or a local path', async () => {
    const f = files();
    guardNetwork({ logFile: f.log });
    const listen = (start: (server: net.Server) => void): Promise<string> =>
      new Promise((resolve) => {
        const server = net.createServer();
        server.on('error', (e: NodeJS.ErrnoException) => resolve(String(e.code)));
        server.on('listening', () => server.close(() => resolve('listening')));
        start(server);
      });
    const ipcPath = path.join(path.dirname(f.log), 'guard.sock');
    expect({
      'listen(port)': await listen((s) => s.listen(0)),
      'listen(cb)': await listen((s) => s.listen(() => undefined)),
      "listen(port, '0.0.0.0')": await listen((s) => s.listen(0, '0.0.0.0')),
      "listen({port, host: '::'})": await listen((s) => s.listen({ port: 0, host: '::' })),
      "listen(port, '192.0.2.40')": await listen((s) => s.listen(0, '192.0.2.40')),
      "listen(port, '127.0.0.1')": await listen((s) => s.listen(0, '127.0.0.1')),
      "listen({port, host: 'localhost'})": await listen((s) => s.listen({ port: 0, host: 'localhost' })),
      'listen(path)': await listen((s) => s.listen(ipcPath)),
    }).toEqual({
      'listen(port)': 'NETWORK_REFUSED',
      'listen(cb)': 'NETWORK_REFUSED',
      "listen(port, '0.0.0.0')": 'NETWORK_REFUSED',
      "listen({port, host: '::'})": 'NETWORK_REFUSED',
      "listen(port, '192.0.2.40')": 'NETWORK_REFUSED',
      "listen(port, '127.0.0.1')": 'listening',
      "listen({port, host: 'localhost'})": 'listening',
      'listen(path)': 'listening',
    });
    expect(read(f.log).map((line) => line.replace(/^.* refused /, ''))).toEqual([
      'net.Server.listen every interface:0',
      'net.Server.listen every interface:0',
      'net.Server.listen 0.0.0.0:0',
      'net.Server.listen [::]:0',
      'net.Server.listen 192.0.2.40:0',
    ]);
  });

  it('reaches a host boundary as the AppError NETWORK_REFUSED, one line naming the API and the target', async () => {
    const f = files();
    guardNetwork({ logFile: f.log });
    const refusal: unknown = await dns.promises.lookup('boundary.example.invalid\nforged line').catch((e: unknown) => e);
    expect(toAppError(refusal)).toEqual({
      code: 'NETWORK_REFUSED',
      message: 'Airlock is offline: refused dns.promises.lookup to boundary.example.invalid\\u000aforged line; only this machine (loopback) is reachable.',
    });
    expect(read(f.log)).toHaveLength(1);
  });

  it("cancels and logs every Chromium request that would leave the machine, and lets the app's files and loopback through", () => {
    const f = files();
    guardNetwork({ logFile: f.log });
    let listener: Parameters<ChromiumRequests['onBeforeRequest']>[0] | undefined;
    guardChromiumRequests({ onBeforeRequest: (l) => (listener = l) });
    const cancels = (url: string): boolean => {
      let cancel: boolean | undefined;
      listener!({ url }, (response) => (cancel = response.cancel));
      return cancel!;
    };
    const offMachine = ['https://192.0.2.20/font.woff2', 'http://cdn.example.invalid/x.js', 'wss://192.0.2.21/socket', 'http://[::ffff:192.0.2.22]/', 'ftp://192.0.2.23/', 'not a url'];
    const local = ['file:///opt/airlock/renderer/index.html', 'http://localhost:5173/src/main.tsx', 'http://127.0.0.1:4173/api', 'ws://[::1]:5173/', 'data:text/plain,x', 'blob:file:///abc', 'devtools://devtools/bundled/inspector.html'];
    expect(Object.fromEntries([...offMachine, ...local].map((u) => [u, cancels(u)]))).toEqual(Object.fromEntries([...offMachine.map((u) => [u, true]), ...local.map((u) => [u, false])]));
    const logged = read(f.log);
    expect(logged).toHaveLength(offMachine.length);
    offMachine.forEach((url, i) => expect(logged[i].endsWith(` refused chromium.request ${url}`), logged[i]).toBe(true));
  });

  it('guards a CLI command other than serve (dataset list) for the rest of its process', async () => {
    const f = files();
    const reportFile = path.join(path.dirname(f.log), 'report.json');
    const store = tempProject();
    store.close();
    const run = await runNode(['--import', recorder, '--import', probeAtExit, 'bin/airlock.mjs', 'dataset', 'list', '--project', store.dir], {
      AIRLOCK_NET_RECORD: f.record,
      AIRLOCK_NETWORK_LOG: f.log,
      AIRLOCK_NET_PROBE_REPORT: reportFile,
    });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as NetworkProbeReport;
    expect(report).toMatchObject({ pid: run.pid, thread: 0 });
    expectGuarded(report, f);
  });
});
