// GPU runtime packs: onnxruntime's CUDA provider libraries (and whatever else they need) carried to an air-gapped machine as
// a folder or an uncompressed .tar with pack.json, checked against their hashes and the installed onnxruntime-node's version
// before anything is copied, then installed beside onnxruntime's own library, where it looks for provider libraries.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { z } from 'zod';
import { fail } from '../../shared/errors';
import { CUDA_PROVIDER_LIBRARIES, ortLibraryDir } from './execution-providers';

export const PACK_MANIFEST = 'pack.json';

const packFileSchema = z.object({
  name: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 is 64 lower-case hex digits'),
  bytes: z.number().int().nonnegative(),
});
const manifestSchema = z.object({
  /** the onnxruntime version the provider libraries were built for: it must equal onnxruntime-node's exactly */
  onnxruntime: z.string().min(1),
  /** the CUDA version they were built for, shown to people (the driver decides whether it runs) */
  cuda: z.string().min(1),
  files: z.array(packFileSchema).min(1),
});
export type PackFile = z.infer<typeof packFileSchema>;
export type PackManifest = z.infer<typeof manifestSchema>;

/**
 * A file name a pack may install: one plain name, so nothing lands outside the library folder, and never the files
 * onnxruntime-node itself ships, which a pack must not replace.
 */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
const ORT_OWN_FILES = ['libonnxruntime.so.1', 'onnxruntime_binding.node', PACK_MANIFEST];
const MAX_MANIFEST_BYTES = 1 << 20;

/** Where one member's bytes are: a whole file of a pack folder, or a range of the .tar. */
interface Extent {
  file: string;
  offset: number;
  bytes: number;
  /** false for links, folders and devices, which a pack never installs */
  regular: boolean;
}

export interface VerifiedPack {
  path: string;
  kind: 'folder' | 'tar';
  manifest: PackManifest;
  totalBytes: number;
  /** where each listed file's verified bytes are */
  extents: Map<string, Extent>;
}

export interface PackOptions {
  /** the onnxruntime version the pack must be for; the installed onnxruntime-node's unless a test says otherwise */
  ortVersion?: string;
}

export interface InstallOptions extends PackOptions {
  /** where the libraries go; onnxruntime-node's library folder unless a test says otherwise */
  targetDir?: string;
}

export interface InstalledPack {
  dir: string;
  manifest: PackManifest;
  totalBytes: number;
}

function refuse(pack: string, why: string, field?: string, hint?: string): never {
  fail('BAD_INPUT', `GPU runtime pack ${pack}: ${why}; nothing was installed.`, { where: { file: pack, field }, hint });
}

/** Reads a NUL-terminated ASCII field of a tar header. */
function headerText(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? length : end).toString('utf8');
}

/** A tar number: octal digits, or base-256 (high bit set) for sizes beyond 8 GiB. */
function headerNumber(block: Buffer, start: number, length: number): number {
  if (block[start] & 0x80) {
    let n = block[start] & 0x7f;
    for (let i = start + 1; i < start + length; i++) n = n * 256 + block[i];
    return n;
  }
  const digits = headerText(block, start, length).trim();
  return digits === '' ? 0 : parseInt(digits, 8);
}

/** The `path` record of a pax extended header ("LEN path=VALUE\n" records), if it has one. */
function paxPath(data: string): string | undefined {
  let rest = data;
  while (rest.length > 0) {
    const space = rest.indexOf(' ');
    const length = Number(rest.slice(0, space));
    if (space < 0 || !Number.isInteger(length) || length <= space) return undefined;
    const record = rest.slice(space + 1, length - 1);
    if (record.startsWith('path=')) return record.slice(5);
    rest = rest.slice(length);
  }
  return undefined;
}

/**
 * Every member of an uncompressed tar (ustar, pax or GNU long names) by its path without a leading './'. Members are
 * not read here: their offsets are kept, so hashing and copying stream from the archive itself.
 */
function indexTar(file: string): Map<string, Extent> {
  const members = new Map<string, Extent>();
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const block = Buffer.alloc(512);
    let offset = 0;
    let longName: string | undefined;
    while (offset + 512 <= size) {
      fs.readSync(fd, block, 0, 512, offset);
      if (block.every((b) => b === 0)) break;
      const bytes = headerNumber(block, 124, 12);
      const type = String.fromCharCode(block[156] || 0x30);
      const dataAt = offset + 512;
      offset = dataAt + Math.ceil(bytes / 512) * 512;
      if (dataAt + bytes > size) fail('UNSUPPORTED_FORMAT', `${file}: the tar archive is cut short in a member's data`, { where: { file } });
      if (type === 'x' || type === 'L') {
        const data = Buffer.alloc(bytes);
        fs.readSync(fd, data, 0, bytes, dataAt);
        longName = type === 'L' ? headerText(data, 0, bytes) : paxPath(data.toString('utf8'));
        continue;
      }
      if (type === 'g') continue;
      const prefix = block.subarray(257, 262).toString('latin1') === 'ustar' ? headerText(block, 345, 155) : '';
      const name = longName ?? (prefix ? `${prefix}/${headerText(block, 0, 100)}` : headerText(block, 0, 100));
      longName = undefined;
      members.set(name.replace(/^(\.\/)+/, ''), { file, offset: dataAt, bytes, regular: type === '0' || type === '7' });
    }
  } finally {
    fs.closeSync(fd);
  }
  return members;
}

/**
 * The pack's members by name relative to the folder that holds pack.json: the archive's root, or its one top folder
 * (`tar -cf pack.tar pack/` as well as `tar -cf pack.tar -C pack .`).
 */
function tarMembers(file: string): Map<string, Extent> {
  const all = indexTar(file);
  const roots = [...all.keys()].filter((n) => path.posix.basename(n) === PACK_MANIFEST && !path.posix.dirname(n).includes('/'));
  if (roots.length !== 1) refuse(file, roots.length === 0 ? `no ${PACK_MANIFEST} at the archive's top` : `more than one ${PACK_MANIFEST}`);
  const base = path.posix.dirname(roots[0]);
  const members = new Map<string, Extent>();
  for (const [name, extent] of all) {
    const relative = base === '.' ? name : name.startsWith(`${base}/`) ? name.slice(base.length + 1) : null;
    if (relative !== null) members.set(relative, extent);
  }
  return members;
}

/** A folder member, looked up only for names already known to be plain (so it cannot leave the folder). */
function folderExtent(dir: string, name: string): Extent | undefined {
  const file = path.join(dir, name);
  const stat = fs.lstatSync(file, { throwIfNoEntry: false });
  return stat ? { file, offset: 0, bytes: stat.size, regular: stat.isFile() } : undefined;
}

/** Streams an extent's bytes through `each`, 1 MiB at a time; a multi-GB library never sits in memory whole. */
function streamExtent(extent: Extent, each: (chunk: Buffer) => void): void {
  const fd = fs.openSync(extent.file, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(1 << 20, Math.max(extent.bytes, 1)));
    let done = 0;
    while (done < extent.bytes) {
      const n = fs.readSync(fd, buffer, 0, Math.min(buffer.length, extent.bytes - done), extent.offset + done);
      if (n === 0) fail('FILE_VANISHED', `${extent.file} became shorter while it was read`, { where: { file: extent.file } });
      each(buffer.subarray(0, n));
      done += n;
    }
  } finally {
    fs.closeSync(fd);
  }
}

function sha256Of(extent: Extent): string {
  const hash = createHash('sha256');
  streamExtent(extent, (chunk) => hash.update(chunk));
  return hash.digest('hex');
}

function readManifest(pack: string, extent: Extent | undefined): PackManifest {
  if (!extent || !extent.regular) refuse(pack, `it has no ${PACK_MANIFEST}`, PACK_MANIFEST, 'A pack is a folder or .tar with pack.json beside the libraries (docs/gpu-runtime-pack.md).');
  if (extent.bytes > MAX_MANIFEST_BYTES) refuse(pack, `${PACK_MANIFEST} is over 1 MiB`, PACK_MANIFEST);
  const chunks: Buffer[] = [];
  streamExtent(extent, (c) => chunks.push(Buffer.from(c)));
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (e) {
    refuse(pack, `${PACK_MANIFEST} is not JSON (${e instanceof Error ? e.message : String(e)})`, PACK_MANIFEST);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.map(String).join('.');
    refuse(pack, `${PACK_MANIFEST} field ${field || '(top)'}: ${issue.message}`, field);
  }
  return parsed.data;
}

/** Names that could escape the library folder, replace onnxruntime's own files, or appear twice are refused. */
function checkNames(pack: string, manifest: PackManifest): void {
  const seen = new Set<string>();
  manifest.files.forEach(({ name }, i) => {
    const field = `files.${i}.name`;
    if (!SAFE_NAME.test(name)) refuse(pack, `file name ${JSON.stringify(name)} is not a plain file name (no folders, no '..')`, field);
    if (ORT_OWN_FILES.includes(name)) refuse(pack, `it would replace ${name}, which onnxruntime-node ships itself`, field);
    if (seen.has(name)) refuse(pack, `${name} is listed twice`, field);
    seen.add(name);
  });
  const absent = CUDA_PROVIDER_LIBRARIES.filter((l) => !seen.has(l));
  if (absent.length > 0) refuse(pack, `it does not list ${absent.join(' and ')}, which the CUDA provider needs`, 'files');
}

/**
 * Checks a pack without installing it: pack.json's shape, that it is for this onnxruntime-node's exact version (provider
 * libraries of another version crash or refuse to load), plain file names, and every file's size and sha256.
 */
export function verifyPack(packPath: string, options: PackOptions = {}): VerifiedPack {
  const pack = path.resolve(packPath);
  const stat = fs.statSync(pack, { throwIfNoEntry: false });
  if (!stat) fail('FILE_NOT_FOUND', `GPU runtime pack ${pack} does not exist`, { where: { file: pack } });
  if (!stat.isDirectory() && !pack.endsWith('.tar')) {
    fail('UNSUPPORTED_FORMAT', `GPU runtime pack ${pack}: a pack is a folder or an uncompressed .tar archive`, { where: { file: pack }, hint: 'Unpack a .tar.gz or .tar.xz first; xz is not read here.' });
  }
  const kind = stat.isDirectory() ? 'folder' : 'tar';
  const members = kind === 'tar' ? tarMembers(pack) : null;
  const extentOf = (name: string): Extent | undefined => (members ? members.get(name) : folderExtent(pack, name));

  const manifest = readManifest(pack, extentOf(PACK_MANIFEST));
  const installed = options.ortVersion ?? ort.env.versions.common;
  if (manifest.onnxruntime !== installed) {
    refuse(pack, `it is for onnxruntime ${manifest.onnxruntime}, but Airlock runs onnxruntime-node ${installed}`, 'onnxruntime', `Assemble a pack from the CUDA provider build of onnxruntime ${installed} (docs/gpu-runtime-pack.md).`);
  }
  checkNames(pack, manifest);
  const extents = new Map<string, Extent>();
  manifest.files.forEach((f, i) => {
    const extent = extentOf(f.name);
    if (!extent) refuse(pack, `${f.name} is listed in ${PACK_MANIFEST} but missing`, `files.${i}`);
    if (!extent.regular) refuse(pack, `${f.name} is not a regular file (links are not installed)`, `files.${i}`);
    if (extent.bytes !== f.bytes) refuse(pack, `${f.name} has ${extent.bytes} bytes, ${PACK_MANIFEST} says ${f.bytes}`, `files.${i}.bytes`);
    if (sha256Of(extent) !== f.sha256) refuse(pack, `${f.name} does not match its sha256 in ${PACK_MANIFEST} (damaged or altered)`, `files.${i}.sha256`);
    extents.set(f.name, extent);
  });
  return { path: pack, kind, manifest, totalBytes: manifest.files.reduce((s, f) => s + f.bytes, 0), extents };
}

/** Copies one verified file to a temporary name in dir, hashing again on the way (the pack may change after its check). */
function copyToTemp(pack: VerifiedPack, file: PackFile, temp: string): void {
  const fd = fs.openSync(temp, 'w', 0o644);
  const hash = createHash('sha256');
  try {
    streamExtent(pack.extents.get(file.name) ?? fail('INTERNAL', `${file.name} was verified but has no extent`), (chunk) => {
      hash.update(chunk);
      fs.writeSync(fd, chunk);
    });
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  if (hash.digest('hex') !== file.sha256) refuse(pack.path, `${file.name} changed while it was being installed`, 'files');
}

/**
 * Verifies the pack, then copies every file to a temporary name in the library folder and renames them into place only
 * when all are copied, so a failure leaves the folder as it was. Writes nothing anywhere else.
 */
export function installPack(packPath: string, options: InstallOptions = {}): InstalledPack {
  const pack = verifyPack(packPath, options);
  const dir = options.targetDir ?? ortLibraryDir();
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) fail('FILE_NOT_FOUND', `onnxruntime's library folder ${dir} does not exist`, { where: { file: dir } });
  const temps = pack.manifest.files.map((file) => path.join(dir, `.${file.name}.${process.pid}.pack-tmp`));
  try {
    pack.manifest.files.forEach((file, i) => copyToTemp(pack, file, temps[i]));
    pack.manifest.files.forEach((file, i) => fs.renameSync(temps[i], path.join(dir, file.name)));
  } catch (e) {
    for (const temp of temps) fs.rmSync(temp, { force: true });
    throw e;
  }
  return { dir, manifest: pack.manifest, totalBytes: pack.totalBytes };
}
