// The recent-projects list, kept as JSON in the app's data folder and replaced atomically. Each entry has an id the
// window uses to reopen it, so the window never sends a path back.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RecentProject } from '../../shared/domain';
import { writeFileAtomic } from '../store/atomic-write';

const MAX_RECENT = 12;

type StoredEntry = Omit<RecentProject, 'exists' | 'id'>;

export function recentId(dir: string): string {
  return createHash('sha256').update(dir).digest('hex').slice(0, 32);
}

export class RecentProjects {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'recent-projects.json');
  }

  list(): RecentProject[] {
    return this.stored().map((e) => ({ ...e, id: recentId(e.path), exists: fs.existsSync(path.join(e.path, 'project.sqlite')) }));
  }

  touch(project: { path: string; name: string }, at: Date): void {
    const rest = this.stored().filter((e) => e.path !== project.path);
    const next: StoredEntry[] = [{ path: project.path, name: project.name, openedAt: at.toISOString() }, ...rest];
    writeFileAtomic(this.file, JSON.stringify(next.slice(0, MAX_RECENT), null, 2));
  }

  private stored(): StoredEntry[] {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(this.file, 'utf8'));
      return Array.isArray(parsed) ? parsed.filter(isStoredEntry) : [];
    } catch {
      return [];
    }
  }
}

function isStoredEntry(e: unknown): e is StoredEntry {
  if (typeof e !== 'object' || e === null) return false;
  const r = e as Record<string, unknown>;
  return typeof r.path === 'string' && typeof r.name === 'string' && typeof r.openedAt === 'string';
}
