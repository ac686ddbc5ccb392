// What a handler receives and returns: the host has validated the input; the handler calls a service.
import type { Channel, FolderSource, ImportSource, OutputTarget, Output, ParsedInput, ProjectLocation } from '../shared/api';
import type { HostKind, WorkspaceRoot } from '../shared/domain';
import type { Workbench } from './app';

/** A file the host vouches for: a browser upload it staged, a file the Electron dialog returned, or a CLI argument. */
export interface ResolvedSource {
  path: string;
  fileName: string;
  /** set on a staged upload: the handler names the job that reads it, and the host deletes the copy when that job ends */
  consumedBy?: (jobId: string) => void;
  /** set on a staged upload: a handler that reads it at once, with no job, calls this when done, and the copy is deleted */
  release?: () => void;
}

/** A folder the host vouches for: one the Electron dialog returned, one it unpacked from an upload, or a CLI argument. */
export interface ResolvedFolder {
  path: string;
  /** set on a folder unpacked from an upload: the handler names the job that reads it, and the host deletes it when that job ends */
  consumedBy?: (jobId: string) => void;
}

/** Where an export may write, as the host vouches for it. */
export interface ResolvedTarget {
  path: string;
  /** what the audit log and the window are told: the base name for the window, the full path for the CLI */
  shown: string;
  /** browser mode: the id the finished file is served once under (/api/download/<id>) */
  downloadId: string | null;
  /** the person already agreed to replace an existing file (in the save dialog's own prompt) */
  overwriteConfirmed: boolean;
}

/**
 * The path policy, one implementation per host (src/main/host/path-refs.ts): the window hosts accept only refs they
 * issued themselves and refuse kind 'path' with UNAUTHORIZED; the CLI accepts paths.
 */
export interface PathResolvers {
  /** turns an import source into a readable file, refusing sources this host does not accept */
  resolveSource(source: ImportSource): ResolvedSource;
  /** a folder to read (an mlruns folder); async, since browser mode unpacks an uploaded .zip off the main thread */
  resolveFolder(source: FolderSource): Promise<ResolvedFolder>;
  /** where an export writes; suggestedName names the file (or folder) where the host picks the place itself */
  resolveTarget(target: OutputTarget, suggestedName: string): ResolvedTarget;
  /** a project folder to create or open */
  resolveProject(location: ProjectLocation): string;
  /** the workspace roots this host was started with */
  workspaceRoots(): WorkspaceRoot[];
}

export interface HandlerContext extends PathResolvers {
  app: Workbench;
  host: HostKind;
}

export type Handler<C extends Channel> = (input: ParsedInput<C>, ctx: HandlerContext) => Promise<Output<C>> | Output<C>;

export type HandlerMap<C extends Channel> = { [K in C]: Handler<K> };
