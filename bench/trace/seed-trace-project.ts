// Fills a new project for the traceability benchmark through the store: the 20,000 generated requirements (the real
// import), 2,000 artifacts (dataset versions, runs, model versions, evaluations, with their lineage edges) and 100,000
// live links stamped as trace.link stamps them, a few hundred requirements then edited (so their links read as
// suspect), and one requirement whose evidence sits at the end of a deep lineage chain (a run retrained ten times,
// each producing a model version with an evaluation). Everything in a few transactions: minutes would go to
// 100,000 trace.link calls, which is not what the benchmark measures.
// Usage: node --import tsx bench/trace/seed-trace-project.ts <project-dir> <requirements.csv> <artifacts> <links> <seed>
// Prints one JSON line: counts, the deep requirement's id and the seconds each step took.
import { randomBytes } from 'node:crypto';
import { importRequirements } from '../../src/main/requirements/store/import-requirements';
import { storeEvaluation } from '../../src/main/models/evaluations/store-evaluation';
import { editRequirement } from '../../src/main/requirements/store/requirements-service';
import { DatasetsRepo } from '../../src/main/store/datasets-repo';
import { LineageRepo } from '../../src/main/store/lineage-repo';
import { ModelVersionsRepo } from '../../src/main/store/model-versions-repo';
import { ProjectStore } from '../../src/main/store/project-store';
import { RequirementsRepo } from '../../src/main/store/requirements-repo';
import { RunsRepo } from '../../src/main/store/runs-repo';
import { TraceLinksRepo, type LinkStamp } from '../../src/main/store/trace-links-repo';
import { mulberry32 } from '../../src/main/training/splits';
import { stampFor } from '../../src/main/trace/status/link-stamp';
import type { ScoringBody } from '../../src/shared/evaluations';
import type { TraceTarget } from '../../src/shared/trace';
import type { TraceLinkType } from '../../src/shared/trace-matrix';

const [dir, csv, artifactsArg, linksArg, seedArg] = process.argv.slice(2);
const ARTIFACTS = Number(artifactsArg);
const LINKS = Number(linksArg);
const random = mulberry32(Number(seedArg));
/** the retraining chain behind the deep requirement's evidence */
const DEEP_CHAIN = 10;
/** the requirements others refine (the first ones): the matrix's requirement columns */
const PARENTS = 200;
/** requirements edited after linking: their links turn suspect */
const EDITED = 400;

const timings: Record<string, number> = {};
function timed<T>(name: string, fn: () => T): T {
  const t = performance.now();
  const out = fn();
  timings[name] = Math.round(performance.now() - t) / 1000;
  return out;
}

const store = ProjectStore.create(dir, { appVersion: 'bench', actor: 'bench@airlock' });
const start = performance.now();
await importRequirements(store, csv);
timings.importRequirements = Math.round(performance.now() - start) / 1000;
const requirementIds = [...new RequirementsRepo(store.db).latestRevisions().keys()].sort();

const at = (i: number): string => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
const hex = (): string => randomBytes(8).toString('hex');

/** Artifacts in the shares a project of many models has: dataset versions, runs, model versions, evaluations. */
const artifacts: TraceTarget[] = [];
const evaluationsToStore: { of: TraceTarget; on: TraceTarget }[] = [];
let deepEvidence: TraceTarget = { kind: 'dataset_version', id: '' };
timed('artifacts', () =>
  store.mutate({ action: 'bench.seed', target: 'artifacts' }, () => {
    const datasets = new DatasetsRepo(store.db);
    const runs = new RunsRepo(store.db);
    const models = new ModelVersionsRepo(store.db);
    const lineage = new LineageRepo(store.db);
    const dataset = (name: string, i: number): TraceTarget => {
      const v = datasets.insertVersion(
        { dataset: name, hash: hex(), rows: 1000, columns: [], chunkRows: 1000, rowHashesBlob: hex(), sourceName: `${name}.csv`, sourceFormat: 'csv', sourceBytes: 1, createdAt: at(i), profile: { rows: 1000, columns: [] }, chunks: [] },
        at(i),
      );
      return { kind: 'dataset_version', id: v.id };
    };
    const run = (data: TraceTarget, i: number): TraceTarget => {
      const r = runs.insertRun({ experiment: 'bench', name: `run-${i}`, status: 'finished', datasetVersion: data.id, target: 'label', modelKind: 'logreg', task: 'binary', seed: i, startedAt: at(i), endedAt: at(i) });
      const node: TraceTarget = { kind: 'run', id: r.id };
      lineage.link({ kind: 'dataset_version', id: data.id }, 'trained', { kind: 'run', id: r.id }, at(i));
      return node;
    };
    const model = (from: TraceTarget, i: number): TraceTarget => {
      const m = models.register({ name: `model-${i % 50}`, source: 'run', runId: from.id, modelBlob: hex(), onnxBlob: null, hash: hex(), inspectionBlob: null, files: [], createdAt: at(i), author: store.actor, authorFingerprint: null });
      lineage.link({ kind: 'run', id: from.id }, 'produced', { kind: 'model_version', id: m.id }, at(i));
      return { kind: 'model_version', id: m.id };
    };
    // evaluations are stored after this transaction, each by storeEvaluation (its report blob, its own audited write)
    const evaluation = (of: TraceTarget, on: TraceTarget) => evaluationsToStore.push({ of, on });
    // 40 % dataset versions (of 100 datasets), 30 % runs, 20 % model versions, 10 % evaluations
    const counts = { dataset: Math.round(ARTIFACTS * 0.4), run: Math.round(ARTIFACTS * 0.3), model: Math.round(ARTIFACTS * 0.2) };
    const data: TraceTarget[] = [];
    const trained: TraceTarget[] = [];
    const made: TraceTarget[] = [];
    for (let i = 0; i < counts.dataset; i++) data.push(dataset(`data-${i % 100}`, i));
    for (let i = 0; i < counts.run; i++) trained.push(run(data[Math.floor(random() * data.length)], i));
    for (let i = 0; i < counts.model; i++) made.push(model(trained[i % trained.length], i));
    for (let i = 0; data.length + trained.length + made.length + evaluationsToStore.length < ARTIFACTS; i++) evaluation(made[i % made.length], data[i % data.length]);
    artifacts.push(...data, ...trained, ...made);

    // the deep chain: a dataset version trained a run, retrained DEEP_CHAIN times, each producing an evaluated model
    const root = dataset('deep', 0);
    let previous = run(root, 0);
    deepEvidence = root;
    for (let i = 1; i <= DEEP_CHAIN; i++) {
      const next = run(root, i);
      lineage.link({ kind: 'run', id: previous.id }, 'retrained_as', { kind: 'run', id: next.id }, at(i));
      evaluation(model(next, 1000 + i), root);
      previous = next;
    }
  }),
);

timed('evaluations', () => {
  for (const { of, on } of evaluationsToStore) {
    const body: ScoringBody = { kind: 'scoring', runtime: { provider: 'cpu', fallback: null, skippedOutputs: [] }, output: on.id, rows: 1000, seconds: 0.1, metrics: null };
    const e = storeEvaluation(store, { title: `Scoring of ${of.id} on ${on.id}`, modelVersion: of.id, datasetVersion: on.id, body }, store.actor);
    if (artifacts.length < ARTIFACTS) artifacts.push({ kind: 'evaluation', id: e.id });
  }
});

/** The link type a target's kind takes (link-rules.ts allows each). */
const TYPE_OF: Readonly<Record<string, TraceLinkType>> = { dataset_version: 'trained-on', run: 'verifies', model_version: 'satisfies', evaluation: 'verifies', requirement: 'refines' };

let linkCount = 0;
timed('links', () => {
  const latest = new RequirementsRepo(store.db).latestRevisions();
  const targetStamps = new Map<string, string | null>();
  const stampOf = (requirement: string, target: TraceTarget): LinkStamp => {
    const key = `${target.kind}:${target.id}`;
    if (target.kind !== 'requirement' && !targetStamps.has(key)) targetStamps.set(key, stampFor(store, requirement, target).targetStamp);
    const revision = latest.get(requirement);
    if (revision === undefined) throw new Error(`no revision of ${requirement}`);
    const targetStamp = target.kind === 'requirement' ? (latest.get(target.id)?.fingerprint ?? null) : (targetStamps.get(key) ?? null);
    return { requirementRevision: revision.revision, requirementFingerprint: revision.fingerprint, targetStamp };
  };
  store.mutate({ action: 'bench.seed', target: 'links' }, () => {
    const repo = new TraceLinksRepo(store.db);
    const perRequirement = LINKS / requirementIds.length;
    const add = (requirement: string, target: TraceTarget, i: number) => {
      repo.insert({ id: `lnk-${hex()}`, requirement, type: TYPE_OF[target.kind], target, origin: 'manual', reason: null, createdAt: at(i), createdBy: store.actor, ...stampOf(requirement, target) });
      linkCount++;
    };
    requirementIds.forEach((requirement, r) => {
      const picked = new Set<string>();
      // one in ten links refines one of the parent requirements; the rest point at artifacts
      while (picked.size < perRequirement) {
        const target: TraceTarget = random() < 0.1 ? { kind: 'requirement', id: requirementIds[Math.floor(random() * PARENTS)] } : artifacts[Math.floor(random() * artifacts.length)];
        const key = `${target.kind}:${target.id}`;
        if (target.id === requirement || picked.has(key)) continue;
        picked.add(key);
        add(requirement, target, r);
      }
    });
    add(requirementIds[0], deepEvidence, 0);
  });
});

timed('edits', () => {
  for (let i = 0; i < EDITED; i++) {
    const id = requirementIds[Math.floor((i * requirementIds.length) / EDITED)];
    const text = new RequirementsRepo(store.db).latest(id)?.text ?? '';
    editRequirement(store, id, { text: `${text} (revised)` });
  }
});

store.close();
console.log(JSON.stringify({ requirements: requirementIds.length, artifacts: artifacts.length, links: linkCount, edited: EDITED, deepRequirement: requirementIds[0], deepChain: DEEP_CHAIN, seconds: timings }));
