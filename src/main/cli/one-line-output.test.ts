// Names and paths holding line breaks or tabs keep the CLI's output one line per row and its errors one line.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { airlock } from '../test-support/run-cli';
import { tempDir } from '../test-support/temp-project';
import { table } from './table';

describe('one line per row, one line per error', () => {
  it('escapes line breaks and tabs in table cells, so each row stays one line with the same columns', () => {
    expect(table([['a\nb', 'c\td', null], ['e', 1, true]])).toBe('a\\nb\tc\\td\t\ne\t1\ttrue');
  });

  it('prints a column whose header holds a line break and a tab as one profile row', async () => {
    const dir = path.join(tempDir(), 'proj');
    expect((await airlock('init', dir)).code).toBe(0);
    const csv = path.join(tempDir(), 'odd.csv');
    fs.writeFileSync(csv, 'id,"two\nlines\tand tab",plain\n1,x,2\n2,y,3\n');
    expect((await airlock('dataset', 'import', csv, '--name', 'odd', '--project', dir)).code).toBe(0);
    const profile = await airlock('dataset', 'profile', 'odd@1', '--project', dir);
    expect(profile.code).toBe(0);
    const rows = profile.stdout.trimEnd().split('\n');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toMatch(/^two\\nlines\\tand tab\t(categorical|text)\tnulls 0\tdistinct 2$/);
    for (const row of rows) expect(row.split('\t')).toHaveLength(4);
  }, 60_000);

  it('reports a missing project whose path holds a line break and a tab on one stderr line, both escaped', async () => {
    const missing = path.join(tempDir(), 'no\nsuch\tproject');
    const r = await airlock('dataset', 'list', '--project', missing);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    const escaped = missing.replace('\n', '\\n').replace('\t', '\\t');
    expect(r.stderr.trimEnd()).toBe(`airlock: PROJECT_NOT_FOUND: No Airlock project in ${escaped} (no project.sqlite). (${escaped}) Hint: Create a project there, or pick the folder that holds project.sqlite.`);
  }, 60_000);

  it('reports a file an import cannot find on one line even when its name holds line breaks', async () => {
    const dir = path.join(tempDir(), 'proj');
    await airlock('init', dir);
    const r = await airlock('dataset', 'import', path.join(tempDir(), 'no\nsuch\rfile.csv'), '--name', 'x', '--project', dir);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^airlock: FILE_NOT_FOUND: /);
  }, 60_000);
});
