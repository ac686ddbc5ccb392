// `airlock trace matrix` and `airlock trace coverage` in a child process, as a pipeline runs them, on a real project
// (traceProject) with links made through trace.link.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TraceCoverage } from '../../shared/trace';
import { MATRIX_CSV_HEADER } from '../trace/matrix-export/matrix-csv';
import { cliOutput, oneLineFailure, sharedDataCli } from '../test-support/run-cli';
import { tempDir } from '../test-support/temp-project';
import { traceProject } from '../test-support/trace-project';

const { airlock } = sharedDataCli();
let dir = '';
let dataset = '';

beforeAll(async () => {
  const p = await traceProject();
  await p.call('trace.link', { requirement: 'ML-1', target: p.targets.evaluation, type: 'verifies' });
  await p.call('trace.link', { requirement: 'SW-1', target: p.targets.dataset, type: 'trained-on' });
  dir = p.dir;
  dataset = p.targets.dataset.id;
  await p.close();
});

describe('airlock trace matrix and coverage', () => {
  it('prints the matrix as CSV on stdout, one line per link and per unlinked requirement, and refuses XLSX on stdout', async () => {
    const lines = cliOutput(await airlock('trace', 'matrix', '--project', dir)).trim().split('\r\n');
    expect(lines[0]).toBe(MATRIX_CSV_HEADER.join(','));
    const byRequirement = (id: string) => lines.filter((l) => l.startsWith(`${id},`)).map((l) => l.split(',').slice(-2).join(' '));
    expect(byRequirement('ML-1')).toEqual(['verifies ok']);
    expect(byRequirement('SW-1')).toEqual(['trained-on ok']);
    expect(byRequirement('SYS-1')).toEqual([' ']);
    expect(oneLineFailure(await airlock('trace', 'matrix', '--project', dir, '--format', 'xlsx'))).toMatch(/--out FILE\.xlsx/);
  }, 60_000);

  it('writes an HTML file with --out, and refuses to replace it without --force', async () => {
    const out = path.join(tempDir(), 'matrix.html');
    expect(cliOutput(await airlock('trace', 'matrix', '--project', dir, '--out', out))).toMatch(/matrix\.html: trace matrix as HTML, \d+ bytes, sha256 [0-9a-f]{64}/);
    expect(fs.readFileSync(out, 'utf8')).toContain('ML-1');
    expect(oneLineFailure(await airlock('trace', 'matrix', '--project', dir, '--out', out))).toMatch(/exists/);
  }, 60_000);

  it('prints coverage as one JSON document: covered requirements, links by status, the uncovered ones with why', async () => {
    const c = JSON.parse(cliOutput(await airlock('trace', 'coverage', '--project', dir, '--json'))) as TraceCoverage;
    expect(c).toMatchObject({ requirements: 3, covered: 1, links: { ok: 2, suspect: 0, failing: 0, 'no-evidence': 0 } });
    expect(c.uncovered.requirements.map((r) => [r.id, r.reason])).toEqual([
      ['SYS-1', 'no verifying link'],
      ['SW-1', 'no verifying link'],
    ]);
    // the run, the model version, the other dataset version and the drift report: nothing links to them
    expect(c.uncovered.artifacts.map((a) => a.kind)).toEqual(expect.arrayContaining(['run', 'model_version', 'drift_report']));
    expect(c.uncovered.artifacts.map((a) => a.id)).not.toContain(dataset);
  }, 60_000);
});
