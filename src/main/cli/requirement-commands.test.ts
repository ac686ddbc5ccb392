import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleReqif } from '../requirements/reqif/test-reqif';
import { registerClassifierVersion, storeVerdicts, verdict } from '../requirements/store/test-classifications';
import { ProjectStore } from '../store/project-store';
import { oneLineFailure, sharedDataCli, type CliRun } from '../test-support/run-cli';
import { tempDir, testStoreOptions } from '../test-support/temp-project';

/** The real CLI in a child process, as a pipeline runs it; every call shares one data folder. */
const { airlock } = sharedDataCli();

const work = tempDir();
const project = path.join(work, 'proj');
ProjectStore.create(project, testStoreOptions).close();
const reqif = path.join(work, 'brakes.reqif');
fs.writeFileSync(reqif, sampleReqif());

function json<T>(r: CliRun): T {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
}

describe('airlock req', () => {
  it('imports ReqIF, lists it, edits a requirement into a new revision, shows its history and exports it again', async () => {
    const summary = json<Record<string, unknown>>(await airlock('req', 'import', reqif, '--project', project, '--json'));
    expect(summary).toMatchObject({ documents: 1, requirements: 4, relations: 2, hierarchy_nodes: 3 });
    expect((summary.warnings as unknown[]).length).toBe(3);

    const rows = json<Record<string, unknown>[]>(await airlock('req', 'list', '--project', project, '--document', 'System requirements', '--json'));
    expect(rows.map((r) => [r.id, r.parent, r.document, r.class])).toEqual([
      ['obj-1', null, 'System requirements', null],
      ['obj-2', null, 'System requirements', null],
      ['obj-3', 'obj-2', 'System requirements', null],
      ['obj-orphan', null, 'System requirements', null],
    ]);
    expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['id', 'title', 'text', 'level', 'parent', 'document', 'class']));

    expect(json<{ revision: number }>(await airlock('req', 'edit', 'obj-2', '--text', 'The lamp shall blink at 2 Hz.', '--project', project, '--json')).revision).toBe(2);
    const shown = json<{ history: { text: string }[] }>(await airlock('req', 'show', 'obj-2', '--history', '--project', project, '--json'));
    expect(shown.history.map((h) => h.text)).toEqual(['The lamp shall blink.', 'The lamp shall blink at 2 Hz.']);
    expect(json<unknown[]>(await airlock('req', 'diff', 'obj-2', '1', '2', '--project', project, '--json'))).toEqual([
      { op: 'same', text: 'The lamp shall ' },
      { op: 'added', text: 'blink at 2 Hz.' },
      { op: 'removed', text: 'blink.' },
    ]);

    const out = path.join(work, 'out.reqif');
    expect(json<Record<string, unknown>>(await airlock('req', 'export', out, '--project', project, '--json'))).toMatchObject({ documents: 1, requirements: 4, relations: 2 });
    const written = fs.readFileSync(out, 'utf8');
    expect(written).toContain('IDENTIFIER="obj-2"');
    expect(written).toContain('The lamp shall blink at 2 Hz.');
  }, 120_000);

  it('fails in one line with a non-zero exit for an unknown requirement and a file of the wrong kind', async () => {
    expect(oneLineFailure(await airlock('req', 'show', 'nope', '--project', project))).toMatch(/No requirement nope/);
    const txt = path.join(work, 'notes.txt');
    fs.writeFileSync(txt, 'hello\n');
    expect(oneLineFailure(await airlock('req', 'import', txt, '--project', project, '--json'))).toMatch(/\.reqif, \.reqifz or \.csv/);
  }, 60_000);

  it('edits a typed ReqIF attribute by its long name, and refuses a value of the wrong type in one line', async () => {
    expect(json<{ revision: number }>(await airlock('req', 'edit', 'obj-1', '--attr', 'Priority=7', 'ASIL=ASIL A', '--project', project, '--json')).revision).toBe(2);
    const shown = json<{ attributes: { definition: string }[] }>(await airlock('req', 'show', 'obj-1', '--project', project, '--json'));
    expect(shown.attributes.filter((a) => a.definition === 'a-prio' || a.definition === 'a-asil')).toEqual([
      { kind: 'ENUMERATION', definition: 'a-asil', values: ['asil-a'] },
      { kind: 'INTEGER', definition: 'a-prio', value: 7 },
    ]);
    expect(oneLineFailure(await airlock('req', 'edit', 'obj-1', '--attr', 'Priority=high', '--project', project))).toMatch(/Attribute "Priority" of requirement obj-1: "high" is not an integer/);
  }, 60_000);

  it('lints, lists pairs, dismisses one until asked for all, restores it, fills the stored class and exports only with --force over a file', async () => {
    const pumps = path.join(work, 'pumps');
    const store = ProjectStore.create(pumps, testStoreOptions);
    const csv = path.join(work, 'pump.csv');
    fs.writeFileSync(
      csv,
      [
        'id,text',
        'P1,The pump shall stop within 2 s when the door of the washing chamber opens.',
        '"P2","When the door of the washing chamber opens, the pump shall stop within 2 s."',
        'P3,The heater shall keep the water temperature at most 60 °C.',
        'P4,The heater shall keep the water temperature at most 45 °C.',
        '"P5","The display should be user-friendly, if possible."',
      ].join('\n') + '\n',
    );
    store.close();
    json(await airlock('req', 'import', csv, '--project', pumps, '--json'));
    const classified = ProjectStore.open(pumps, testStoreOptions);
    storeVerdicts(classified, [verdict('P3', 1, registerClassifierVersion(classified, '2026-01-01T00:00:00.000Z'), 'performance')], '2026-01-01T00:00:00.000Z');
    classified.close();
    const listed = json<{ id: string; class: string | null }[]>(await airlock('req', 'list', '--project', pumps, '--json'));
    expect(listed.map((r) => r.class)).toEqual([null, null, 'performance', null, null]);

    const lint = json<{ id: string; score: number; ears: { pattern: string }; findings: { start: number; end: number; text: string; rule: string; why: string; suggestion: string }[] }[]>(
      await airlock('req', 'lint', '--project', pumps, '--json'),
    );
    const vague = lint.find((r) => r.id === 'P5');
    expect(vague?.findings.map((f) => [f.rule, f.text])).toEqual(expect.arrayContaining([['subjective-language', 'user-friendly'], ['loophole', 'if possible']]));
    expect(Object.keys(vague?.findings[0] ?? {}).sort()).toEqual(['end', 'rule', 'start', 'suggestion', 'text', 'why']);

    type Pair = { a: string; b: string; relation: string; score: number; reason: string; dismissed: boolean };
    const pairs = async (...more: string[]) => json<Pair[]>(await airlock('req', 'pairs', '--project', pumps, '--json', ...more)).map((p) => `${p.a} ${p.b} ${p.relation}${p.dismissed ? ' dismissed' : ''}`);
    expect(await pairs()).toEqual(['P1 P2 duplicate', 'P3 P4 conflict']);
    json(await airlock('req', 'pairs', 'dismiss', 'P1', 'P2', '--relation', 'duplicate', '--reason', 'the EARS rewrite of P1', '--project', pumps, '--json'));
    expect(await pairs()).toEqual(['P3 P4 conflict']);
    expect(await pairs('--all')).toEqual(['P1 P2 duplicate dismissed', 'P3 P4 conflict']);
    json(await airlock('req', 'pairs', 'restore', 'P2', 'P1', '--relation', 'duplicate', '--project', pumps, '--json'));
    expect(await pairs()).toEqual(['P1 P2 duplicate', 'P3 P4 conflict']);

    const out = path.join(work, 'pumps.csv');
    const first = json<{ sha256: string }>(await airlock('req', 'export', out, '--project', pumps, '--json'));
    expect(oneLineFailure(await airlock('req', 'export', out, '--project', pumps))).toMatch(/already exists; nothing was written/);
    expect(json<{ sha256: string }>(await airlock('req', 'export', out, '--force', '--project', pumps, '--json')).sha256).toBe(first.sha256);
    const audited = ProjectStore.open(pumps, testStoreOptions);
    expect(audited.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'requirements.%' ORDER BY seq").pluck().all()).toEqual([
      'requirements.import', 'requirements.dismissPair', 'requirements.restorePair', 'requirements.export', 'requirements.export',
    ]);
    audited.close();
  }, 120_000);
});
