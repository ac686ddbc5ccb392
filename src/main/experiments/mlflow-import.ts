// Imports the runs of an MLflow `mlruns` file-store folder: reads and checks every file first (confined to the chosen
// folder, metric files streamed), stores artifacts, then writes all runs and one audit entry in a single transaction,
// so a bad folder leaves nothing behind: not a row, and not a blob that only this import wrote.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail } from '../../shared/errors';
import type { MlflowImportSummary } from '../../shared/experiments';
import type { JobContext } from '../jobs/protocol';
import { referencedBlobs } from '../store/blob-references';
import { BlobStore } from '../store/blobs';
import type { ProjectStore } from '../store/project-store';
import { MlflowRepo } from '../store/mlflow-repo';
import { RunsRepo, type NewRun } from '../store/runs-repo';
import { describeKind, MlflowFolder, type EntryKind } from './mlflow-folder';
import {
  IMPORT_NOTE_TAG,
  MAX_KEY_FILE_BYTES,
  MAX_META_BYTES,
  MAX_METRIC_LINE,
  META_FILE,
  MetaReader,
  mediaTypeOf,
  MetricHistoryBuilder,
  mlflowStatusName,
  MODELS_FOLDER,
  parseMetaYaml,
  parseMetricLine,
  RESERVED_EXPERIMENT_FOLDERS,
  RUN_FOLDERS,
  RUN_ID_PATTERN,
  RUN_NAME_TAG,
  statusFromMlflow,
  takeFieldTags,
  TRASH_FOLDER,
  USER_TAG,
  type MetricHistory,
} from './mlflow-layout';

export interface MlflowImportOptions {
  /** import only the MLflow experiment of this name */
  experiment?: string;
}

/** What an import reports to and asks of whoever runs it: the job's progress and Cancel. */
export type ImportWatch = Pick<JobContext, 'progress' | 'checkCancelled'>;

const UNWATCHED: ImportWatch = { progress: () => undefined, checkCancelled: () => undefined };

interface ArtifactFile {
  path: string;
  /** '/'-joined path inside the chosen folder */
  rel: string;
  size: number;
}

interface RunCandidate {
  runId: string;
  /** '/'-joined path of the run folder inside the chosen folder */
  rel: string;
  experimentId: string;
  experimentName: string;
  meta: MetaReader;
}

interface RunFiles extends RunCandidate {
  params: string[];
  tags: string[];
  metrics: string[];
  artifacts: ArtifactFile[];
}

interface RunPlan {
  run: NewRun & { id: string };
  histories: Map<string, MetricHistory>;
  artifacts: ArtifactFile[];
}

export function importMlruns(store: ProjectStore, dir: string, options: MlflowImportOptions = {}, watch: ImportWatch = UNWATCHED): MlflowImportSummary {
  const folder = MlflowFolder.open(dir);
  const mlflowRepo = new MlflowRepo(store.db);
  const scan = scanMlruns(folder, options, mlflowRepo);
  const totalFiles = folder.counters.files + scan.runs.reduce((n, r) => n + r.params.length + r.tags.length + r.metrics.length + r.artifacts.length, 0);
  const totalBytes = folder.counters.bytes + scan.runs.reduce((n, r) => n + sizes(folder, r), 0);
  const report = (): void => {
    const { files, bytes } = folder.counters;
    watch.progress(totalBytes === 0 ? 1 : bytes / totalBytes, `read ${files} of ${totalFiles} files (${mib(bytes)} of ${mib(totalBytes)} MiB)`);
  };
  const tick = (): void => {
    watch.checkCancelled();
    report();
  };
  const plans = scan.runs.map((r) => readRun(folder, r, tick));
  const used = new Set(plans.map((p) => p.run.experiment));
  const summary: MlflowImportSummary = {
    experiments: used.size,
    runs: plans.length,
    skipped: scan.skipped,
    artifacts: plans.reduce((n, p) => n + p.artifacts.length, 0),
    metrics: plans.reduce((n, p) => n + [...p.histories.values()].reduce((m, h) => m + h.steps.length, 0), 0),
    notes: scan.notes,
  };
  // A folder with nothing new (a re-import) changes nothing, so it leaves no audit entry either.
  if (plans.length === 0) return summary;
  const created = new Set<string>();
  try {
    const stored = plans.map((p) =>
      p.artifacts.map((a) => {
        const artifact = storeArtifact(store, folder, a, created);
        tick();
        return artifact;
      }),
    );
    watch.checkCancelled();
    watch.progress(1, `writing ${plans.length} runs`);
    const details = { experiments: summary.experiments, runs: summary.runs, skipped: summary.skipped.length, artifacts: summary.artifacts, metrics: summary.metrics };
    const repo = new RunsRepo(store.db);
    store.mutate({ action: 'mlflow.import', target: `mlruns:${folder.shown}`, details }, () => {
      // MLflow's experiment creation time, where known, dates a new experiment rather than its first run's start.
      for (const name of used) {
        const createdAt = scan.experiments.get(name);
        if (createdAt) repo.ensureExperiment(name, createdAt);
      }
      plans.forEach((p, i) => {
        repo.insertRun({ ...p.run, artifacts: stored[i] });
        for (const [key, h] of p.histories) mlflowRepo.insertSteps(p.run.id, key, h);
      });
    });
  } catch (e) {
    removeOrphans(store, created);
    throw e;
  }
  return summary;
}

function sizes(folder: MlflowFolder, r: RunFiles): number {
  let n = r.artifacts.reduce((s, a) => s + a.size, 0);
  for (const [sub, keys] of [[RUN_FOLDERS.params, r.params], [RUN_FOLDERS.tags, r.tags], [RUN_FOLDERS.metrics, r.metrics]] as const) {
    for (const key of keys) n += folder.size(`${r.rel}/${sub}/${key}`);
  }
  return n;
}

function mib(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}

/** Stores one artifact's bytes, remembering in `created` each blob the project did not hold before. */
function storeArtifact(store: ProjectStore, folder: MlflowFolder, a: ArtifactFile, created: Set<string>): NonNullable<NewRun['artifacts']>[number] {
  const bytes = folder.readBytes(a.rel);
  const hash = BlobStore.hash(bytes);
  if (!store.blobs.has(hash)) created.add(hash);
  store.blobs.put(bytes);
  return { path: a.path, blob: hash, size: bytes.byteLength, mediaType: mediaTypeOf(a.path) };
}

/**
 * After a failed or cancelled import, deletes the blobs it wrote that no row references (and their folder, once
 * empty). A blob the project held before, or that another writer has since referenced, stays.
 */
function removeOrphans(store: ProjectStore, created: Set<string>): void {
  if (created.size === 0) return;
  try {
    const referenced = referencedBlobs(store.db);
    for (const hash of created) {
      if (referenced.has(hash)) continue;
      const file = store.blobs.pathOf(hash);
      fs.rmSync(file, { force: true });
      if (fs.readdirSync(path.dirname(file)).length === 0) fs.rmdirSync(path.dirname(file));
    }
  } catch {
    // The import's own error is the one to report; what is left here, the orphan-blob sweep on open removes.
  }
}

interface Scan {
  /** experiment name -> MLflow's creation time, where meta.yaml has one */
  experiments: Map<string, string | null>;
  runs: RunFiles[];
  skipped: MlflowImportSummary['skipped'];
  notes: string[];
}

function scanMlruns(folder: MlflowFolder, options: MlflowImportOptions, mlflowRepo: MlflowRepo): Scan {
  const scan: Scan = { experiments: new Map(), runs: [], skipped: [], notes: [] };
  const experimentDirs: string[] = [];
  for (const entry of folder.entries('')) {
    if (entry.kind === 'link') refuseNonFolder(folder, entry.name, entry.kind);
    if (entry.kind !== 'folder') continue;
    if (entry.name === TRASH_FOLDER) {
      const n = folder.entries(TRASH_FOLDER).filter((e) => e.kind === 'folder').length;
      if (n > 0) scan.notes.push(`${n} deleted experiment(s) in ${TRASH_FOLDER} were skipped.`);
    } else if (entry.name === MODELS_FOLDER) {
      scan.notes.push(`Registered models (${MODELS_FOLDER}/) were not imported: only runs are.`);
    } else if (folder.kind(`${entry.name}/${META_FILE}`) === null) {
      scan.notes.push(`Folder ${entry.name} has no ${META_FILE}, so it is not an experiment; it was skipped.`);
    } else experimentDirs.push(entry.name);
  }
  if (experimentDirs.length === 0) {
    fail('BAD_INPUT', `${folder.shown} is not an MLflow mlruns folder: no experiment folder with a ${META_FILE} in it.`, {
      hint: "Pick the 'mlruns' folder itself, the one that holds the folder '0'.",
      where: { file: folder.shown },
    });
  }
  const candidates: RunCandidate[] = [];
  for (const id of experimentDirs) {
    const meta = readMeta(folder, `${id}/${META_FILE}`);
    const name = meta.requiredText('name');
    if (options.experiment !== undefined && name !== options.experiment) continue;
    if (meta.requiredText('experiment_id') !== id) {
      // MLflow itself ignores such an experiment (FileStore._get_experiment), so we do too.
      scan.notes.push(`Experiment folder ${id} says it is experiment ${meta.requiredText('experiment_id')}; it was skipped, as MLflow does.`);
      continue;
    }
    const runDirs: string[] = [];
    for (const e of folder.entries(id)) {
      if (RESERVED_EXPERIMENT_FOLDERS.has(e.name)) continue;
      if (e.kind === 'link') refuseNonFolder(folder, `${id}/${e.name}`, e.kind);
      if (e.kind === 'folder') runDirs.push(e.name);
    }
    if (meta.text('lifecycle_stage') === 'deleted') {
      for (const runId of runDirs) scan.skipped.push({ runId, reason: `experiment '${name}' is deleted in MLflow` });
      continue;
    }
    const createdMs = meta.int('creation_time');
    scan.experiments.set(name, createdMs === null ? null : new Date(createdMs).toISOString());
    for (const runId of runDirs) {
      const rel = `${id}/${runId}`;
      // MLflow skips such folders too: an artifact store sharing the folder often puts them there.
      if (folder.kind(`${rel}/${META_FILE}`) === null) scan.notes.push(`Folder ${rel} has no ${META_FILE}, so it is not a run; it was skipped.`);
      else candidates.push({ runId, rel, experimentId: id, experimentName: name, meta: readMeta(folder, `${rel}/${META_FILE}`) });
    }
  }
  const existing = mlflowRepo.existingRunIds(candidates.map((c) => c.runId));
  const seen = new Map<string, string>();
  for (const c of candidates) {
    const first = seen.get(c.runId);
    if (first) fail('MLFLOW_BAD_FILE', `Run ${c.runId} appears twice: in experiment folders ${first} and ${c.experimentId}.`, { where: { file: folder.file(c.rel) } });
    seen.set(c.runId, c.experimentId);
    const metaId = c.meta.text('run_id') ?? c.meta.requiredText('run_uuid');
    if (metaId !== c.runId || !RUN_ID_PATTERN.test(c.runId)) {
      fail('MLFLOW_BAD_FILE', `Run folder ${c.runId} holds a ${META_FILE} for run '${metaId}'.`, { where: { file: folder.file(`${c.rel}/${META_FILE}`), field: 'run_id' } });
    }
    const skip = (reason: string) => scan.skipped.push({ runId: c.runId, reason });
    const recordedExperiment = c.meta.requiredText('experiment_id');
    if (recordedExperiment !== c.experimentId) skip(`its ${META_FILE} names experiment ${recordedExperiment}, not ${c.experimentId}; MLflow ignores it too`);
    else if (c.meta.text('lifecycle_stage') === 'deleted') skip('deleted in MLflow');
    else if (existing.has(c.runId)) skip('already imported');
    else {
      scan.runs.push({
        ...c,
        params: listKeyFiles(folder, `${c.rel}/${RUN_FOLDERS.params}`),
        tags: listKeyFiles(folder, `${c.rel}/${RUN_FOLDERS.tags}`),
        metrics: listKeyFiles(folder, `${c.rel}/${RUN_FOLDERS.metrics}`),
        artifacts: listArtifacts(folder, c, scan.notes),
      });
    }
  }
  return scan;
}

function readRun(folder: MlflowFolder, r: RunFiles, tick: () => void): RunPlan {
  const params = readKeyFiles(folder, `${r.rel}/${RUN_FOLDERS.params}`, r.params, tick);
  const tags = readKeyFiles(folder, `${r.rel}/${RUN_FOLDERS.tags}`, r.tags, tick);
  const fields = takeFieldTags(tags, (key) => folder.file(`${r.rel}/${RUN_FOLDERS.tags}/${key}`));
  const metaFile = folder.file(`${r.rel}/${META_FILE}`);
  // meta.yaml without a status means RUNNING, as in MLflow's reader.
  const statusCode = r.meta.int('status') ?? 1;
  const statusName = mlflowStatusName(statusCode) ?? fail('MLFLOW_BAD_FILE', `Run ${r.runId} has unknown status ${statusCode}.`, { where: { file: metaFile, field: 'status' } });
  if (statusName === 'RUNNING' || statusName === 'SCHEDULED') tags[IMPORT_NOTE_TAG] = `was ${statusName} in MLflow`;
  const userId = r.meta.text('user_id');
  if (userId && !Object.hasOwn(tags, USER_TAG)) tags[USER_TAG] = userId;
  const { histories, finals } = readMetrics(folder, `${r.rel}/${RUN_FOLDERS.metrics}`, r.metrics, tick);
  // A final-only metric's file is the exporter's stand-in point, not a history.
  for (const key of fields.finalOnly) histories.delete(key);
  const endMs = r.meta.int('end_time');
  return {
    run: {
      id: r.runId,
      experiment: r.experimentName,
      name: r.meta.text('run_name') || tags[RUN_NAME_TAG] || r.runId,
      status: fields.status ?? statusFromMlflow(statusName),
      source: 'mlflow',
      datasetVersion: fields.datasetVersion,
      target: fields.target,
      modelKind: fields.modelKind,
      task: fields.task,
      seed: fields.seed,
      startedAt: new Date(r.meta.requiredInt('start_time')).toISOString(),
      endedAt: endMs === null ? null : new Date(endMs).toISOString(),
      environment: fields.environment ?? {},
      error: fields.error,
      params,
      metrics: finals,
      steps: [],
      tags,
    },
    histories,
    artifacts: r.artifacts,
  };
}

/** A record without a prototype, so keys such as 'constructor' or '__proto__' are plain keys. */
function record<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}

/** params/ and tags/: one file per key, '/' in a key nesting folders; the file's text is the value. */
function readKeyFiles(folder: MlflowFolder, rel: string, keys: string[], tick: () => void): Record<string, string> {
  const out = record<string>();
  for (const key of keys) {
    out[key] = folder.readText(`${rel}/${key}`, MAX_KEY_FILE_BYTES);
    tick();
  }
  return out;
}

/**
 * Every point of every metric, streamed line by line. Our history holds one point per step, so where MLflow logged
 * a step more than once the point MLflow itself would report wins; the final value is MLflow's too.
 */
function readMetrics(folder: MlflowFolder, rel: string, keys: string[], tick: () => void): { histories: Map<string, MetricHistory>; finals: Record<string, number> } {
  const histories = new Map<string, MetricHistory>();
  const finals = record<number>();
  for (const key of keys) {
    const fileRel = `${rel}/${key}`;
    const file = folder.file(fileRel);
    const builder = new MetricHistoryBuilder();
    folder.forEachLine(fileRel, MAX_METRIC_LINE, (line, lineNo) => builder.add(parseMetricLine(line, file, lineNo)), tick);
    const final = builder.finalPoint ?? fail('MLFLOW_BAD_FILE', `Metric file ${file} is empty.`, { where: { file } });
    histories.set(key, builder.history());
    finals[key] = final.value;
    tick();
  }
  return { histories, finals };
}

/**
 * A run's artifacts sit in its artifacts/ folder; a run logged with another artifact root has none there, and then
 * its artifact_uri is followed only if it names a folder inside the chosen one: anything else is noted, not read.
 */
function listArtifacts(folder: MlflowFolder, c: RunCandidate, notes: string[]): ArtifactFile[] {
  let rel = `${c.rel}/${RUN_FOLDERS.artifacts}`;
  const artifactUri = c.meta.text('artifact_uri');
  if (folder.kind(rel) === null && artifactUri) {
    const local = artifactUri.startsWith('file:') ? safeFileUrlPath(artifactUri) : path.isAbsolute(artifactUri) ? artifactUri : null;
    const inside = local === null ? null : folder.relativeInside(local);
    if (inside === null) {
      notes.push(`Artifacts of run ${c.runId} are at ${artifactUri}, which is not a folder inside ${folder.shown}; they were not imported.`);
      return [];
    }
    rel = inside;
  }
  return listFiles(folder, rel, (skipped, kind) => notes.push(`${folder.file(skipped)} is ${describeKind(kind)}, not an artifact; it was skipped.`)).map((p) => ({
    path: p,
    rel: joinRel(rel, p),
    size: folder.size(joinRel(rel, p)),
  }));
}

function safeFileUrlPath(uri: string): string | null {
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

/** Keys of params/, tags/ or metrics/: every file there is read, so a link or special file fails the import. */
function listKeyFiles(folder: MlflowFolder, rel: string): string[] {
  return listFiles(folder, rel, (skipped, kind) => folder.refuse(skipped, kind));
}

/**
 * Files under rel at any depth, as '/'-joined paths relative to it, sorted; a missing folder has none. The folder
 * itself must be a real folder: a link in its place fails, whatever it points at.
 */
function listFiles(folder: MlflowFolder, rel: string, onSkipped: (rel: string, kind: EntryKind) => void): string[] {
  const kind = folder.kind(rel);
  if (kind === null) return [];
  if (kind !== 'folder') refuseNonFolder(folder, rel, kind);
  const out: string[] = [];
  const walk = (sub: string): void => {
    for (const e of folder.entries(joinRel(rel, sub))) {
      const relPath = sub ? `${sub}/${e.name}` : e.name;
      if (e.kind === 'folder') walk(relPath);
      else if (e.kind === 'file') out.push(relPath);
      // Links are not followed: one could point outside the folder, or at a parent folder and never end.
      else onSkipped(joinRel(rel, relPath), e.kind);
    }
  };
  walk('');
  return out;
}

function joinRel(a: string, b: string): string {
  return a === '' ? b : b === '' ? a : `${a}/${b}`;
}

function refuseNonFolder(folder: MlflowFolder, rel: string, kind: EntryKind): never {
  fail('MLFLOW_BAD_FILE', `${folder.file(rel)} is ${describeKind(kind)} where a folder belongs; Airlock reads only real folders inside the chosen one.`, {
    where: { file: folder.file(rel) },
  });
}

function readMeta(folder: MlflowFolder, rel: string): MetaReader {
  const file = folder.file(rel);
  return new MetaReader(parseMetaYaml(folder.readText(rel, MAX_META_BYTES), file), file);
}
