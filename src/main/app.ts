// Builds the service graph for one open project folder, with no Electron in sight: every host drives this.
import os from 'node:os';
import path from 'node:path';
import type { HostKind, JobInfo, ProjectInfo, RecentProject } from '../shared/domain';
import { fail } from '../shared/errors';
import { localAnchorAlert } from './audit/log-verification';
import { SessionAnchor, signerFromEnvironment, type SignerSpec } from './audit/session-anchor';
import { DatasetsService } from './datasets/datasets-service';
import { EventBus } from './events-bus';
import { ExperimentsService } from './experiments/experiments-service';
import { JobRunner } from './jobs/job-runner';
import { afterDriftReport, afterMonitoredImport } from './monitoring/monitor-jobs';
import { MonitoringService } from './monitoring/monitoring-service';
import { recoverProject } from './jobs/recover-project';
import { RecentProjects } from './projects/recent-projects';
import { ProjectStore } from './store/project-store';
import { evidenceStoredBy, requirementsTouchedByEvidence } from './trace/criteria/touched-requirements';
import { newVersionsStoredBy, requirementsTouchedByNewVersion } from './trace/impact/touched-by-new-version';
import { UserProfiles } from './users/user-profiles';

export interface WorkbenchOptions {
  appVersion: string;
  host: HostKind;
  /** where recent projects and the sample project live (default ~/.airlock) */
  dataDir?: string;
  actor?: string;
  jobConcurrency?: number;
  /** remember opened projects in the recent list (off for one-shot CLI commands) */
  trackRecent?: boolean;
  now?: () => Date;
  /** open projects read-only even where their files could be written */
  readOnly?: boolean;
  /** who signs the audit log's head when a session that changed it closes (default: AIRLOCK_USER/AIRLOCK_PASSPHRASE; null: nobody) */
  signer?: SignerSpec | null;
}

/** The services of the project that is open. */
export interface OpenProject {
  store: ProjectStore;
  jobs: JobRunner;
  datasets: DatasetsService;
  experiments: ExperimentsService;
  monitoring: MonitoringService;
}

export class Workbench {
  readonly appVersion: string;
  readonly host: HostKind;
  readonly dataDir: string;
  readonly actor: string;
  readonly events = new EventBus();
  private readonly recentProjects: RecentProjects;
  private readonly options: WorkbenchOptions;
  private current: OpenProject | null = null;
  /** jobs the project's hooks queued (monitor runs, retraining) that a one-shot CLI command waits for before closing */
  private followUps = new Set<string>();
  private readonly sessionAnchor: SessionAnchor | null;

  constructor(options: WorkbenchOptions) {
    this.options = options;
    this.appVersion = options.appVersion;
    this.host = options.host;
    this.dataDir = options.dataDir ?? path.join(os.homedir(), '.airlock');
    this.actor = options.actor ?? defaultActor();
    this.recentProjects = new RecentProjects(this.dataDir);
    const signer = options.signer === undefined ? signerFromEnvironment(process.env) : options.signer;
    this.sessionAnchor = signer ? new SessionAnchor(this.dataDir, signer) : null;
  }

  get project(): OpenProject | null {
    return this.current;
  }

  requireProject(): OpenProject {
    if (!this.current) fail('NO_PROJECT', 'No project is open.', { hint: 'Create or open a project first.' });
    return this.current;
  }

  recent(): RecentProject[] {
    return this.recentProjects.list();
  }

  async createProject(dir: string): Promise<ProjectInfo> {
    return this.adopt(ProjectStore.create(dir, this.storeOptions()), true);
  }

  async openProject(dir: string): Promise<ProjectInfo> {
    if (this.current && this.current.store.dir === path.resolve(dir)) return this.describe(this.current.store);
    return this.adopt(ProjectStore.open(dir, this.storeOptions()));
  }

  async closeProject(): Promise<void> {
    const p = this.current;
    if (!p) return;
    // A CLI command exits once it closes: the jobs its own job set off would be left interrupted, so they finish first.
    if (this.host === 'cli') await this.drainFollowUps(p);
    this.current = null;
    await p.jobs.close();
    try {
      this.sessionAnchor?.closing(p.store);
    } finally {
      p.store.close();
      this.events.emit('project.changed', null);
    }
  }

  private async adopt(store: ProjectStore, created = false): Promise<ProjectInfo> {
    await this.closeProject();
    try {
      this.sessionAnchor?.opened(store, created);
    } catch (e) {
      store.close();
      throw e;
    }
    this.followUps = new Set();
    const monitoring = new MonitoringService(store);
    const jobs = new JobRunner(store, {
      appVersion: this.appVersion,
      concurrency: this.options.jobConcurrency,
      onUpdate: (job) => this.events.emit('job.updated', job),
      onMetrics: (jobId, points) => this.events.emit('job.metrics', { jobId, points }),
      onSucceeded: (job) => {
        if (job.state !== 'succeeded') return;
        if (job.kind === 'dataset.import') {
          this.events.emit('datasets.changed', { dataset: job.result.dataset });
          // each new version is a new batch of production data: every monitor of the dataset reports on it
          if (!job.result.reused) this.followed(afterMonitoredImport({ store, jobs, monitoring }, job.result.dataset));
        }
        // a study's runs are its trials, recorded one by one: the window reloads the table rather than one row
        if (job.kind === 'train' || job.kind === 'study') this.events.emit('runs.changed', { runs: job.kind === 'train' ? [job.result.run] : [] });
        if (job.kind === 'drift.report') {
          // the retraining its alerts ask for is queued before the window hears of the report
          this.followed(afterDriftReport({ store, jobs, monitoring }, job.result.alerts));
          this.events.emit('monitoring.changed', { report: job.result.reportId });
        }
        // new evidence may break (or meet) an acceptance criterion: the links it reaches change status on the next read
        const evidence = evidenceStoredBy(job);
        if (evidence) this.traceChanged(requirementsTouchedByEvidence(store, evidence));
        // a newer dataset or model version (or a retraining) supersedes the one links were stamped with
        this.traceChanged([...new Set(newVersionsStoredBy(job).flatMap((node) => requirementsTouchedByNewVersion(store, node)))]);
      },
    });
    // A read-only project gets no recovery writes: it is only looked at.
    if (!store.readOnly) recoverProject(store, jobs);
    this.current = { store, jobs, datasets: new DatasetsService(store), experiments: new ExperimentsService(store), monitoring };
    const info = this.describe(store);
    if (this.options.trackRecent ?? true) this.recentProjects.touch(info, this.options.now?.() ?? new Date());
    this.events.emit('project.changed', info);
    return info;
  }

  /** Tells the window that these requirements' links may show another status now (nothing when there are none). */
  traceChanged(requirements: string[]): void {
    if (requirements.length > 0) this.events.emit('trace.changed', { requirements });
  }

  private followed(jobs: JobInfo[]): void {
    // a window host keeps running: its follow-ups end while it runs, or are interrupted when the project closes
    if (this.host === 'cli') for (const job of jobs) this.followUps.add(job.id);
  }

  /** Waits until every follow-up job has ended, including those that follow-ups themselves set off. */
  private async drainFollowUps(p: OpenProject): Promise<void> {
    for (const id of this.followUps) {
      await p.jobs.wait(id);
      this.followUps.delete(id);
    }
  }

  /** The project's info, with an alert when an entry this machine's users signed is no longer in its log. */
  private describe(store: ProjectStore): ProjectInfo {
    const logAlert = localAnchorAlert(store, new UserProfiles(this.dataDir));
    return logAlert ? { ...store.info(), logAlert } : store.info();
  }

  private storeOptions() {
    return { appVersion: this.appVersion, actor: this.actor, now: this.options.now, readOnly: this.options.readOnly };
  }
}

function defaultActor(): string {
  try {
    return `${os.userInfo().username}@${os.hostname()}`;
  } catch {
    return 'unknown';
  }
}
