// SQL for hyperparameter studies: the study row, and its trials read back from the runs that carry its id.
import type { StudyDetail, StudyTrial } from '../../shared/experiments';
import { fail } from '../../shared/errors';
import { LineageRepo } from './lineage-repo';
import type { ProjectStore } from './project-store';
import { RunsRepo } from './runs-repo';

export interface NewStudy {
  id: string;
  name: string;
  experiment: string;
  datasetVersion: string;
  target: string;
  modelKind: string;
  sampler: string;
  direction: 'minimize' | 'maximize';
  metric: string;
  space: unknown;
  nTrials: number;
  /** the job that runs the study: its owner's death is what interrupts the study */
  jobId: string;
}

interface StudyRow {
  id: string;
  name: string;
  experiment: string;
  dataset_version: string;
  target: string;
  model_kind: string;
  sampler: string;
  direction: 'minimize' | 'maximize';
  metric: string;
  space: string;
  n_trials: number;
  state: string;
  created_at: string;
  finished_at: string | null;
  best_run_id: string | null;
}

export class StudiesRepo {
  private readonly store: ProjectStore;

  constructor(store: ProjectStore) {
    this.store = store;
  }

  create(s: NewStudy): void {
    const now = this.store.now().toISOString();
    this.store.mutate({ action: 'study.create', target: `study:${s.id}`, details: { name: s.name, model: s.modelKind, dataset: s.datasetVersion, trials: s.nTrials } }, () => {
      const experimentId = new RunsRepo(this.store.db).ensureExperiment(s.experiment, now);
      this.store.db
        .prepare(
          `INSERT INTO studies (id, experiment_id, name, dataset_version, target, model_kind, sampler, direction, metric, space, n_trials, created_at, job_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(s.id, experimentId, s.name, s.datasetVersion, s.target, s.modelKind, s.sampler, s.direction, s.metric, JSON.stringify(s.space), s.nTrials, now, s.jobId);
      new LineageRepo(this.store.db).link({ kind: 'dataset_version', id: s.datasetVersion }, 'studied', { kind: 'study', id: s.id }, now);
    });
  }

  finish(id: string, state: 'finished' | 'cancelled' | 'failed', bestRunId: string | null): void {
    this.store.mutate({ action: `study.${state}`, target: `study:${id}`, details: { bestRun: bestRunId } }, () => {
      this.store.db.prepare('UPDATE studies SET state = ?, finished_at = ?, best_run_id = ? WHERE id = ?').run(state, this.store.now().toISOString(), bestRunId, id);
    });
  }

  /**
   * Studies left running by a process that died: their job is no longer queued or running (run this after the jobs of
   * dead owners were marked interrupted). A study of another live process keeps running. Returns how many.
   */
  markInterrupted(): number {
    return this.store.db
      .prepare(
        `UPDATE studies SET state = 'interrupted', finished_at = ? WHERE state = 'running'
         AND (job_id IS NULL OR job_id NOT IN (SELECT id FROM jobs WHERE state IN ('queued', 'running')))`,
      )
      .run(this.store.now().toISOString()).changes;
  }

  list(): Omit<StudyDetail, 'trials' | 'importance' | 'space'>[] {
    const rows = this.store.db.prepare('SELECT s.*, e.name AS experiment FROM studies s JOIN experiments e ON e.id = s.experiment_id ORDER BY s.created_at DESC').all() as StudyRow[];
    return rows.map((r) => {
      const { space: _space, trials: _trials, importance: _importance, ...rest } = toDetail(r, [], {});
      return rest;
    });
  }

  /** The study with its trials: parameters from each trial run's params, values from its metric. */
  get(id: string, importance: (trials: StudyTrial[], space: unknown) => Record<string, number>): StudyDetail {
    const row = this.store.db.prepare('SELECT s.*, e.name AS experiment FROM studies s JOIN experiments e ON e.id = s.experiment_id WHERE s.id = ?').get(id) as StudyRow | undefined;
    if (!row) fail('NOT_FOUND', `No study ${id}.`, { where: { field: 'study' } });
    const space = JSON.parse(row.space) as Record<string, { type: string }>;
    const keys = Object.keys(space);
    const runs = this.store.db
      .prepare('SELECT id, trial_number, status FROM runs WHERE study_id = ? ORDER BY trial_number')
      .all(id) as { id: string; trial_number: number; status: string }[];
    const paramStmt = this.store.db.prepare('SELECT k.key, p.value FROM run_params p JOIN param_keys k ON k.id = p.key_id WHERE p.run_id = ?');
    const metricStmt = this.store.db.prepare('SELECT m.value FROM run_metrics m JOIN metric_keys k ON k.id = m.key_id WHERE m.run_id = ? AND k.key = ?');
    const trials: StudyTrial[] = runs.map((r) => {
      const all = Object.fromEntries((paramStmt.all(r.id) as { key: string; value: string }[]).map((p) => [p.key, p.value]));
      const params = Object.fromEntries(keys.filter((k) => Object.hasOwn(all, k)).map((k) => [k, space[k].type === 'categorical' ? all[k] : Number(all[k])]));
      const value = (metricStmt.get(r.id, row.metric) as { value: number | null } | undefined)?.value ?? null;
      const state: StudyTrial['state'] = r.status === 'finished' ? 'complete' : r.status === 'pruned' ? 'pruned' : 'failed';
      return { number: r.trial_number, runId: r.id, state, params, value };
    });
    return toDetail(row, trials, importance(trials, space));
  }
}

function toDetail(r: StudyRow & { experiment?: string }, trials: StudyTrial[], importance: Record<string, number>): StudyDetail {
  return {
    id: r.id,
    name: r.name,
    experiment: r.experiment ?? '',
    datasetVersion: r.dataset_version,
    target: r.target,
    modelKind: r.model_kind,
    sampler: r.sampler,
    direction: r.direction,
    metric: r.metric,
    space: JSON.parse(r.space) as unknown,
    nTrials: r.n_trials,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    bestRunId: r.best_run_id,
    state: r.state,
    trials,
    importance,
  };
}
