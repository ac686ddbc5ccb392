// Unpacks a .zip of a folder (how browser mode hands us an mlruns folder) into a fresh folder, refusing every entry
// that could land outside it or be anything but a plain file or folder: '..', absolute or drive names, backslashes,
// links, devices, encryption, duplicates. It reads the central directory itself because that is where a link is
// marked (fflate does not expose entry attributes), and inflates each entry as a stream with node:zlib (in libuv's
// thread pool), counting bytes against what the entry declared, so memory stays flat and a zip bomb stops early.
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { AppFailure } from '../../shared/errors';

export interface ZipLimits {
  maxEntries: number;
  /** the sum of the entries' unpacked sizes */
  maxBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 200_000, maxBytes: 16 * 1024 ** 3 };

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  crc: number;
  localOffset: number;
  directory: boolean;
}

type Refuse = (why: string) => never;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

/** Unpacks zipFile (shown to the person as `shown`) into the empty folder `into`. */
export async function unzipFolder(zipFile: string, shown: string, into: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<void> {
  const refuse: Refuse = (why) => {
    throw new AppFailure({ code: 'ARCHIVE_REFUSED', message: `${shown}: ${why}; nothing was imported.`, where: { file: shown } });
  };
  const fd = await fs.promises.open(zipFile, 'r');
  try {
    const entries = await centralDirectory(fd, refuse, limits);
    let total = 0;
    for (const entry of entries) total += entry.size;
    if (total > limits.maxBytes) refuse(`it unpacks to ${total} bytes, more than the ${limits.maxBytes} this host accepts`);
    for (const entry of entries) {
      const target = path.join(into, ...entry.name.split('/').filter((s) => s !== ''));
      if (!target.startsWith(into + path.sep)) refuse(`the entry ${JSON.stringify(entry.name)} would land outside the folder`);
      if (entry.directory) {
        await fs.promises.mkdir(target, { recursive: true });
        continue;
      }
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await writeEntry(fd, entry, target, refuse);
    }
  } finally {
    await fd.close();
  }
}

async function centralDirectory(fd: fs.promises.FileHandle, refuse: Refuse, limits: ZipLimits): Promise<ZipEntry[]> {
  const { size } = await fd.stat();
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = Buffer.alloc(tailLength);
  await fd.read(tail, 0, tailLength, size - tailLength);
  let at = -1;
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) refuse('it is not a .zip file');
  const count = tail.readUInt16LE(at + 10);
  const cdSize = tail.readUInt32LE(at + 12);
  const cdOffset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) refuse('ZIP64 archives (over 4 GiB or 65,535 entries) are not read in browser mode; import the folder with the desktop app or `airlock mlflow import`');
  if (count > limits.maxEntries) refuse(`it holds ${count} entries, more than the ${limits.maxEntries} this host accepts`);
  if (cdOffset + cdSize > size) refuse('its central directory is cut off');
  const cd = Buffer.alloc(cdSize);
  await fd.read(cd, 0, cdSize, cdOffset);

  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) refuse('its central directory is damaged');
    const madeBy = cd.readUInt16LE(p + 4) >> 8;
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const crc = cd.readUInt32LE(p + 16);
    const compressedSize = cd.readUInt32LE(p + 20);
    const entrySize = cd.readUInt32LE(p + 24);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    const attributes = cd.readUInt32LE(p + 38);
    const localOffset = cd.readUInt32LE(p + 42);
    const name = cd.toString((flags & 0x800) !== 0 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;

    const quoted = JSON.stringify(name);
    if (!safeName(name)) refuse(`the entry ${quoted} is not a plain relative name (absolute, '..', a drive, a backslash or a control character)`);
    if ((flags & 0x1) !== 0) refuse(`the entry ${quoted} is encrypted`);
    // Unix zips (made-by 3) carry the file type in the high 16 bits of the external attributes.
    const mode = madeBy === 3 ? attributes >>> 16 : 0;
    const type = mode & S_IFMT;
    if (type === S_IFLNK) refuse(`the entry ${quoted} is a symbolic link`);
    if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) refuse(`the entry ${quoted} is not a plain file or folder`);
    const directory = name.endsWith('/') || type === S_IFDIR;
    if (!directory && method !== 0 && method !== 8) refuse(`the entry ${quoted} uses compression method ${method} (only stored and deflated are read)`);
    const key = name.replace(/\/+$/, '');
    if (seen.has(key)) refuse(`the entry ${quoted} appears twice`);
    seen.add(key);
    entries.push({ name, method, compressedSize, size: entrySize, crc, localOffset, directory });
  }
  return entries;
}

function safeName(name: string): boolean {
  if (name === '' || name.includes('\\') || name.startsWith('/') || /^[A-Za-z]:/.test(name) || /\p{Cc}/u.test(name)) return false;
  const segments = name.replace(/\/$/, '').split('/');
  return segments.every((s) => s !== '' && s !== '.' && s !== '..');
}

/** Stops the stream once more bytes come out than the entry declared, and checks the count and CRC at the end. */
class Declared extends Transform {
  private seen = 0;
  private crc = 0;
  constructor(
    private readonly size: number,
    private readonly expectedCrc: number,
    private readonly refuse: Refuse,
    private readonly name: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.size) return done(this.failure(`the entry ${JSON.stringify(this.name)} unpacks to more than the ${this.size} bytes it declares`));
    this.crc = zlib.crc32(chunk, this.crc);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.seen !== this.size || this.crc !== this.expectedCrc) return done(this.failure(`the entry ${JSON.stringify(this.name)} is damaged`));
    done();
  }

  private failure(why: string): Error {
    try {
      return this.refuse(why);
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  }
}

async function writeEntry(fd: fs.promises.FileHandle, entry: ZipEntry, target: string, refuse: Refuse): Promise<void> {
  const header = Buffer.alloc(30);
  await fd.read(header, 0, 30, entry.localOffset);
  if (header.readUInt32LE(0) !== LOCAL) refuse(`the entry ${JSON.stringify(entry.name)} is damaged`);
  const start = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const check = new Declared(entry.size, entry.crc, refuse, entry.name);
  const out = fs.createWriteStream(target, { flags: 'wx', mode: 0o600 });
  try {
    if (entry.compressedSize === 0) {
      await pipeline(async function* () {}, check, out);
    } else {
      const raw = fd.createReadStream({ start, end: start + entry.compressedSize - 1, autoClose: false });
      if (entry.method === 8) await pipeline(raw, zlib.createInflateRaw(), check, out);
      else await pipeline(raw, check, out);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') refuse(`the entry ${JSON.stringify(entry.name)} collides with another entry`);
    if (code?.startsWith('Z_')) refuse(`the entry ${JSON.stringify(entry.name)} is damaged (${code})`);
    throw e;
  }
}
