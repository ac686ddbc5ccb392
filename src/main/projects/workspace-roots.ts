// The workspace roots named on the command line (`--workspace DIR`): the only folders the window may create or open
// projects in by name, so it never has to send a path.
import fs from 'node:fs';
import path from 'node:path';
import type { WorkspaceRoot } from '../../shared/domain';
import { fail } from '../../shared/errors';
import { ProjectStore } from '../store/project-store';

export class WorkspaceRoots {
  private readonly dirs: string[];

  /** Each root must be an existing folder: a typo on the command line is refused at start, not on first use. */
  constructor(dirs: readonly string[]) {
    this.dirs = dirs.map((d) => path.resolve(d));
    for (const dir of this.dirs) {
      if (!fs.existsSync(dir)) fail('FILE_NOT_FOUND', `The workspace folder ${JSON.stringify(dir)} does not exist.`, { where: { file: dir }, hint: 'Create it, or name another folder with --workspace.' });
      if (!fs.statSync(dir).isDirectory()) fail('NOT_A_FILE', `The workspace ${JSON.stringify(dir)} is a file, not a folder.`, { where: { file: dir } });
    }
  }

  list(): WorkspaceRoot[] {
    return this.dirs.map((dir, id) => ({ id, path: dir, projects: projectsIn(dir) }));
  }

  /**
   * The folder `name` directly inside root `id`. The contract already refuses separators and '..'; this checks again
   * (the rule guards the disk, so it holds here whatever the caller) and refuses a name that is a link to elsewhere.
   */
  folder(id: number, name: string): string {
    const root = this.dirs[id];
    if (root === undefined) {
      fail('NOT_FOUND', this.dirs.length === 0 ? 'This app was started without a workspace folder.' : `There is no workspace root ${id}.`, {
        hint: 'Start Airlock with --workspace DIR to name the folder projects live in.',
      });
    }
    const dir = path.join(root, name);
    if (name === '.' || name === '..' || path.dirname(dir) !== root || path.basename(dir) !== name) {
      fail('BAD_INPUT', `${JSON.stringify(name)} is not a single folder name.`, { where: { field: 'name' } });
    }
    if (fs.lstatSync(dir, { throwIfNoEntry: false })?.isSymbolicLink()) {
      fail('UNAUTHORIZED', `${JSON.stringify(dir)} is a link; projects in a workspace are real folders inside it.`, { where: { file: dir } });
    }
    return dir;
  }
}

function projectsIn(dir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isDirectory() && ProjectStore.isProject(path.join(dir, e.name)))
    .map((e) => e.name)
    .sort((a, b) => a.localeCompare(b));
}

/**
 * Browser mode has no folder dialog: without --workspace it offers a `projects` folder in the app's data folder, so
 * a window opened by `npm start` can still create projects. Named roots replace it.
 */
export function workspacesOrDefault(named: readonly string[], dataDir: string): string[] {
  if (named.length > 0) return [...named];
  const dir = path.join(dataDir, 'projects');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return [dir];
}

/** The folders named by `--workspace DIR` (or `--workspace=DIR`), repeatable, in the Electron app's own arguments. */
export function workspaceArgs(argv: readonly string[]): string[] {
  const dirs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--workspace' && i + 1 < argv.length) dirs.push(argv[++i]);
    else if (argv[i].startsWith('--workspace=')) dirs.push(argv[i].slice('--workspace='.length));
  }
  return dirs;
}
