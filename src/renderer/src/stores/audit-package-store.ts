// Traceability in the window: the signed audit package. The model versions to choose from, and the one
// 'audit.package' job at a time with its progress, Cancel and outcome; in browser mode the finished zip is handed to
// the browser's downloads.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { succeededAs } from '../../../shared/jobs';
import type { AuditPackageResult, AuditStandard, TraceTargetInfo } from '../../../shared/trace';
import { pickOutputTarget, toShownError, type Host } from '../api';
import { jobControlsOf, jobTasks, type JobTaskState } from './job-task';

export interface AuditPackageRequest {
  standards: AuditStandard[];
  /** NAME@VERSION; empty: the host's default (every aliased version, else each model's newest) */
  models: string[];
  user: string;
  /** unlocks the user's key on the host for this export only; never kept here once sent */
  passphrase: string;
}

export interface AuditPackageState extends JobTaskState<'audit.package', AuditPackageResult> {
  models: TraceTargetInfo[];
  load(): Promise<void>;
  exportPackage(request: AuditPackageRequest): Promise<void>;
  cancel(): Promise<void>;
  dismiss(): void;
}

export function createAuditPackageStore(host: Host): StoreApi<AuditPackageState> {
  const { api } = host;
  return createStore<AuditPackageState>()((set, get) => {
    const tasks = jobTasks<'audit.package', AuditPackageResult>(jobControlsOf(api), get, set, (job) => {
      if (!succeededAs(job, 'audit.package')) return null;
      if (job.result.downloadId) host.download?.(job.result.downloadId);
      return job.result;
    });
    api.subscribe('job.updated', tasks.track);
    api.subscribe('project.changed', () => set({ models: [], task: null, outcome: null, error: null }));

    return {
      models: [],
      task: null,
      outcome: null,
      error: null,

      async load() {
        try {
          set({ models: await api.call('trace.targets', { kinds: ['model_version'] }) });
        } catch (thrown) {
          set({ error: toShownError(thrown) });
        }
      },

      async exportPackage({ standards, models, user, passphrase }) {
        if (get().task) return;
        set({ outcome: null });
        try {
          const target = await pickOutputTarget(host, 'audit-package.zip');
          if (!target) return;
          await tasks.start('audit.package', 'Audit package', () =>
            api.call('audit.exportPackage', { target, standards, ...(models.length > 0 ? { models } : {}), user, passphrase }),
          );
        } catch (thrown) {
          set({ outcome: { kind: 'failed', error: toShownError(thrown) } });
        }
      },

      cancel: () => tasks.cancel(),
      dismiss: () => set({ outcome: null, error: null }),
    };
  });
}
