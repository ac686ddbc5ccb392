// SQL the MLflow import and export need beyond RunsRepo: which run ids exist, runs by experiment in order,
// every logged metric point with its timestamp (RunsRepo.curves downsamples and drops timestamps), and metric
// histories written from columns.
import type { Db } from './db';
import { nullIfNaN } from './runs-repo';

/** A metric's points as columns (steps ascending and unique); NaN values are stored as NULL, as RunsRepo does. */
export interface StepColumns {
  steps: Float64Array;
  values: Float64Array;
  ats: Float64Array;
}

export interface ExperimentRow {
  name: string;
  createdAt: string;
}

export interface StepRow {
  key: string;
  step: number;
  value: number | null;
  at: number;
}

export class MlflowRepo {
  constructor(private readonly db: Db) {}

  /** The subset of ids that are already runs of this project. */
  existingRunIds(ids: string[]): Set<string> {
    const stmt = this.db.prepare('SELECT 1 FROM runs WHERE id = ?');
    return new Set(ids.filter((id) => stmt.get(id) !== undefined));
  }

  /** Experiments that hold runs, in creation order, optionally just the one named. */
  experimentsWithRuns(name?: string): ExperimentRow[] {
    return this.db
      .prepare(
        `SELECT e.name, e.created_at AS createdAt FROM experiments e
         WHERE EXISTS (SELECT 1 FROM runs r WHERE r.experiment_id = e.id) ${name === undefined ? '' : 'AND e.name = ?'}
         ORDER BY e.id`,
      )
      .all(...(name === undefined ? [] : [name])) as ExperimentRow[];
  }

  runIds(experiment: string): string[] {
    return (
      this.db.prepare('SELECT r.id FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE e.name = ? ORDER BY r.seq').all(experiment) as { id: string }[]
    ).map((r) => r.id);
  }

  /** Every logged metric point of a run, by key then step. */
  steps(runId: string): StepRow[] {
    return this.db
      .prepare('SELECT k.key, s.step, s.value, s.at FROM metric_steps s JOIN metric_keys k ON k.id = s.key_id WHERE s.run_id = ? ORDER BY k.key, s.step')
      .all(runId) as StepRow[];
  }

  /**
   * Writes a metric's history for a run whose metric key RunsRepo.insertRun has already created (its final value).
   * Row by row from the columns, so millions of points never exist as objects. Call inside the caller's transaction.
   */
  insertSteps(runId: string, key: string, h: StepColumns): void {
    const keyId = (this.db.prepare('SELECT id FROM metric_keys WHERE key = ?').get(key) as { id: number }).id;
    const insert = this.db.prepare('INSERT INTO metric_steps (run_id, key_id, step, value, at) VALUES (?, ?, ?, ?, ?)');
    for (let i = 0; i < h.steps.length; i++) insert.run(runId, keyId, h.steps[i], nullIfNaN(h.values[i]), h.ats[i]);
  }
}
