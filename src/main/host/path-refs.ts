// The path policy, per host: turns the refs the API takes (uploads, dialog handles, workspace roots, downloads, CLI
// paths) into paths on this machine. The window hosts accept only refs they issued and refuse kind 'path' with
// UNAUTHORIZED; the CLI takes paths, since whoever types them can already touch any file they name.
import path from 'node:path';
import type { FolderSource, ImportSource, OutputTarget, ProjectLocation } from '../../shared/api';
import type { RecentProject } from '../../shared/domain';
import { fail } from '../../shared/errors';
import type { PathResolvers, ResolvedTarget } from '../handler-types';
import { WorkspaceRoots } from '../projects/workspace-roots';
import type { Downloads } from './downloads';
import type { PickedPaths } from './picked-paths';
import type { StagedFolders } from './staged-folders';
import type { Uploads } from './uploads';

export interface WindowPathOptions {
  uploads: Uploads;
  roots: WorkspaceRoots;
  recent: () => RecentProject[];
  /** Electron: what the native dialogs returned */
  picked?: PickedPaths;
  /** browser mode: where exports wait to be downloaded */
  downloads?: Downloads;
  /** browser mode: where uploaded .zip folders are unpacked */
  stagedFolders?: StagedFolders;
}

function refusePath(what: string, how: string): never {
  fail('UNAUTHORIZED', `The window never names a path on this machine (${what}).`, { hint: how });
}

/** The Electron window and browser mode: only refs this host issued. */
export function windowPathResolvers(options: WindowPathOptions): PathResolvers {
  const { uploads, roots, recent, picked, downloads, stagedFolders } = options;
  const desktop = picked !== undefined;
  const pick = (what: string): PickedPaths => {
    if (!picked) fail('UNAUTHORIZED', `Browser mode has no ${what} dialog.`, { hint: 'Use the desktop app, or the airlock command line, which take paths.' });
    return picked;
  };
  return {
    resolveSource(source: ImportSource) {
      if (source.kind === 'path') refusePath('a file to import', desktop ? 'Choose the file with the Import button (Open dialog).' : 'Choose the file with the Import button; it is uploaded.');
      if (source.kind === 'picked') {
        const file = pick('file').get('file', source.handle).path;
        return { path: file, fileName: path.basename(file) };
      }
      return uploads.resolve(source.uploadId);
    },
    async resolveFolder(source: FolderSource) {
      if (source.kind === 'path') refusePath('a folder to read', desktop ? 'Choose the folder in the Open dialog.' : 'Upload a .zip of the folder.');
      if (source.kind === 'upload') {
        if (!stagedFolders) fail('BAD_INPUT', 'The desktop app reads folders you choose in its Open dialog, not uploads.');
        return stagedFolders.unzip(uploads.resolve(source.uploadId));
      }
      if (!picked) {
        fail('UNAUTHORIZED', 'Browser mode cannot read a folder on this machine: upload a .zip of it instead.', {
          hint: 'Or import the mlruns folder in the desktop app, or run `airlock mlflow import DIR --project PROJECT`.',
        });
      }
      return { path: picked.get('folder', source.handle).path };
    },
    resolveTarget(target: OutputTarget, suggestedName: string): ResolvedTarget {
      if (target.kind === 'path') refusePath('where to export', desktop ? 'Choose where to save in the Save dialog.' : 'Exports in browser mode arrive as a download.');
      if (target.kind === 'picked') {
        const chosen = pick('save').get('target', target.handle);
        return { path: chosen.path, shown: path.basename(chosen.path), downloadId: null, overwriteConfirmed: chosen.overwriteConfirmed };
      }
      if (!downloads) fail('BAD_INPUT', 'The desktop app saves exports where you choose, not as downloads.', { hint: 'Choose where to save in the Save dialog.' });
      const reserved = downloads.reserve(suggestedName);
      return { path: reserved.path, shown: path.basename(reserved.path), downloadId: reserved.id, overwriteConfirmed: false };
    },
    resolveProject(location: ProjectLocation) {
      if (location.kind === 'path') refusePath('a project folder', 'Open a project from a workspace folder, the recent list or (desktop) the folder dialog.');
      if (location.kind === 'root') return roots.folder(location.root, location.name);
      if (location.kind === 'picked') return pick('folder').get('folder', location.handle).path;
      return recentFolder(recent(), location.id);
    },
    workspaceRoots: () => roots.list(),
  };
}

/** The CLI: paths as typed (resolved against the working folder); the full path is what the audit log records. */
export function cliPathResolvers(options: { roots?: WorkspaceRoots; recent: () => RecentProject[] }): PathResolvers {
  const roots = options.roots ?? new WorkspaceRoots([]);
  return {
    resolveSource(source) {
      if (source.kind !== 'path') notHere('files to import');
      return { path: path.resolve(source.path), fileName: path.basename(source.path) };
    },
    async resolveFolder(source) {
      if (source.kind !== 'path') notHere('folders');
      return { path: path.resolve(source.path) };
    },
    resolveTarget(target) {
      if (target.kind !== 'path') notHere('export targets');
      const full = path.resolve(target.path);
      return { path: full, shown: full, downloadId: null, overwriteConfirmed: false };
    },
    resolveProject(location) {
      if (location.kind === 'path') return path.resolve(location.path);
      if (location.kind === 'root') return roots.folder(location.root, location.name);
      if (location.kind === 'recent') return recentFolder(options.recent(), location.id);
      return notHere('project folders');
    },
    workspaceRoots: () => roots.list(),
  };
}

function notHere(what: string): never {
  fail('BAD_INPUT', `The command line takes ${what} as a path.`);
}

function recentFolder(recent: RecentProject[], id: string): string {
  const entry = recent.find((r) => r.id === id);
  if (!entry) fail('NOT_FOUND', 'That project is not in the recent list any more.', { hint: 'Open it from a workspace folder instead.' });
  return entry.path;
}
