import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/program';
import { errorOf } from '../test-support/app-error-of';
import { tempDir } from '../test-support/temp-project';
import { installPack, verifyPack, type PackManifest } from './runtime-pack';

const INSTALLED = ort.env.versions.common;
/** a real onnxruntime release that is not the installed one */
const OTHER_VERSION = INSTALLED === '1.28.0' ? '1.27.0' : '1.28.0';

/** Small stand-ins for the provider libraries: what is checked is bytes and hashes, not what the bytes do. */
const LIBRARIES: Record<string, string> = {
  'libonnxruntime_providers_cuda.so': 'cuda provider bytes '.repeat(700),
  'libonnxruntime_providers_shared.so': 'shared provider bytes',
  'libcudnn.so.9': 'cudnn bytes',
};

function manifestOf(files: Record<string, string>, onnxruntime = INSTALLED): PackManifest {
  const entries = Object.entries(files).map(([name, text]) => ({ name, sha256: createHash('sha256').update(text).digest('hex'), bytes: Buffer.byteLength(text) }));
  return { onnxruntime, cuda: '13.0', files: entries };
}

/** A pack folder holding `files` and pack.json (the right manifest for them unless one is given). */
function packFolder(files: Record<string, string> = LIBRARIES, manifest: PackManifest = manifestOf(files)): string {
  const dir = path.join(tempDir('airlock-pack-'), 'pack');
  fs.mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  fs.writeFileSync(path.join(dir, 'pack.json'), JSON.stringify(manifest));
  return dir;
}

/** GNU tar's own archive of a pack folder, with the folder as the top member or its contents at the root. */
function packTar(folder: string, layout: 'top-folder' | 'root'): string {
  const tar = path.join(tempDir('airlock-pack-tar-'), 'pack.tar');
  const args = layout === 'root' ? ['-cf', tar, '-C', folder, '.'] : ['-cf', tar, '-C', path.dirname(folder), path.basename(folder)];
  execFileSync('tar', args);
  return tar;
}

function listing(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

describe('GPU runtime packs', () => {
  it('verifies a pack folder and installs its files byte for byte into the library folder, leaving no temporary files', () => {
    const pack = packFolder();
    const verified = verifyPack(pack);
    expect([verified.kind, verified.manifest.files.length, verified.totalBytes]).toEqual(['folder', 3, Object.values(LIBRARIES).join('').length]);
    const target = tempDir('airlock-ortlib-');
    const installed = installPack(pack, { targetDir: target });
    expect(installed.dir).toBe(target);
    expect(listing(target)).toEqual(Object.keys(LIBRARIES).sort());
    for (const [name, text] of Object.entries(LIBRARIES)) expect(fs.readFileSync(path.join(target, name), 'utf8')).toBe(text);
  });

  it('installs from a tar made by GNU tar, with the pack as its top folder or at its root', () => {
    for (const layout of ['top-folder', 'root'] as const) {
      const target = tempDir('airlock-ortlib-');
      installPack(packTar(packFolder(), layout), { targetDir: target });
      expect(listing(target)).toEqual(Object.keys(LIBRARIES).sort());
      expect(fs.readFileSync(path.join(target, 'libonnxruntime_providers_cuda.so'), 'utf8')).toBe(LIBRARIES['libonnxruntime_providers_cuda.so']);
    }
  });

  it('refuses a file whose bytes do not match its sha256, in a folder or a tar, and installs nothing', () => {
    const altered = { ...LIBRARIES, 'libcudnn.so.9': 'cudnn bytez' };
    const pack = packFolder(altered, manifestOf(LIBRARIES));
    for (const source of [pack, packTar(pack, 'top-folder')]) {
      const target = tempDir('airlock-ortlib-');
      const error = errorOf(() => installPack(source, { targetDir: target }));
      expect(error).toMatchObject({ code: 'BAD_INPUT', where: { file: source, field: 'files.2.sha256' } });
      expect(error.message).toMatch(/^GPU runtime pack .*: libcudnn\.so\.9 does not match its sha256 in pack\.json .*nothing was installed\.$/);
      expect(listing(target)).toEqual([]);
    }
  });

  it('refuses a pack for another onnxruntime version than the installed onnxruntime-node, naming both', () => {
    const target = tempDir('airlock-ortlib-');
    const error = errorOf(() => installPack(packFolder(LIBRARIES, manifestOf(LIBRARIES, OTHER_VERSION)), { targetDir: target }));
    expect(error).toMatchObject({ code: 'BAD_INPUT', where: { field: 'onnxruntime' } });
    expect(error.message).toContain(`it is for onnxruntime ${OTHER_VERSION}, but Airlock runs onnxruntime-node ${INSTALLED}`);
    expect(error.hint).toContain(`onnxruntime ${INSTALLED}`);
    expect(listing(target)).toEqual([]);
  });

  it('refuses a listed file that is missing, and a file whose size differs from pack.json', () => {
    const { 'libcudnn.so.9': _dropped, ...withoutCudnn } = LIBRARIES;
    expect(errorOf(() => verifyPack(packFolder(withoutCudnn, manifestOf(LIBRARIES)))).message).toContain('libcudnn.so.9 is listed in pack.json but missing');
    const longer = { ...LIBRARIES, 'libcudnn.so.9': 'cudnn bytes!' };
    expect(errorOf(() => verifyPack(packFolder(longer, manifestOf(LIBRARIES)))).message).toContain('libcudnn.so.9 has 12 bytes, pack.json says 11');
  });

  it('refuses names that would write outside the library folder or replace onnxruntime-node\'s own library', () => {
    const good = manifestOf(LIBRARIES);
    for (const name of ['../libevil.so', 'sub/libevil.so', '/tmp/libevil.so', '..', '.hidden.so']) {
      const manifest = { ...good, files: [...good.files, { ...good.files[2], name }] };
      const error = errorOf(() => verifyPack(packFolder(LIBRARIES, manifest)));
      expect([error.code, error.where?.field, error.message]).toEqual(['BAD_INPUT', 'files.3.name', expect.stringContaining('is not a plain file name')]);
    }
    const replacing = { ...good, files: [...good.files, { ...good.files[2], name: 'libonnxruntime.so.1' }] };
    expect(errorOf(() => verifyPack(packFolder(LIBRARIES, replacing))).message).toContain('it would replace libonnxruntime.so.1');
  });

  it('refuses a pack without the two CUDA provider libraries, or with a malformed pack.json', () => {
    const { 'libonnxruntime_providers_shared.so': _dropped, ...withoutShared } = LIBRARIES;
    expect(errorOf(() => verifyPack(packFolder(withoutShared))).message).toContain('it does not list libonnxruntime_providers_shared.so');
    const bad = { ...manifestOf(LIBRARIES), files: [{ name: 'libonnxruntime_providers_cuda.so', sha256: 'abc', bytes: 1 }] };
    expect(errorOf(() => verifyPack(packFolder(LIBRARIES, bad)))).toMatchObject({ where: { field: 'files.0.sha256' } });
  });

  it('refuses a listed file that is a symbolic link, in a folder and in a tar', () => {
    const pack = packFolder();
    const cudnn = path.join(pack, 'libcudnn.so.9');
    fs.renameSync(cudnn, path.join(pack, 'real-cudnn'));
    fs.symlinkSync('real-cudnn', cudnn);
    for (const source of [pack, packTar(pack, 'root')]) {
      expect(errorOf(() => verifyPack(source)).message).toContain('libcudnn.so.9 is not a regular file');
    }
  });

  it('refuses what is neither a folder nor a .tar, and a path that does not exist', () => {
    const gz = path.join(tempDir(), 'pack.tar.gz');
    fs.writeFileSync(gz, 'not really');
    expect(errorOf(() => verifyPack(gz)).code).toBe('UNSUPPORTED_FORMAT');
    expect(errorOf(() => verifyPack(path.join(tempDir(), 'absent'))).code).toBe('FILE_NOT_FOUND');
  });
});

describe('airlock providers verify-pack and install-pack', () => {
  async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('verify-pack --json prints the checked manifest and exits 0', async () => {
    const run = await cli(['providers', 'verify-pack', packTar(packFolder(), 'root'), '--json']);
    expect([run.code, run.err]).toEqual([0, '']);
    expect(JSON.parse(run.out)).toMatchObject({ ok: true, kind: 'tar', onnxruntime: INSTALLED, cuda: '13.0', files: expect.arrayContaining([expect.objectContaining({ name: 'libcudnn.so.9', bytes: 11 })]) });
  });

  it('install-pack refuses a pack for another onnxruntime in one line and exits 1', async () => {
    const run = await cli(['providers', 'install-pack', packFolder(LIBRARIES, manifestOf(LIBRARIES, OTHER_VERSION))]);
    expect(run.code).toBe(1);
    expect(run.out).toBe('');
    expect(run.err.split('\n')[0]).toContain(`it is for onnxruntime ${OTHER_VERSION}, but Airlock runs onnxruntime-node ${INSTALLED}`);
  });
});
