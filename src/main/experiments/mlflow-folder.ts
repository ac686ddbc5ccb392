// Confined reads of the mlruns folder a person chose: every folder listed and every file opened must really lie
// inside it, so a symlink, a FIFO or a device planted in the folder can neither leak outside content nor block us.
import fs from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { fail } from '../../shared/errors';

export type EntryKind = 'folder' | 'file' | 'link' | 'special';

export interface FolderEntry {
  name: string;
  kind: EntryKind;
}

/** Where a read landed, for progress: files opened and bytes read so far. */
export interface ReadCounters {
  files: number;
  bytes: number;
}

// O_NOFOLLOW refuses a link in the last part of the path; O_NONBLOCK keeps open() of a FIFO from waiting for a
// writer. Windows has neither, and there the real-path check after open() does the confining alone.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);
const CHUNK_BYTES = 1 << 20;

export class MlflowFolder {
  readonly counters: ReadCounters = { files: 0, bytes: 0 };

  private constructor(
    /** the folder as the person named it: what messages show */
    readonly shown: string,
    /** its real path, resolved once: what every read is checked against */
    private readonly real: string,
  ) {}

  static open(dir: string): MlflowFolder {
    const shown = path.resolve(dir);
    let real: string;
    try {
      real = fs.realpathSync(shown);
    } catch {
      fail('FILE_NOT_FOUND', `${shown} is not a folder.`, { where: { file: shown } });
    }
    if (!fs.statSync(real).isDirectory()) fail('FILE_NOT_FOUND', `${shown} is not a folder.`, { where: { file: shown } });
    return new MlflowFolder(shown, real);
  }

  /** The path a message names for a '/'-joined path relative to the folder. */
  file(rel: string): string {
    return rel === '' ? this.shown : path.join(this.shown, ...rel.split('/'));
  }

  /** Entries of a folder inside, sorted by name, each typed without following links. */
  entries(rel: string): FolderEntry[] {
    let real: string;
    try {
      real = fs.realpathSync(this.abs(rel));
    } catch {
      fail('FILE_VANISHED', `${this.file(rel)} disappeared during the import: nothing was imported.`, { where: { file: this.file(rel) } });
    }
    this.checkInside(rel, real);
    return fs
      .readdirSync(this.abs(rel), { withFileTypes: true })
      .map((e) => ({ name: e.name, kind: kindOf(e) }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The '/'-joined path inside the folder of an absolute path, or null when its real path lies outside (or nowhere). */
  relativeInside(abs: string): string | null {
    let real: string;
    try {
      real = fs.realpathSync(abs);
    } catch {
      return null;
    }
    const within = path.relative(this.real, real);
    return isOutside(within) ? null : within.split(path.sep).join('/');
  }

  /** The kind of one path inside, or null when nothing is there. */
  kind(rel: string): EntryKind | null {
    try {
      return kindOf(fs.lstatSync(this.abs(rel)));
    } catch {
      return null;
    }
  }

  /** A plain file's size, refusing links and special files. */
  size(rel: string): number {
    const s = fs.lstatSync(this.abs(rel));
    if (!s.isFile()) this.refuse(rel, kindOf(s));
    return s.size;
  }

  /** A whole small file as text; `maxBytes` keeps a planted huge file from filling memory. */
  readText(rel: string, maxBytes: number): string {
    return this.withFile(rel, (fd, size) => {
      if (size > maxBytes) {
        fail('MLFLOW_BAD_FILE', `${this.file(rel)} is ${size} bytes; Airlock reads at most ${maxBytes} bytes from such a file.`, { where: { file: this.file(rel) } });
      }
      return this.readAll(fd, size).toString('utf8');
    });
  }

  /** A whole file's bytes (an artifact). */
  readBytes(rel: string): Buffer {
    return this.withFile(rel, (fd, size) => this.readAll(fd, size));
  }

  /**
   * Calls `onLine` for each line of a file, 1-based, reading it in 1 MiB chunks so only one chunk and one line are
   * ever held; a line longer than `maxLineLength` characters fails instead of growing without end. `between` runs after each chunk.
   */
  forEachLine(rel: string, maxLineLength: number, onLine: (line: string, lineNo: number) => void, between: () => void = () => undefined): void {
    this.withFile(rel, (fd) => {
      const buf = Buffer.allocUnsafe(CHUNK_BYTES);
      const decoder = new StringDecoder('utf8');
      let carry = '';
      let lineNo = 0;
      const tooLong = (): never =>
        fail('MLFLOW_BAD_FILE', `Line ${lineNo + 1} of ${this.file(rel)} is longer than ${maxLineLength} characters.`, { where: { file: this.file(rel), line: lineNo + 1 } });
      for (;;) {
        const n = fs.readSync(fd, buf, 0, CHUNK_BYTES, null);
        this.counters.bytes += n;
        const text = n === 0 ? decoder.end() : decoder.write(buf.subarray(0, n));
        let start = 0;
        for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
          const line = carry + text.slice(start, nl);
          carry = '';
          if (line.length > maxLineLength) tooLong();
          onLine(line, ++lineNo);
          start = nl + 1;
        }
        carry += text.slice(start);
        if (carry.length > maxLineLength) tooLong();
        if (n === 0) break;
        between();
      }
      if (carry !== '') onLine(carry, ++lineNo);
    });
  }

  private abs(rel: string): string {
    return rel === '' ? this.real : path.join(this.real, ...rel.split('/'));
  }

  private checkInside(rel: string, real: string): void {
    if (isOutside(path.relative(this.real, real))) {
      fail('MLFLOW_BAD_FILE', `${this.file(rel)} leads outside ${this.shown} (to ${real}); Airlock reads only inside the chosen folder.`, {
        where: { file: this.file(rel) },
      });
    }
  }

  /** Fails naming an entry that is not a plain file, where only plain files are read. */
  refuse(rel: string, kind: EntryKind): never {
    fail('MLFLOW_BAD_FILE', `${this.file(rel)} is ${describeKind(kind)}, not a plain file; Airlock reads only plain files inside the chosen folder.`, {
      where: { file: this.file(rel) },
    });
  }

  /** Opens without following a link or waiting on a FIFO, then checks what was really opened before reading it. */
  private withFile<T>(rel: string, use: (fd: number, size: number) => T): T {
    let fd: number;
    try {
      fd = fs.openSync(this.abs(rel), OPEN_FLAGS);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') this.refuse(rel, 'link');
      if (code === 'ENOENT') fail('FILE_VANISHED', `${this.file(rel)} disappeared during the import: nothing was imported.`, { where: { file: this.file(rel) } });
      if (code === 'ENXIO' || code === 'EISDIR') this.refuse(rel, code === 'EISDIR' ? 'folder' : 'special');
      throw e;
    }
    try {
      const s = fs.fstatSync(fd);
      if (!s.isFile()) this.refuse(rel, s.isDirectory() ? 'folder' : 'special');
      this.checkInside(rel, openedPath(fd, this.abs(rel)));
      this.counters.files += 1;
      return use(fd, s.size);
    } finally {
      fs.closeSync(fd);
    }
  }

  private readAll(fd: number, size: number): Buffer {
    const out = Buffer.allocUnsafe(size);
    let got = 0;
    while (got < size) {
      const n = fs.readSync(fd, out, got, size - got, got);
      if (n === 0) break;
      got += n;
    }
    this.counters.bytes += got;
    return got === size ? out : out.subarray(0, got);
  }
}

/** What a message calls an entry of this kind. */
export function describeKind(kind: EntryKind): string {
  return kind === 'link' ? 'a symbolic link' : kind === 'folder' ? 'a folder' : kind === 'file' ? 'a file' : 'a FIFO, socket or device';
}

/** Whether a path relative to a folder leaves it ('..', '../x', or another drive on Windows). */
export function isOutside(relative: string): boolean {
  return relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
}

function kindOf(s: fs.Dirent | fs.Stats): EntryKind {
  return s.isSymbolicLink() ? 'link' : s.isDirectory() ? 'folder' : s.isFile() ? 'file' : 'special';
}

/**
 * The real path of what an open descriptor refers to. Linux names it exactly in /proc, which no rename of a parent
 * folder after the open can fool; elsewhere the path's real path is the best available answer.
 */
function openedPath(fd: number, abs: string): string {
  if (process.platform === 'linux') {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      // /proc not mounted (some containers): fall through
    }
  }
  return fs.realpathSync(abs);
}
