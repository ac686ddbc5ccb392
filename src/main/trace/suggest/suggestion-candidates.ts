// What a project offers as link candidates, with the words each one carries: requirements (title, text, acceptance
// criteria, level), the newest version of each dataset (its name and column names), of each model (name, description,
// tags), finished runs (name, experiment, parameter and metric keys), evaluations (title, kind, metric names,
// sensitive attribute, model and dataset), monitors (name and watched columns) and each monitor's newest drift report
// (its tested columns).
import type { TraceTarget } from '../../../shared/trace';
import { observationsFromEvaluation } from '../criteria/evidence-observations';
import { readEvaluation } from '../../models/evaluations/store-evaluation';
import { MonitoringService } from '../../monitoring/monitoring-service';
import { isHeading, storedRequirements } from '../../requirements/store/requirements-service';
import { DatasetsRepo } from '../../store/datasets-repo';
import { EvaluationsRepo } from '../../store/evaluations-repo';
import { ModelsRepo, ModelVersionsRepo } from '../../store/model-versions-repo';
import { MonitoringRepo } from '../../store/monitoring-repo';
import { RequirementCriteriaRepo } from '../../store/requirement-criteria-repo';
import type { ProjectStore } from '../../store/project-store';
import { RunsRepo } from '../../store/runs-repo';
import { targetKey, targetLabels } from '../links/target-labels';
import type { ArtifactCandidate, RequirementCandidate } from './rank-suggestions';

/**
 * The newest runs and evaluations only: a sweep of thousands of alike runs would crowd a short list, and the ones that
 * matter are reachable from the model versions they made.
 */
export const MAX_RUNS = 500;
export const MAX_EVALUATIONS = 500;

/** The part before '@' of `<name>@<version>`. */
function lineOf(ref: string | null): string[] {
  if (ref === null) return [];
  const at = ref.lastIndexOf('@');
  return [at > 0 ? ref.slice(0, at) : ref];
}

/** Every requirement that states something (headings left out), with its acceptance criteria. */
export function requirementCandidates(store: ProjectStore): RequirementCandidate[] {
  const criteria = new RequirementCriteriaRepo(store.db).allCurrent();
  return storedRequirements(store)
    .filter((r) => !isHeading(r))
    .map(({ row }) => ({ id: row.id, title: row.title, text: row.text, criteria: criteria.get(row.id)?.criteria ?? [], level: row.level, document: row.document }));
}

function datasetCandidates(store: ProjectStore): ArtifactCandidate[] {
  const repo = new DatasetsRepo(store.db);
  return repo.summaries().flatMap((s) => {
    const d = repo.dataset(s.name);
    const versions = d ? repo.versions(d.id) : [];
    const newest = versions.at(-1);
    if (!newest) return [];
    return [
      {
        target: { kind: 'dataset_version', id: newest.id },
        label: newest.id,
        type: 'trained-on',
        fields: { name: [s.name], columns: newest.columns.map((c) => c.name) },
        sameAs: versions.slice(0, -1).map((v) => ({ kind: 'dataset_version', id: v.id })),
      },
    ];
  });
}

function modelCandidates(store: ProjectStore): ArtifactCandidate[] {
  const models = new ModelsRepo(store.db);
  const versions = new ModelVersionsRepo(store.db);
  return models.summaries().flatMap((m) => {
    const newest = versions.latest(m.name);
    if (!newest) return [];
    const tags = { ...m.tags, ...models.tags(m.name, newest.version) };
    return [
      {
        target: { kind: 'model_version', id: newest.id },
        label: `${m.name}@${newest.version}`,
        type: 'satisfies',
        fields: {
          name: [m.name, ...Object.keys(m.aliases)],
          description: [m.description, models.description(m.name, newest.version), ...lineOf(newest.trainedOn)],
          tags: Object.entries(tags).flatMap(([k, v]) => [k, v]),
        },
        sameAs: models.versionIds(m.name).filter((id) => id !== newest.id).map((id) => ({ kind: 'model_version', id })),
      },
    ];
  });
}

function runCandidates(store: ProjectStore): ArtifactCandidate[] {
  const repo = new RunsRepo(store.db);
  const page = repo.query({ offset: 0, limit: MAX_RUNS, columns: ['attr:name', 'attr:experiment', 'attr:model_kind', 'attr:dataset_version'], filters: [{ column: 'attr:status', op: '=', value: 'finished' }] });
  const keysOf = new Map<string, { params: string[]; metrics: string[] }>();
  const keys = (experiment: string) => {
    let k = keysOf.get(experiment);
    if (!k) {
      const columns = repo.columns(experiment);
      k = { params: columns.filter((c) => c.kind === 'param').map((c) => c.key), metrics: columns.filter((c) => c.kind === 'metric').map((c) => c.key) };
      keysOf.set(experiment, k);
    }
    return k;
  };
  return page.rows.map(({ id, values: [name, experiment, modelKind, dataset] }) => {
    const { params, metrics } = keys(String(experiment));
    return {
      target: { kind: 'run', id },
      label: String(name ?? id),
      type: 'verifies',
      fields: { name: [String(name ?? ''), String(experiment ?? '')], description: [String(modelKind ?? ''), ...lineOf(dataset === null ? null : String(dataset))], params, metrics },
      sameAs: [],
    };
  });
}

/** "score.recall" -> "recall", "fairness.demographic_parity_difference" -> its words, "latency.p95" -> "latency p95". */
const metricWords = (metric: string): string => (metric.startsWith('score.') ? metric.slice('score.'.length) : metric.replace('.', ' '));

function evaluationCandidates(store: ProjectStore): ArtifactCandidate[] {
  return new EvaluationsRepo(store.db).list({}, MAX_EVALUATIONS).map((e) => {
    const observations = observationsFromEvaluation(readEvaluation(store, e.id));
    return {
      target: { kind: 'evaluation', id: e.id },
      label: e.title,
      type: 'verifies',
      fields: {
        name: [e.title, e.kind],
        metrics: [...new Set(observations.map((o) => metricWords(o.metric)))],
        columns: [...new Set(observations.flatMap((o) => (o.scope.attribute === null ? [] : [o.scope.attribute])))],
        description: [...lineOf(e.modelVersion), ...lineOf(e.datasetVersion)],
      },
      sameAs: [],
    };
  });
}

function monitoringCandidates(store: ProjectStore): ArtifactCandidate[] {
  const repo = new MonitoringRepo(store.db);
  const service = new MonitoringService(store);
  const datasets = new DatasetsRepo(store.db);
  return repo.monitors().flatMap((m) => {
    const d = m.definition;
    const dataset = datasets.dataset(d.dataset);
    const watched = d.columns ?? (dataset ? (datasets.versions(dataset.id).at(-1)?.columns.map((c) => c.name) ?? []) : []);
    const monitor: ArtifactCandidate = {
      target: { kind: 'monitor', id: m.id },
      label: d.name,
      type: 'monitored-by',
      fields: { name: [d.name, 'drift monitor'], columns: watched, description: [d.dataset, ...lineOf(d.model ?? null)] },
      sameAs: [],
    };
    const [newest, ...older] = repo.reports(m.id);
    if (!newest) return [monitor];
    const report = service.report(newest.id);
    const drift: ArtifactCandidate = {
      target: { kind: 'drift_report', id: newest.id },
      label: newest.name,
      type: 'verifies',
      fields: { name: [newest.name, 'drift report'], columns: report.columns.map((c) => c.column), description: [...lineOf(newest.current), ...lineOf(newest.model)] },
      sameAs: older.map((r): TraceTarget => ({ kind: 'drift_report', id: r.id })),
    };
    return [monitor, drift];
  });
}

/** Every artifact candidate, labelled as the rest of traceability labels its targets. */
export function artifactCandidates(store: ProjectStore): ArtifactCandidate[] {
  const all = [...datasetCandidates(store), ...modelCandidates(store), ...runCandidates(store), ...evaluationCandidates(store), ...monitoringCandidates(store)];
  const labels = targetLabels(store, all.map((c) => c.target));
  return all.map((c) => {
    const label = labels.get(targetKey(c.target));
    // the catalogue's label, where it says more than the bare id
    return label !== undefined && label !== c.target.id ? { ...c, label } : c;
  });
}
