// What opening a project cleans up after a crash, and only that: jobs, studies and temp files of owners that are
// gone, and blobs nothing references, the last only while no other live process is running a job.
import { sweepOrphanBlobs } from '../store/blob-references';
import type { ProjectStore } from '../store/project-store';
import { StudiesRepo } from '../store/studies-repo';
import type { JobRunner, Recovery } from './job-runner';

export interface ProjectRecovery extends Recovery {
  studiesInterrupted: number;
  tempFilesRemoved: number;
  /** null: skipped, because another live process has a job that may be writing blobs it has not committed yet */
  orphanBlobsRemoved: number | null;
}

/** Runs on open, before this process starts any job of its own. */
export function recoverProject(store: ProjectStore, jobs: JobRunner): ProjectRecovery {
  // Taken first: a job another process starts from here on writes (or, reusing one, touches) its blobs after it.
  const cutoffMs = Date.now();
  const recovery = jobs.recoverInterrupted();
  const studiesInterrupted = new StudiesRepo(store).markInterrupted();
  const tempFilesRemoved = store.blobs.sweepTemp();
  const orphanBlobsRemoved = recovery.othersActive ? null : sweepOrphanBlobs(store.db, store.blobs, cutoffMs).length;
  return { ...recovery, studiesInterrupted, tempFilesRemoved, orphanBlobsRemoved };
}
