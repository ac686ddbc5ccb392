import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleReqif } from '../requirements/reqif/test-reqif';
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
});
