// Times the traceability channels on a seeded project, called as the window calls them (dispatch, validation and
// all, in a CLI session): trace.matrix (and the size of the answer the window is sent),
// trace.coverage, trace.impact of the requirement with a deep lineage, the matrix exports, trace.clauses, and a
// signed audit package of every standard (its job, from the call to its end).
// A channel this build does not answer yet is recorded as skipped with its error. The matrix's parts are timed apart
// (measure-trace-parts.ts), so this process's peak RSS is what the channels cost.
// Usage: node --import tsx bench/trace/measure-trace.ts <project-dir> <data-dir> <deep-requirement>; prints one JSON line.
import { CliSession } from '../../src/main/cli/session';
import { UserProfiles } from '../../src/main/users/user-profiles';
import type { Channel, Input } from '../../src/shared/api';
import { succeededAs } from '../../src/shared/jobs';
import { AUDIT_STANDARDS } from '../../src/shared/trace';
import { round, timed, type Timing } from './timing';

const [project, dataDir, deep] = process.argv.slice(2);
const s = new CliSession({ dataDir });
await s.open(project);
const store = s.app.requireProject().store;

/** An audited change that touches no link: the matrix's cache is keyed on the audit head, so the next build is cold. */
const touch = () => store.mutate({ action: 'bench.touch', target: 'bench' }, () => undefined);

/** `runs` timed calls after one warm-up (the first call also pays for preparing statements and loading modules). */
async function timeChannel<C extends Channel>(channel: C, input: Input<C>, runs: number, before?: () => void): Promise<Timing | { skipped: string }> {
  try {
    await s.call(channel, input);
    return await timed(() => s.call(channel, input), runs, before);
  } catch (e) {
    return { skipped: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
}

/** A signed audit package of every standard, through its job: wall time from the call to the job's end, and its size. */
async function auditPackage(): Promise<Record<string, unknown>> {
  const passphrase = 'bench passphrase, long enough';
  new UserProfiles(s.app.dataDir).create('bench', passphrase);
  const t = performance.now();
  try {
    const { jobId } = await s.call('audit.exportPackage', { target: { kind: 'path', path: `${project}/../audit-package.zip` }, standards: [...AUDIT_STANDARDS], user: 'bench', passphrase });
    const done = await s.app.requireProject().jobs.wait(jobId);
    if (!succeededAs(done, 'audit.package')) return { skipped: `the audit.package job ended ${done.state}: ${done.error?.message ?? ''}` };
    return { seconds: Math.round(performance.now() - t) / 1000, mb: Math.round(done.result.bytes / 1e5) / 10, files: done.result.files.length };
  } catch (e) {
    return { skipped: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
}

const matrix = await s.call('trace.matrix', {});
let t = performance.now();
const payload = JSON.stringify(matrix);
const stringifyMs = round(performance.now() - t);
const result = {
  shape: { rows: matrix.rows.length, columns: matrix.columns.length, cells: matrix.cells.length, payloadMb: Math.round(payload.length / 1e5) / 10, stringifyMs },
  statuses: matrix.cells.reduce<Record<string, number>>((n, c) => ({ ...n, [c.status]: (n[c.status] ?? 0) + 1 }), {}),
  /** after a change (cold) and again with nothing changed (the cache) */
  matrix: { cold: await timeChannel('trace.matrix', {}, 5, touch), unchanged: await timeChannel('trace.matrix', {}, 5) },
  coverage: await timeChannel('trace.coverage', {}, 3, touch),
  impact: await timeChannel('trace.impact', { requirement: deep }, 10, touch),
  exports: {} as Record<string, unknown>,
  auditPackage: {} as Record<string, unknown>,
  clauses: await timeChannel('trace.clauses', { standard: 'iec62304', level: 'B' }, 1),
};
for (const format of ['csv', 'xlsx', 'html'] as const) {
  t = performance.now();
  try {
    const written = await s.call('trace.exportMatrix', { format, target: { kind: 'path', path: `${project}/../matrix.${format}` }, overwrite: true });
    result.exports[format] = { ms: Math.round(performance.now() - t), mb: Math.round(written.bytes / 1e5) / 10 };
  } catch (e) {
    result.exports[format] = { skipped: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
}
result.auditPackage = await auditPackage();
await s.close();
console.log(JSON.stringify(result));
