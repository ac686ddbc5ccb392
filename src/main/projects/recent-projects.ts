// The recent-projects list, kept as JSON in the app's data folder and replaced atomically.
import fs from 'node:fs';
import path from 'node:path';
import type { RecentProject } from '../../shared/domain';
import { writeFileAtomic } from '../store/atomic-write';

const MAX_RECENT = 12;

export class RecentProjects {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'recent-projects.json');
  }

  list(): RecentProject[] {
    let entries: Omit<RecentProject, 'exists'>[] = [];
    try {
      entries = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Omit<RecentProject, 'exists'>[];
    } catch {
      entries = [];
    }
    return entries.map((e) => ({ ...e, exists: fs.existsSync(path.join(e.path, 'project.sqlite')) }));
  }

  touch(project: { path: string; name: string }, at: Date): void {
    const rest = this.list().filter((e) => e.path !== project.path);
    const next = [{ path: project.path, name: project.name, openedAt: at.toISOString() }, ...rest.map(({ exists: _exists, ...e }) => e)];
    writeFileAtomic(this.file, JSON.stringify(next.slice(0, MAX_RECENT), null, 2));
  }
}
