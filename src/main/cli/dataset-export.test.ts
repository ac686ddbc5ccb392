import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProjectStore } from '../store/project-store';
import { sharedDataCli } from '../test-support/run-cli';
import { tempDir, testStoreOptions } from '../test-support/temp-project';

/** The real CLI in a child process, as a pipeline runs it; every call shares one data folder. */
const { airlock } = sharedDataCli();

const work = tempDir();
const project = path.join(work, 'proj');
const csv = 'id,name\n1,ada\n2,grace\n';

beforeAll(async () => {
  fs.writeFileSync(path.join(work, 'people.csv'), csv);
  expect((await airlock('init', project)).code).toBe(0);
  expect((await airlock('dataset', 'import', path.join(work, 'people.csv'), '--project', project, '--name', 'people')).code).toBe(0);
}, 120_000);

describe('airlock dataset export', () => {
  it('writes the file and prints its rows, bytes, SHA-256 and full path', async () => {
    const out = path.join(work, 'out.csv');
    const r = await airlock('dataset', 'export', 'people@1', out, '--project', project, '--json');
    expect(r.code).toBe(0);
    const sha256 = createHash('sha256').update(fs.readFileSync(out)).digest('hex');
    expect(JSON.parse(r.stdout)).toEqual({ dataset: 'people', version: 1, rows: 2, bytes: csv.length, sha256, destination: out, downloadId: null });
    expect(fs.readFileSync(out, 'utf8')).toBe(csv);
  }, 60_000);

  it('refuses to replace an existing file without --force, in one line naming it, and replaces it with --force', async () => {
    const out = path.join(work, 'mine.sh');
    fs.writeFileSync(out, '#!/bin/sh\necho mine\n');
    const refused = await airlock('dataset', 'export', 'people@1', out, '--project', project);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/^airlock: FILE_EXISTS: .*mine\.sh.* already exists; nothing was written/);
    expect(fs.readFileSync(out, 'utf8')).toBe('#!/bin/sh\necho mine\n');

    expect((await airlock('dataset', 'export', 'people@1', out, '--project', project, '--force')).code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(csv);
  }, 60_000);

  it('answers an export onto a folder with one line naming the folder, not INTERNAL', async () => {
    const folder = path.join(work, 'a-folder');
    fs.mkdirSync(folder);
    const r = await airlock('dataset', 'export', 'people@1', folder, '--project', project, '--force');
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`NOT_A_FILE: Cannot export to ${JSON.stringify(folder)}: it is a folder.`);
    expect(fs.readdirSync(folder)).toEqual([]);
  }, 60_000);

  it('records every export, with its destination and SHA-256, in the audit log', async () => {
    const out = path.join(work, 'again.csv');
    expect((await airlock('dataset', 'export', 'people@1', out, '--project', project)).code).toBe(0);
    const store = ProjectStore.open(project, testStoreOptions);
    const entries = store.audit.list(100).filter((e) => e.action === 'dataset.export');
    store.close();
    expect(entries.map((e) => e.details)).toContainEqual(expect.objectContaining({ dataset: 'people', version: 1, rows: 2, destination: out, sha256: createHash('sha256').update(fs.readFileSync(out)).digest('hex') }));
    expect(entries.every((e) => e.target === 'dataset:people@1')).toBe(true);
    expect((await airlock('verify-log', '--project', project)).code).toBe(0);
  }, 60_000);
});
