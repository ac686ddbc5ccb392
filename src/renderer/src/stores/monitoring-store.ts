// Monitoring state: drift reports, monitors, alert rules and alerts, the running report job, and report downloads.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Input, ReportExportResult } from '../../../shared/api';
import type { JobInfo } from '../../../shared/domain';
import type { AppError } from '../../../shared/errors';
import { succeededAs, type DriftReportJobResult } from '../../../shared/jobs';
import type { AlertInfo, DriftReport, DriftReportSummary, MonitorInfo } from '../../../shared/monitoring';
import { pickOutputTarget, toShownError, type Host } from '../api';
import { jobControlsOf, jobTasks, type JobOutcome, type JobTask } from './job-task';

/** a drift.report job this window started: a one-off report, or a monitor's run */
export type ReportTask = JobTask<'drift.report'>;

export type ReportOutcome = JobOutcome<DriftReportJobResult>;

/** a registered model version the report form offers (one trained here, which a report can score), newest first */
export interface ModelChoice {
  /** NAME@VERSION */
  id: string;
  /** aliases that point at it now */
  aliases: string[];
  /** the dataset version its run trained on */
  trainedOn: string | null;
}

export interface MonitoringState {
  reports: DriftReportSummary[];
  monitors: MonitorInfo[];
  alerts: AlertInfo[];
  loaded: boolean;
  /** reports read whole, by id (a report never changes once stored) */
  opened: Record<string, DriftReport>;
  models: ModelChoice[];
  task: ReportTask | null;
  outcome: ReportOutcome | null;
  exported: (ReportExportResult & { reportId: string; format: 'html' | 'json' }) | null;
  exporting: boolean;
  error: AppError | null;
  load(): Promise<void>;
  loadReport(id: string): Promise<void>;
  loadModels(): Promise<void>;
  startReport(request: Input<'drift.run'>): Promise<void>;
  createMonitor(definition: Input<'monitors.create'>): Promise<MonitorInfo | null>;
  runMonitor(monitor: string): Promise<void>;
  addRule(rule: Input<'alerts.addRule'>): Promise<boolean>;
  exportReport(id: string, format: 'html' | 'json'): Promise<void>;
  cancel(): Promise<void>;
  dismissOutcome(): void;
  dismissError(): void;
}

/** the alerts still open across every monitor: the jobs bar and the navigation show it */
export const openAlertCount = (s: MonitoringState): number => s.monitors.reduce((n, m) => n + m.openAlerts, 0);

/** how many registered model versions the model picker offers, newest first */
const MODEL_CHOICES = 30;

function emptyState() {
  return {
    reports: [],
    monitors: [],
    alerts: [],
    loaded: false,
    opened: {},
    models: [],
    task: null,
    outcome: null,
    exported: null,
    exporting: false,
    error: null,
  } satisfies Partial<MonitoringState>;
}

const newestFirst = <T extends { createdAt: string }>(items: T[]) => items.slice().sort((a, b) => b.createdAt.localeCompare(a.createdAt));

export function createMonitoringStore(host: Host): StoreApi<MonitoringState> {
  const { api } = host;
  let loads = 0;
  return createStore<MonitoringState>()((set, get) => {
    const fail = (thrown: unknown) => set({ error: toShownError(thrown) });

    const tasks = jobTasks<'drift.report', DriftReportJobResult>(jobControlsOf(api), get, set, (job) => (succeededAs(job, 'drift.report') ? job.result : null));
    const start = (title: string, call: () => Promise<{ jobId: string }>) => tasks.start('drift.report', title, call);

    const track = (job: JobInfo) => {
      tasks.track(job);
      // a retraining run, once recorded, is linked from its alert
      if (succeededAs(job, 'train') && get().alerts.some((a) => a.retrainJobId === job.id && a.retrainRunId === null)) void get().load();
    };

    api.subscribe('job.updated', track);
    // a stored report (a monitor's re-run after an import among them) changes every list
    api.subscribe('monitoring.changed', () => {
      if (get().loaded) void get().load();
    });
    api.subscribe('project.changed', () => set(emptyState()));

    return {
      ...emptyState(),

      async load() {
        const mine = ++loads;
        try {
          const [reports, monitors, alerts] = await Promise.all([api.call('drift.list', {}), api.call('monitors.list', {}), api.call('alerts.list', {})]);
          // events can start loads faster than they answer: only the newest one's answer stands
          if (mine !== loads) return;
          set({ reports: newestFirst(reports), monitors: newestFirst(monitors), alerts: alerts.slice().sort((a, b) => b.firedAt.localeCompare(a.firedAt)), loaded: true });
        } catch (thrown) {
          fail(thrown);
        }
      },

      async loadReport(id) {
        if (get().opened[id]) return;
        try {
          const report = await api.call('drift.get', { id });
          set({ opened: { ...get().opened, [id]: report } });
        } catch (thrown) {
          fail(thrown);
        }
      },

      async loadModels() {
        try {
          const details = await Promise.all((await api.call('models.list', {})).map((m) => api.call('models.get', { name: m.name })));
          // a report scores with the model's own preprocessing, which only versions trained here carry
          const models: ModelChoice[] = details
            .flatMap((d) => d.versions)
            .filter((v) => v.source === 'run' && v.hasOnnx)
            .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
            .slice(0, MODEL_CHOICES)
            .map((v) => ({ id: v.id, aliases: v.aliases, trainedOn: v.trainedOn }));
          set({ models });
        } catch (thrown) {
          fail(thrown);
        }
      },

      startReport: (request) => start(request.name ?? `Drift: ${request.reference.dataset}@${request.reference.version} → ${request.current.dataset}@${request.current.version}`, () => api.call('drift.run', request)),

      async createMonitor(definition) {
        try {
          const monitor = await api.call('monitors.create', definition);
          set({ monitors: [monitor, ...get().monitors.filter((m) => m.id !== monitor.id)] });
          return monitor;
        } catch (thrown) {
          fail(thrown);
          return null;
        }
      },

      runMonitor: (monitor) => start(`Monitor ${monitor}`, () => api.call('monitors.run', { monitor })),

      async addRule(rule) {
        try {
          await api.call('alerts.addRule', rule);
          await get().load();
          return true;
        } catch (thrown) {
          fail(thrown);
          return false;
        }
      },

      async exportReport(id, format) {
        if (get().exporting) return;
        set({ exporting: true, exported: null });
        try {
          const target = await pickOutputTarget(host, `${id}.${format}`);
          if (!target) return;
          const result = await api.call('drift.export', { id, format, target });
          if (result.downloadId) host.download?.(result.downloadId);
          set({ exported: { ...result, reportId: id, format } });
        } catch (thrown) {
          fail(thrown);
        } finally {
          set({ exporting: false });
        }
      },

      cancel: tasks.cancel,

      dismissOutcome: () => set({ outcome: null }),
      dismissError: () => set({ error: null }),
    };
  });
}
