import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-project';
import { Downloads } from './downloads';
import { prepareSweptDir } from './stale-entries';
import { StagedFolders } from './staged-folders';

const HOUR_S = 3600;

/** A file and a folder in dir, last modified `ageS` seconds ago. */
function leave(dir: string, name: string, ageS: number): void {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'data.csv'), 'a\n1\n');
  const file = path.join(dir, `${name}.file`);
  fs.writeFileSync(file, 'x');
  const at = Date.now() / 1000 - ageS;
  for (const entry of [folder, file]) fs.utimesSync(entry, at, at);
}

describe('stale entries of the host data folders', () => {
  it('removes what was last modified over a day ago, keeps what is younger, and makes a missing folder 0700', () => {
    const dir = path.join(tempDir(), 'swept');
    prepareSweptDir(dir);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    leave(dir, 'old', 25 * HOUR_S);
    leave(dir, 'young', 23 * HOUR_S);
    prepareSweptDir(dir);
    expect(fs.readdirSync(dir).sort()).toEqual(['young', 'young.file']);
  });

  it('are swept when a Downloads or StagedFolders starts on the folder', () => {
    for (const start of [(dir: string) => new Downloads(dir), (dir: string) => new StagedFolders(dir)]) {
      const dir = tempDir();
      leave(dir, 'old', 25 * HOUR_S);
      leave(dir, 'young', HOUR_S);
      start(dir);
      expect(fs.readdirSync(dir).sort()).toEqual(['young', 'young.file']);
    }
  });
});
