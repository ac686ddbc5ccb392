// Dataset export state: the running 'dataset.export' job and its outcome. The place comes from the save dialog
// (Electron) or is a download (browser mode), which this store hands to the browser when the job has written it.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DatasetExportResult, JobInfo } from '../../../shared/domain';
import type { AppError } from '../../../shared/errors';
import { succeededAs } from '../../../shared/jobs';
import { pickOutputTarget, toShownError, type Host } from '../api';
import { endedError, isFinished } from './jobs-store';

export interface ExportTask {
  dataset: string;
  version: number;
  jobId: string;
  /** the job as last reported; null until the host has answered */
  job: JobInfo | null;
  cancelling: boolean;
}

export type ExportOutcome =
  | { kind: 'succeeded'; result: DatasetExportResult }
  | { kind: 'failed'; error: AppError }
  | { kind: 'cancelled'; label: string };

export interface ExportState {
  task: ExportTask | null;
  outcome: ExportOutcome | null;
  start(dataset: string, version: number): Promise<void>;
  cancel(): Promise<void>;
  dismiss(): void;
}

export function createExportStore(host: Host): StoreApi<ExportState> {
  const { api } = host;
  return createStore<ExportState>()((set, get) => {
    const finish = (job: JobInfo, task: ExportTask) => {
      let outcome: ExportOutcome;
      if (succeededAs(job, 'dataset.export')) {
        outcome = { kind: 'succeeded', result: job.result };
        if (job.result.downloadId) host.download?.(job.result.downloadId);
      } else if (job.state === 'cancelled') {
        outcome = { kind: 'cancelled', label: `${task.dataset}@${task.version}` };
      } else {
        outcome = { kind: 'failed', error: endedError(job, 'export') };
      }
      set({ task: null, outcome });
    };

    const track = (job: JobInfo) => {
      const task = get().task;
      if (!task || task.jobId !== job.id) return;
      if (isFinished(job)) finish(job, task);
      else set({ task: { ...task, job } });
    };

    api.subscribe('job.updated', track);
    api.subscribe('project.changed', () => set({ task: null, outcome: null }));

    return {
      task: null,
      outcome: null,
      async start(dataset, version) {
        if (get().task) return;
        set({ outcome: null });
        try {
          const target = await pickOutputTarget(host, `${dataset}-v${version}.csv`);
          if (!target) return;
          const { jobId } = await api.call('datasets.export', { dataset, version, target });
          set({ task: { dataset, version, jobId, job: null, cancelling: false } });
          track(await api.call('jobs.get', { id: jobId }));
        } catch (thrown) {
          set({ task: null, outcome: { kind: 'failed', error: toShownError(thrown) } });
        }
      },
      async cancel() {
        const task = get().task;
        if (!task) return;
        set({ task: { ...task, cancelling: true } });
        try {
          track(await api.call('jobs.cancel', { id: task.jobId }));
        } catch (thrown) {
          set({ outcome: { kind: 'failed', error: toShownError(thrown) } });
        }
      },
      dismiss: () => set({ outcome: null }),
    };
  });
}
