import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppFailure, type AppError } from '../../shared/errors';
import { tempDir } from '../test-support/temp-project';
import { writeZip, type ZipEntrySpec } from '../test-support/zip-writer';
import { unzipFolder } from './zip-folder';

async function unzip(entries: ZipEntrySpec[], limits?: { maxEntries: number; maxBytes: number }): Promise<{ into: string; error: AppError | null }> {
  const work = tempDir();
  const zip = path.join(work, 'mlruns.zip');
  writeZip(zip, entries);
  const into = path.join(work, 'into');
  fs.mkdirSync(into);
  try {
    await unzipFolder(zip, 'mlruns.zip', into, limits);
    return { into, error: null };
  } catch (e) {
    if (e instanceof AppFailure) return { into, error: e.error };
    throw e;
  }
}

const files = (dir: string): string[] => (fs.readdirSync(dir, { recursive: true }) as string[]).sort();

describe('unpacking an uploaded .zip of a folder', () => {
  it('writes its folders and files, byte for byte', async () => {
    const big = Buffer.alloc(300_000, 7);
    const { into, error } = await unzip([{ name: 'mlruns/', mode: 0o040755 }, { name: 'mlruns/0/meta.yaml', data: 'name: Default\n' }, { name: 'mlruns/0/big.bin', data: big }, { name: 'mlruns/0/empty' }]);
    expect(error).toBeNull();
    expect(files(into)).toEqual(['mlruns', 'mlruns/0', 'mlruns/0/big.bin', 'mlruns/0/empty', 'mlruns/0/meta.yaml']);
    expect(fs.readFileSync(path.join(into, 'mlruns/0/big.bin')).equals(big)).toBe(true);
    expect(fs.readFileSync(path.join(into, 'mlruns/0/empty'), 'utf8')).toBe('');
  });

  it.each([
    ['a parent-folder name', '../outside.txt'],
    ['a parent folder in the middle', 'mlruns/../../outside.txt'],
    ['an absolute name', '/tmp/outside.txt'],
    ['a drive name', 'C:/outside.txt'],
    ['a backslash', 'mlruns\\..\\outside.txt'],
    ['a control character', 'mlruns/a\nb'],
  ])('refuses %s and writes nothing anywhere', async (_what, name) => {
    const { into, error } = await unzip([{ name: 'mlruns/0/meta.yaml', data: 'x' }, { name, data: 'payload' }]);
    expect(error).toMatchObject({ code: 'ARCHIVE_REFUSED', where: { file: 'mlruns.zip' } });
    expect(error!.message).toContain(JSON.stringify(name));
    expect(files(into)).toEqual([]);
    expect(fs.existsSync(path.join(path.dirname(into), 'outside.txt'))).toBe(false);
  });

  it('refuses a symbolic link and a device, naming the entry', async () => {
    const link = await unzip([{ name: 'mlruns/0/artifacts', data: '/etc', mode: 0o120777 }]);
    expect(link.error?.message).toMatch(/"mlruns\/0\/artifacts" is a symbolic link/);
    const fifo = await unzip([{ name: 'mlruns/0/meta.yaml', mode: 0o010644 }]);
    expect(fifo.error?.message).toMatch(/is not a plain file or folder/);
  });

  it('stops an entry that unpacks to more than it declares (a zip bomb), and one past the host limit', async () => {
    const bomb = await unzip([{ name: 'm', data: Buffer.alloc(5_000_000), claimedSize: 1000 }]);
    expect(bomb.error?.message).toMatch(/"m" unpacks to more than the 1000 bytes it declares/);
    const large = await unzip([{ name: 'm', data: Buffer.alloc(2000) }], { maxEntries: 10, maxBytes: 1000 });
    expect(large.error?.message).toMatch(/unpacks to 2000 bytes, more than the 1000/);
    const many = await unzip([{ name: 'a' }, { name: 'b' }, { name: 'c' }], { maxEntries: 2, maxBytes: 1000 });
    expect(many.error?.message).toMatch(/holds 3 entries/);
  });

  it('refuses a file that is not a zip and an entry that appears twice', async () => {
    const twice = await unzip([{ name: 'a', data: '1' }, { name: 'a', data: '2' }]);
    expect(twice.error?.message).toMatch(/"a" appears twice/);
    const work = tempDir();
    fs.writeFileSync(path.join(work, 'x.zip'), 'not a zip at all');
    await expect(unzipFolder(path.join(work, 'x.zip'), 'x.zip', work)).rejects.toMatchObject({ error: { code: 'ARCHIVE_REFUSED', message: 'x.zip: it is not a .zip file; nothing was imported.' } });
  });
});
