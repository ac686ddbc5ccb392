// Builds the service graph for one open project folder, with no Electron in sight: every host drives this.
import os from 'node:os';
import path from 'node:path';
import type { HostKind, ProjectInfo, RecentProject } from '../shared/domain';
import { fail } from '../shared/errors';
import { DatasetsService } from './datasets/datasets-service';
import { EventBus } from './events-bus';
import { ExperimentsService } from './experiments/experiments-service';
import { JobRunner } from './jobs/job-runner';
import { recoverProject } from './jobs/recover-project';
import { RecentProjects } from './projects/recent-projects';
import { ProjectStore } from './store/project-store';

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
}

/** The services of the project that is open. */
export interface OpenProject {
  store: ProjectStore;
  jobs: JobRunner;
  datasets: DatasetsService;
  experiments: ExperimentsService;
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

  constructor(options: WorkbenchOptions) {
    this.options = options;
    this.appVersion = options.appVersion;
    this.host = options.host;
    this.dataDir = options.dataDir ?? path.join(os.homedir(), '.airlock');
    this.actor = options.actor ?? defaultActor();
    this.recentProjects = new RecentProjects(this.dataDir);
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
    return this.adopt(ProjectStore.create(dir, this.storeOptions()));
  }

  async openProject(dir: string): Promise<ProjectInfo> {
    if (this.current && this.current.store.dir === path.resolve(dir)) return this.current.store.info();
    return this.adopt(ProjectStore.open(dir, this.storeOptions()));
  }

  async closeProject(): Promise<void> {
    const p = this.current;
    if (!p) return;
    this.current = null;
    await p.jobs.close();
    p.store.close();
    this.events.emit('project.changed', null);
  }

  private async adopt(store: ProjectStore): Promise<ProjectInfo> {
    await this.closeProject();
    const jobs = new JobRunner(store, {
      appVersion: this.appVersion,
      concurrency: this.options.jobConcurrency,
      onUpdate: (job) => this.events.emit('job.updated', job),
      onMetrics: (jobId, points) => this.events.emit('job.metrics', { jobId, points }),
      onSucceeded: (job) => {
        const dataset = (job.result as { dataset?: string } | null)?.dataset;
        if (job.kind === 'dataset.import' && dataset) this.events.emit('datasets.changed', { dataset });
        const run = (job.result as { run?: string } | null)?.run;
        if (job.kind === 'train' || job.kind === 'study') this.events.emit('runs.changed', { runs: run ? [run] : [] });
      },
    });
    // A read-only project gets no recovery writes: it is only looked at.
    if (!store.readOnly) recoverProject(store, jobs);
    this.current = { store, jobs, datasets: new DatasetsService(store), experiments: new ExperimentsService(store) };
    const info = store.info();
    if (this.options.trackRecent ?? true) this.recentProjects.touch(info, this.options.now?.() ?? new Date());
    this.events.emit('project.changed', info);
    return info;
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
