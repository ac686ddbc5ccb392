// Folders browser mode unpacked from an uploaded .zip (an mlruns folder), kept in the app's data folder until the job
// that reads them ends or the session closes; the left-overs of a session that crashed are removed after a day.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ResolvedFolder, ResolvedSource } from '../handler-types';
import { prepareSweptDir } from './stale-entries';
import { unzipFolder, type ZipLimits } from './zip-folder';

export class StagedFolders {
  private readonly dir: string;
  private readonly limits: ZipLimits | undefined;
  /** job id -> the staged folder it reads */
  private readonly readers = new Map<string, string>();
  /** every folder this session unpacked and has not removed yet, read by a job or not */
  private readonly unpacked = new Set<string>();

  constructor(dir: string, limits?: ZipLimits) {
    this.dir = dir;
    this.limits = limits;
    prepareSweptDir(dir);
  }

  /** Unpacks an uploaded .zip into a fresh folder; a refused or damaged archive leaves nothing behind. */
  async unzip(zip: ResolvedSource): Promise<ResolvedFolder> {
    const into = path.join(this.dir, randomBytes(16).toString('hex'));
    fs.mkdirSync(into, { mode: 0o700 });
    this.unpacked.add(into);
    try {
      await unzipFolder(zip.path, zip.fileName, into, this.limits);
    } catch (e) {
      this.remove(into);
      throw e;
    }
    return {
      path: folderRoot(into),
      consumedBy: (jobId) => {
        zip.consumedBy?.(jobId);
        this.readers.set(jobId, into);
      },
    };
  }

  jobEnded(jobId: string): void {
    const into = this.readers.get(jobId);
    if (!into) return;
    this.readers.delete(jobId);
    this.remove(into);
  }

  /** Removes every folder this session unpacked: the session is closing, and no job of it reads them any more. */
  dispose(): void {
    for (const into of [...this.unpacked]) this.remove(into);
    this.readers.clear();
  }

  private remove(into: string): void {
    this.unpacked.delete(into);
    fs.rmSync(into, { recursive: true, force: true });
  }
}

/** People zip either the mlruns folder itself or what is inside it: with one folder and no meta.yaml at the top, it is the former. */
function folderRoot(into: string): string {
  const entries = fs.readdirSync(into, { withFileTypes: true });
  if (entries.length === 1 && entries[0].isDirectory() && !fs.existsSync(path.join(into, entries[0].name, 'meta.yaml'))) return path.join(into, entries[0].name);
  return into;
}
