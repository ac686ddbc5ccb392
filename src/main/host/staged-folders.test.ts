import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-project';
import { writeZip } from '../test-support/zip-writer';
import { StagedFolders } from './staged-folders';

/** An uploaded .zip of a one-file folder, as the host would resolve it. */
function uploadedZip(): { path: string; fileName: string } {
  const file = path.join(tempDir(), 'mlruns.zip');
  writeZip(file, [{ name: 'mlruns/0/meta.yaml', data: 'name: Default\n' }]);
  return { path: file, fileName: 'mlruns.zip' };
}

describe('staged folders', () => {
  it('removes a folder once the job that read it ends, and keeps it until then', async () => {
    const staged = new StagedFolders(tempDir());
    const folder = await staged.unzip(uploadedZip());
    expect(fs.readFileSync(path.join(folder.path, '0', 'meta.yaml'), 'utf8')).toBe('name: Default\n');
    folder.consumedBy?.('job-1');
    staged.jobEnded('job-2');
    expect(fs.existsSync(folder.path)).toBe(true);
    staged.jobEnded('job-1');
    expect(fs.existsSync(folder.path)).toBe(false);
  });

  it('removes every folder of the session when it closes, also one no job ever read', async () => {
    const dir = tempDir();
    const staged = new StagedFolders(dir);
    const unread = await staged.unzip(uploadedZip());
    const read = await staged.unzip(uploadedZip());
    read.consumedBy?.('job-1');
    staged.dispose();
    expect(fs.existsSync(unread.path)).toBe(false);
    expect(fs.existsSync(read.path)).toBe(false);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
