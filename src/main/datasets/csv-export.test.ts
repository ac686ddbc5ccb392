import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppFailure, formatAppError } from '../../shared/errors';
import { errorOf } from '../test-support/app-error-of';
import { writeCsv } from './csv-export';
import { DatasetsService } from './datasets-service';
import { importDataset } from './import-dataset';
import { quietProgress, tempProject, type TempProject } from './test-project';

let p: TempProject;
let out: string;
beforeEach(async () => {
  p = tempProject();
  out = path.join(p.dir, 'out');
  fs.mkdirSync(out);
  const rows = Array.from({ length: 70_000 }, (_, i) => `${i},name ${i % 7}`).join('\n');
  await importDataset(p.store, { path: p.file('people.csv', `id,name\n${rows}\n`), fileName: 'people.csv', name: 'people' }, quietProgress());
});
afterEach(() => p.cleanup());

const source = () => new DatasetsService(p.store).exportSource('people', 1);

describe('CSV export never replaces a file nobody agreed to replace', () => {
  it('refuses an existing file without overwrite, naming it, and leaves it and its folder as they were', () => {
    const target = path.join(out, 'run.sh');
    fs.writeFileSync(target, '#!/bin/sh\necho mine\n');
    const error = errorOf(() => writeCsv(p.store.blobs, source(), target, { overwrite: false }));
    expect(error.code).toBe('FILE_EXISTS');
    expect(error.message).toContain(target);
    expect(fs.readFileSync(target, 'utf8')).toBe('#!/bin/sh\necho mine\n');
    expect(fs.readdirSync(out)).toEqual(['run.sh']);
  });

  it('leaves a file that appeared while the export was being written, and removes its own temp file', () => {
    const target = path.join(out, 'people.csv');
    const staged = writeCsv(p.store.blobs, source(), target, {
      overwrite: false,
      // another program creates the target between our check and our publish
      onRows: (rows) => rows === 65_536 && fs.writeFileSync(target, 'theirs\n'),
    });
    const error = errorOf(() => staged.publish());
    expect(error.code).toBe('FILE_EXISTS');
    expect(error.message).toMatch(/appeared while exporting/);
    expect(fs.readFileSync(target, 'utf8')).toBe('theirs\n');
    expect(fs.readdirSync(out)).toEqual(['people.csv']);
  });

  it('replaces an existing file when asked to, with the whole new content', () => {
    const target = path.join(out, 'people.csv');
    fs.writeFileSync(target, 'old\n');
    writeCsv(p.store.blobs, source(), target, { overwrite: true }).publish();
    const text = fs.readFileSync(target, 'utf8');
    expect(text.startsWith('id,name\n0,name 0\n')).toBe(true);
    expect(text.trimEnd().split('\n')).toHaveLength(70_001);
    expect(fs.readdirSync(out)).toEqual(['people.csv']);
  });

  it('answers an export onto a folder with one line naming the folder, not INTERNAL, and writes nothing', () => {
    const error = errorOf(() => writeCsv(p.store.blobs, source(), out, { overwrite: true }));
    expect(error.code).toBe('NOT_A_FILE');
    expect(formatAppError(error)).not.toContain('\n');
    expect(error.message).toContain(out);
    expect(error.where?.file).toBe(out);
    expect(fs.readdirSync(out)).toEqual([]);
    expect(fs.readdirSync(p.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('reports the byte count and SHA-256 of exactly the bytes it wrote', () => {
    const target = path.join(out, 'people.csv');
    const staged = writeCsv(p.store.blobs, source(), target, { overwrite: false });
    staged.publish();
    const bytes = fs.readFileSync(target);
    expect(staged.bytes).toBe(bytes.length);
    expect(staged.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('stops when progress throws (Cancel) and leaves no file at all', () => {
    const target = path.join(out, 'people.csv');
    const stop = new AppFailure({ code: 'JOB_CANCELLED', message: 'Cancelled by the user; nothing was stored.' });
    expect(() =>
      writeCsv(p.store.blobs, source(), target, {
        overwrite: false,
        onRows: () => {
          throw stop;
        },
      }),
    ).toThrow(stop);
    expect(fs.readdirSync(out)).toEqual([]);
  });
});
