// Read and annotate side of experiment tracking for the open project: the runs table, run details, curves,
// comparisons, studies, and MLflow export (MLflow import is the 'mlflow.import' job).
import fs from 'node:fs';
import type { ConfusionMatrix, MetricCurve, RunColumnInfo, RunComparison, RunDetail, RunsPage, RunsQuery, StudyDetail, StudyTrial } from '../../shared/experiments';
import { fail } from '../../shared/errors';
import type { ProjectStore } from '../store/project-store';
import { RunsRepo } from '../store/runs-repo';
import { StudiesRepo } from '../store/studies-repo';
import { paramImportance } from '../../shared/param-importance';
import { parseSearchSpace } from '../tuning/search-space';
import { exportMlruns, type MlflowExportSummary } from './mlflow-export';
import { RESERVED_TAG_PREFIX } from './mlflow-layout';

const CONFUSION_ARTIFACT = 'evaluation/confusion_matrix.json';

export class ExperimentsService {
  private readonly store: ProjectStore;
  private readonly runs: RunsRepo;
  private readonly studies: StudiesRepo;

  constructor(store: ProjectStore) {
    this.store = store;
    this.runs = new RunsRepo(store.db);
    this.studies = new StudiesRepo(store);
  }

  experiments(): { name: string; runs: number; createdAt: string }[] {
    return this.runs.experiments();
  }

  columns(experiment?: string): RunColumnInfo[] {
    return this.runs.columns(experiment);
  }

  query(q: RunsQuery): RunsPage {
    return this.runs.query(q);
  }

  run(id: string): RunDetail {
    return this.runs.get(id);
  }

  curves(ids: string[], keys: string[], maxPoints: number): MetricCurve[] {
    return this.runs.curves(ids, keys, maxPoints);
  }

  /** A JSON artifact's content (evaluation reports, curves, the model), or the size and type of a binary one. */
  artifact(runId: string, artifactPath: string): { path: string; mediaType: string; size: number; json: unknown } {
    const a = this.runs.artifact(runId, artifactPath);
    const json = a.mediaType === 'application/json' ? (JSON.parse(this.store.blobs.get(a.blob).toString('utf8')) as unknown) : null;
    return { path: artifactPath, mediaType: a.mediaType, size: a.size, json };
  }

  compare(ids: string[]): RunComparison {
    const runs = ids.map((id) => this.runs.get(id));
    // keys and ids come from the runs (an imported param may be named `constructor`): own properties only
    const differing = (pick: (r: RunDetail) => Record<string, unknown>): string[] => {
      const keys = new Set(runs.flatMap((r) => Object.keys(pick(r))));
      return [...keys].filter((k) => new Set(runs.map((r) => JSON.stringify(Object.hasOwn(pick(r), k) ? pick(r)[k] : null))).size > 1).sort();
    };
    const confusion: Record<string, ConfusionMatrix | null> = Object.fromEntries(
      runs.map((r) => {
        const has = r.artifacts.some((a) => a.path === CONFUSION_ARTIFACT);
        const c = has ? (this.artifact(r.id, CONFUSION_ARTIFACT).json as { labels: string[]; matrix: number[][] }) : null;
        return [r.id, c ? { classes: c.labels, counts: c.matrix } : null];
      }),
    );
    return { runs, differingParams: differing((r) => r.params), differingMetrics: differing((r) => r.metrics), confusion };
  }

  /** Sets or (value null) removes a tag; keys under `airlock.` are Airlock's own and can only be removed. */
  setTag(runId: string, key: string, value: string | null): RunDetail {
    if (value !== null && key.startsWith(RESERVED_TAG_PREFIX)) {
      fail('BAD_INPUT', `Tag keys starting with '${RESERVED_TAG_PREFIX}' are reserved for Airlock; '${key}' cannot be set.`, {
        hint: 'Pick another key, for example without the airlock. prefix.',
        where: { field: 'key' },
      });
    }
    this.store.mutate({ action: 'run.tag', target: `run:${runId}`, details: { key, value } }, () => this.runs.setTag(runId, key, value));
    return this.runs.get(runId);
  }

  setNote(runId: string, note: string): RunDetail {
    this.store.mutate({ action: 'run.note', target: `run:${runId}`, details: { length: note.length } }, () => this.runs.setNote(runId, note));
    return this.runs.get(runId);
  }

  studyList(): ReturnType<StudiesRepo['list']> {
    return this.studies.list();
  }

  study(id: string): StudyDetail {
    return this.studies.get(id, (trials: StudyTrial[], space: unknown) => {
      const parsed = parseSearchSpace(space);
      return paramImportance(
        parsed,
        trials.map((t) => ({ number: t.number, params: t.params, state: t.state, value: t.value, intermediate: new Map<number, number>() })),
      );
    });
  }

  /**
   * Writes the mlruns folder (which must not exist yet, or be empty), then records the export in the audit log under
   * `shown` (the folder's base name for the window, its full path for the CLI); if the entry cannot be written the
   * new folder is removed again, so no export goes unrecorded.
   */
  exportMlflow(dir: string, experiment: string | undefined, shown: string): MlflowExportSummary {
    if (this.runs.experiments().length === 0) fail('NOT_FOUND', 'This project has no runs to export yet.');
    const summary = exportMlruns(this.store, dir, { experiment });
    try {
      this.store.mutate({ action: 'mlflow.export', target: `mlruns:${shown}`, details: { ...summary, experiment: experiment ?? null, destination: shown } }, () => undefined);
    } catch (e) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    return summary;
  }
}
