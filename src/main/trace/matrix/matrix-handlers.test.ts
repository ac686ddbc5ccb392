// The trace matrix, its audited exports and the coverage summary on a real project, through the host's dispatch with
// the CLI's path policy: requirements imported from a CSV, a real dataset, and links stored through the links repo.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TraceTarget } from '../../../shared/trace';
import type { TraceLinkType } from '../../../shared/trace-matrix';
import { RequirementIntelligenceRepo } from '../../store/requirement-intelligence-repo';
import { TraceLinksRepo } from '../../store/trace-links-repo';
import { registerClassifierVersion, storeVerdicts, verdict } from '../../requirements/store/test-classifications';
import { tempDir } from '../../test-support/temp-project';
import { openTestWorkbench, type TestWorkbench } from '../../test-support/test-workbench';
import { stampFor } from '../status/link-stamp';

let bench: TestWorkbench;

beforeEach(async () => {
  bench = await openTestWorkbench(1);
});
afterEach(async () => {
  await bench.app.closeProject();
});

const REQUIREMENTS = `id,document,parent,title,text,level
H1,System,,Braking,,
S1,System,H1,,The brake shall engage within 50 ms.,system
S2,System,H1,,The lamp shall blink when the brake engages.,system
S3,System,,,The log shall keep every brake event.,
W1,Software,,,The controller shall debounce the pedal signal.,software
`;

async function importRequirements(): Promise<void> {
  const file = path.join(tempDir(), 'reqs.csv');
  fs.writeFileSync(file, REQUIREMENTS);
  await bench.call('requirements.import', { source: { kind: 'path', path: file } });
}

/** Stores a live link stamped against both sides now, as trace.link does. */
function link(requirement: string, target: TraceTarget, type: TraceLinkType): string {
  const store = bench.project.store;
  const id = `lnk-${randomBytes(8).toString('hex')}`;
  store.mutate({ action: 'test.link', target: requirement }, () =>
    new TraceLinksRepo(store.db).insert({
      id,
      requirement,
      type,
      target,
      origin: 'manual',
      reason: null,
      createdAt: store.now().toISOString(),
      createdBy: store.actor,
      ...stampFor(store, requirement, target),
    }),
  );
  return id;
}

const HOLDOUT: TraceTarget = { kind: 'dataset_version', id: 'holdout@1' };

async function linkedProject(): Promise<Record<string, string>> {
  await importRequirements();
  await bench.importCsv('holdout', 'x,y\n1,0\n2,1\n');
  return {
    trained: link('S1', HOLDOUT, 'trained-on'),
    verifies: link('S1', { kind: 'requirement', id: 'S3' }, 'verifies'),
    refines: link('S2', { kind: 'requirement', id: 'S1' }, 'refines'),
    software: link('W1', HOLDOUT, 'verifies'),
  };
}

describe('the trace matrix', () => {
  it('lists every requirement in document order with its depth, level and class, and one cell per live link', async () => {
    const ids = await linkedProject();
    const store = bench.project.store;
    storeVerdicts(store, [verdict('S1', 1, registerClassifierVersion(store, '2026-01-01T00:00:00.000Z'), 'performance'), verdict('S2', 1, registerClassifierVersion(store, '2026-01-02T00:00:00.000Z'), 'functional')], '2026-01-03T00:00:00.000Z');
    store.mutate({ action: 'test.label', target: 'requirements' }, () =>
      new RequirementIntelligenceRepo(store.db).addLabel({ id: 'S2', label: 'safety', predicted: 'functional', revision: 1, createdAt: '2026-01-04T00:00:00.000Z', createdBy: 'ana' }),
    );
    const m = await bench.call('trace.matrix', {});
    expect(m.rows.map((r) => [r.id, r.depth, r.level, r.class])).toEqual([
      ['H1', 0, null, null],
      ['S1', 1, 'system', 'performance'],
      ['S2', 1, 'system', 'safety'],
      ['S3', 0, null, null],
      ['W1', 0, 'software', null],
    ]);
    // requirement columns come first, and only the requirements a link points at
    expect(m.columns.filter((c) => c.kind === 'requirement').map((c) => c.id)).toEqual(['S1', 'S3']);
    expect(m.columns.findIndex((c) => c.kind === 'dataset_version')).toBeGreaterThan(1);
    const cell = (id: string) => {
      const c = m.cells.find((x) => x.link === id);
      return c === undefined ? null : [m.rows[c.row].id, m.columns[c.column].id, c.linkType, c.status];
    };
    expect(m.cells).toHaveLength(4);
    expect(cell(ids.trained)).toEqual(['S1', 'holdout@1', 'trained-on', 'ok']);
    expect(cell(ids.verifies)).toEqual(['S1', 'S3', 'verifies', 'ok']);
    expect(cell(ids.refines)).toEqual(['S2', 'S1', 'refines', 'ok']);
    expect(cell(ids.software)).toEqual(['W1', 'holdout@1', 'verifies', 'ok']);
  });

  it('leaves out a link removed since the last look, and the rows and links of other documents when one is picked', async () => {
    const ids = await linkedProject();
    const store = bench.project.store;
    // looked at before the removal: the matrix kept for an unchanged project must not be served once it changed
    expect((await bench.call('trace.matrix', {})).cells).toHaveLength(4);
    store.mutate({ action: 'test.unlink', target: ids.refines }, () => new TraceLinksRepo(store.db).remove(ids.refines, store.now().toISOString(), store.actor, 'wrong'));
    const all = await bench.call('trace.matrix', {});
    expect(all.cells.map((c) => c.link).sort()).toEqual([ids.trained, ids.verifies, ids.software].sort());
    const software = await bench.call('trace.matrix', { document: 'Software' });
    expect(software.title).toBe('Trace matrix: Software');
    expect(software.rows.map((r) => r.id)).toEqual(['W1']);
    expect(software.cells.map((c) => [software.rows[c.row].id, software.columns[c.column].id, c.link])).toEqual([['W1', 'holdout@1', ids.software]]);
    expect(await bench.refused('trace.matrix', { document: 'Nope' })).toMatchObject({ code: 'NOT_FOUND', where: { field: 'document' } });
  });

  it('shows only the column kinds asked for, with the links to them', async () => {
    const ids = await linkedProject();
    const m = await bench.call('trace.matrix', { kinds: ['requirement'] });
    expect(m.columns.map((c) => c.id)).toEqual(['S1', 'S3']);
    expect(m.cells.map((c) => c.link).sort()).toEqual([ids.verifies, ids.refines].sort());
    const datasets = await bench.call('trace.matrix', { kinds: ['dataset_version'] });
    expect(datasets.columns.map((c) => [c.kind, c.id])).toEqual([['dataset_version', 'holdout@1']]);
    expect(datasets.cells.map((c) => c.link).sort()).toEqual([ids.trained, ids.software].sort());
  });
});

describe('the trace matrix export and coverage', () => {
  it('writes the matrix as CSV with an audit entry that records its hash, and refuses to replace a file unasked', async () => {
    await linkedProject();
    const out = path.join(tempDir(), 'matrix.csv');
    const r = await bench.call('trace.exportMatrix', { format: 'csv', target: { kind: 'path', path: out } });
    const text = fs.readFileSync(out, 'utf8');
    expect(r).toMatchObject({ shown: out, bytes: Buffer.byteLength(text), downloadId: null });
    expect(text).toContain('S1');
    expect(text).toContain('trained-on');
    expect(bench.project.store.audit.list(1)[0]).toMatchObject({ action: 'trace.exportMatrix', target: 'trace_matrix:*', details: { format: 'csv', rows: 5, links: 4, sha256: r.sha256, destination: out } });
    expect(await bench.refused('trace.exportMatrix', { format: 'csv', target: { kind: 'path', path: out } })).toMatchObject({ code: 'FILE_EXISTS' });
    const xlsx = path.join(tempDir(), 'matrix.xlsx');
    await bench.call('trace.exportMatrix', { format: 'xlsx', document: 'Software', target: { kind: 'path', path: xlsx } });
    expect(fs.readFileSync(xlsx).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('counts requirements with an ok verifying link as covered, leaves headings out, and lists the artifacts nothing links to', async () => {
    await linkedProject();
    await bench.importCsv('spare', 'x,y\n1,0\n');
    const c = await bench.call('trace.coverage', {});
    // S1 verifies via S3 and W1 via holdout@1; S2 only refines, S3 has no link of its own; H1 is a heading
    expect(c).toMatchObject({ requirements: 4, covered: 2, links: { ok: 4, suspect: 0, failing: 0, 'no-evidence': 0 } });
    expect(c.uncovered.requirements.map((r) => [r.id, r.reason])).toEqual([
      ['S2', 'no verifying link'],
      ['S3', 'no verifying link'],
    ]);
    expect(c.uncovered.artifacts).toEqual([{ kind: 'dataset_version', id: 'spare@1', label: 'spare@1' }]);
    const software = await bench.call('trace.coverage', { document: 'Software' });
    expect(software).toMatchObject({ requirements: 1, covered: 1, uncovered: { requirements: [] } });
  });
});
