// Imports the runs of an MLflow `mlruns` file-store folder: reads and checks every file first, then writes all runs,
// their artifacts and one audit entry in a single transaction, so a bad folder leaves nothing behind.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail } from '../../shared/errors';
import type { ProjectStore } from '../store/project-store';
import { MlflowRepo } from '../store/mlflow-repo';
import { RunsRepo, type NewRun } from '../store/runs-repo';
import {
  IMPORT_NOTE_TAG,
  laterPoint,
  META_FILE,
  MetaReader,
  mediaTypeOf,
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
  type MetricPoint,
} from './mlflow-layout';

export interface MlflowImportOptions {
  /** import only the MLflow experiment of this name */
  experiment?: string;
}

export interface MlflowImportSummary {
  /** experiments that received at least one run */
  experiments: number;
  runs: number;
  skipped: { runId: string; reason: string }[];
  artifacts: number;
  /** metric points (one per key and step) */
  metrics: number;
  /** what was left aside on purpose and not tied to one run: registered models, .trash, folders that are not runs */
  notes: string[];
}

interface RunPlan {
  run: NewRun & { id: string };
  /** artifact files, read and stored only inside the transaction so a large folder is never held in memory */
  artifactFiles: { path: string; file: string }[];
}

interface Plan {
  /** experiment name -> MLflow's creation time, where meta.yaml has one */
  experiments: Map<string, string | null>;
  runs: RunPlan[];
  skipped: MlflowImportSummary['skipped'];
  notes: string[];
}

export function importMlruns(store: ProjectStore, dir: string, options: MlflowImportOptions = {}): MlflowImportSummary {
  const root = path.resolve(dir);
  const plan = readMlruns(root, options, new MlflowRepo(store.db));
  const used = new Set(plan.runs.map((r) => r.run.experiment));
  const summary: MlflowImportSummary = {
    experiments: used.size,
    runs: plan.runs.length,
    skipped: plan.skipped,
    artifacts: plan.runs.reduce((n, r) => n + r.artifactFiles.length, 0),
    metrics: plan.runs.reduce((n, r) => n + (r.run.steps?.length ?? 0), 0),
    notes: plan.notes,
  };
  // A folder with nothing new (a re-import) changes nothing, so it leaves no audit entry either.
  if (plan.runs.length === 0) return summary;
  const details = { experiments: summary.experiments, runs: summary.runs, skipped: summary.skipped.length, artifacts: summary.artifacts, metrics: summary.metrics };
  const repo = new RunsRepo(store.db);
  store.mutate({ action: 'mlflow.import', target: `mlruns:${root}`, details }, () => {
    // MLflow's experiment creation time, where known, dates a new experiment rather than its first run's start.
    for (const name of used) {
      const createdAt = plan.experiments.get(name);
      if (createdAt) repo.ensureExperiment(name, createdAt);
    }
    for (const r of plan.runs) repo.insertRun({ ...r.run, artifacts: r.artifactFiles.map((a) => storeArtifact(store, a)) });
  });
  return summary;
}

function storeArtifact(store: ProjectStore, a: { path: string; file: string }): NonNullable<NewRun['artifacts']>[number] {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(a.file);
  } catch {
    fail('FILE_VANISHED', `Artifact ${a.file} disappeared during the import: nothing was imported.`, { where: { file: a.file } });
  }
  return { path: a.path, blob: store.blobs.put(bytes), size: bytes.byteLength, mediaType: mediaTypeOf(a.path) };
}

function readMlruns(root: string, options: MlflowImportOptions, mlflowRepo: MlflowRepo): Plan {
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) fail('FILE_NOT_FOUND', `${root} is not a folder.`, { where: { file: root } });
  const plan: Plan = { experiments: new Map(), runs: [], skipped: [], notes: [] };
  const experimentDirs: string[] = [];
  for (const entry of sortedEntries(root)) {
    if (!entry.isDirectory()) continue;
    if (entry.name === TRASH_FOLDER) {
      const n = sortedEntries(path.join(root, TRASH_FOLDER)).filter((e) => e.isDirectory()).length;
      if (n > 0) plan.notes.push(`${n} deleted experiment(s) in ${TRASH_FOLDER} were skipped.`);
    } else if (entry.name === MODELS_FOLDER) {
      plan.notes.push(`Registered models (${MODELS_FOLDER}/) were not imported: only runs are.`);
    } else if (!fs.existsSync(path.join(root, entry.name, META_FILE))) {
      plan.notes.push(`Folder ${entry.name} has no ${META_FILE}, so it is not an experiment; it was skipped.`);
    } else experimentDirs.push(entry.name);
  }
  if (experimentDirs.length === 0) {
    fail('BAD_INPUT', `${root} is not an MLflow mlruns folder: no experiment folder with a ${META_FILE} in it.`, {
      hint: "Pick the 'mlruns' folder itself, the one that holds the folder '0'.",
      where: { file: root },
    });
  }
  const candidates: { runDir: string; experimentId: string; experimentName: string }[] = [];
  for (const id of experimentDirs) {
    const expDir = path.join(root, id);
    const metaFile = path.join(expDir, META_FILE);
    const meta = new MetaReader(readMeta(metaFile), metaFile);
    const name = meta.requiredText('name');
    if (options.experiment !== undefined && name !== options.experiment) continue;
    if (meta.requiredText('experiment_id') !== id) {
      // MLflow itself ignores such an experiment (FileStore._get_experiment), so we do too.
      plan.notes.push(`Experiment folder ${id} says it is experiment ${meta.requiredText('experiment_id')}; it was skipped, as MLflow does.`);
      continue;
    }
    const runDirs = sortedEntries(expDir)
      .filter((e) => e.isDirectory() && !RESERVED_EXPERIMENT_FOLDERS.has(e.name))
      .map((e) => path.join(expDir, e.name));
    if (meta.text('lifecycle_stage') === 'deleted') {
      for (const runDir of runDirs) plan.skipped.push({ runId: path.basename(runDir), reason: `experiment '${name}' is deleted in MLflow` });
      continue;
    }
    const createdMs = meta.int('creation_time');
    plan.experiments.set(name, createdMs === null ? null : new Date(createdMs).toISOString());
    for (const runDir of runDirs) {
      // MLflow skips such folders too: an artifact store sharing the folder often puts them there.
      if (fs.existsSync(path.join(runDir, META_FILE))) candidates.push({ runDir, experimentId: id, experimentName: name });
      else plan.notes.push(`Folder ${path.relative(root, runDir)} has no ${META_FILE}, so it is not a run; it was skipped.`);
    }
  }
  const existing = mlflowRepo.existingRunIds(candidates.map((c) => path.basename(c.runDir)));
  const seen = new Map<string, string>();
  for (const c of candidates) {
    const runId = path.basename(c.runDir);
    const first = seen.get(runId);
    if (first) fail('MLFLOW_BAD_FILE', `Run ${runId} appears twice: in experiment folders ${first} and ${c.experimentId}.`, { where: { file: c.runDir } });
    seen.set(runId, c.experimentId);
    const metaFile = path.join(c.runDir, META_FILE);
    const meta = new MetaReader(readMeta(metaFile), metaFile);
    const metaId = meta.text('run_id') ?? meta.requiredText('run_uuid');
    if (metaId !== runId || !RUN_ID_PATTERN.test(runId)) {
      fail('MLFLOW_BAD_FILE', `Run folder ${runId} holds a ${META_FILE} for run '${metaId}'.`, { where: { file: metaFile, field: 'run_id' } });
    }
    const skip = (reason: string) => plan.skipped.push({ runId, reason });
    const recordedExperiment = meta.requiredText('experiment_id');
    if (recordedExperiment !== c.experimentId) skip(`its ${META_FILE} names experiment ${recordedExperiment}, not ${c.experimentId}; MLflow ignores it too`);
    else if (meta.text('lifecycle_stage') === 'deleted') skip('deleted in MLflow');
    else if (existing.has(runId)) skip('already imported');
    else plan.runs.push(readRun(c.runDir, runId, c.experimentName, meta, plan.notes));
  }
  return plan;
}

function readRun(runDir: string, runId: string, experiment: string, meta: MetaReader, notes: string[]): RunPlan {
  const params = readKeyFiles(path.join(runDir, RUN_FOLDERS.params));
  const tags = readKeyFiles(path.join(runDir, RUN_FOLDERS.tags));
  const fields = takeFieldTags(tags, (key) => path.join(runDir, RUN_FOLDERS.tags, ...key.split('/')));
  // meta.yaml without a status means RUNNING, as in MLflow's reader.
  const statusCode = meta.int('status') ?? 1;
  const statusName = mlflowStatusName(statusCode) ?? fail('MLFLOW_BAD_FILE', `Run ${runId} has unknown status ${statusCode}.`, { where: { file: path.join(runDir, META_FILE), field: 'status' } });
  if (statusName === 'RUNNING' || statusName === 'SCHEDULED') tags[IMPORT_NOTE_TAG] = `was ${statusName} in MLflow`;
  const userId = meta.text('user_id');
  if (userId && tags[USER_TAG] === undefined) tags[USER_TAG] = userId;
  const history = readMetrics(path.join(runDir, RUN_FOLDERS.metrics));
  // A final-only metric's file is the exporter's stand-in point, not a history.
  const steps = history.steps.filter((s) => !fields.finalOnly.includes(s.key));
  const endMs = meta.int('end_time');
  return {
    run: {
      id: runId,
      experiment,
      name: meta.text('run_name') || tags[RUN_NAME_TAG] || runId,
      status: fields.status ?? statusFromMlflow(statusName),
      source: 'mlflow',
      datasetVersion: fields.datasetVersion,
      target: fields.target,
      modelKind: fields.modelKind,
      task: fields.task,
      seed: fields.seed,
      startedAt: new Date(meta.requiredInt('start_time')).toISOString(),
      endedAt: endMs === null ? null : new Date(endMs).toISOString(),
      environment: fields.environment ?? {},
      error: fields.error,
      params,
      metrics: history.metrics,
      steps,
      tags,
    },
    artifactFiles: listArtifacts(runDir, runId, meta.text('artifact_uri'), notes),
  };
}

/** params/ and tags/: one file per key, '/' in a key nesting folders; the file's text is the value. */
function readKeyFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of listFiles(dir)) out[key] = fs.readFileSync(path.join(dir, ...key.split('/')), 'utf8');
  return out;
}

/**
 * Every point of every metric. Our history holds one point per step, so where MLflow logged a step more than once
 * the point MLflow itself would report wins; the final value is MLflow's too: the point at the max step.
 */
function readMetrics(dir: string): { steps: NonNullable<NewRun['steps']>; metrics: Record<string, number> } {
  const steps: NonNullable<NewRun['steps']> = [];
  const metrics: Record<string, number> = {};
  for (const key of listFiles(dir)) {
    const file = path.join(dir, ...key.split('/'));
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    if (lines.length === 0) fail('MLFLOW_BAD_FILE', `Metric file ${file} is empty.`, { where: { file } });
    const byStep = new Map<number, MetricPoint>();
    let final: MetricPoint | undefined;
    lines.forEach((line, i) => {
      const p = parseMetricLine(line, file, i + 1);
      const prev = byStep.get(p.step);
      if (!prev || laterPoint(p, prev)) byStep.set(p.step, p);
      if (!final || laterPoint(p, final)) final = p;
    });
    for (const p of [...byStep.values()].sort((a, b) => a.step - b.step)) steps.push({ key, step: p.step, value: p.value, at: p.at });
    metrics[key] = final!.value;
  }
  return { steps, metrics };
}

/**
 * A run's artifacts sit in its artifacts/ folder; a run logged with another artifact root has none there, and then
 * its artifact_uri is followed if it is a local folder.
 */
function listArtifacts(runDir: string, runId: string, artifactUri: string | null, notes: string[]): RunPlan['artifactFiles'] {
  let dir = path.join(runDir, RUN_FOLDERS.artifacts);
  if (!fs.existsSync(dir) && artifactUri) {
    const local = artifactUri.startsWith('file:') ? fileURLToPath(artifactUri) : path.isAbsolute(artifactUri) ? artifactUri : null;
    if (local && fs.existsSync(local)) dir = local;
    else notes.push(`Artifacts of run ${runId} are at ${artifactUri}, which is not a local folder; they were not imported.`);
  }
  return listFiles(dir, (skipped) => notes.push(`${skipped} is a link or special file, not an artifact; it was skipped.`)).map((p) => ({
    path: p,
    file: path.join(dir, ...p.split('/')),
  }));
}

/** Files under dir at any depth, as '/'-joined paths relative to it, sorted; a missing dir has none. */
function listFiles(dir: string, onSkipped?: (file: string) => void): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of sortedEntries(path.join(dir, rel))) {
      const relPath = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(relPath);
      else if (e.isFile()) out.push(relPath);
      // Links are not followed: one pointing at a parent folder would never end.
      else onSkipped?.(path.join(dir, relPath));
    }
  };
  walk('');
  return out;
}

function sortedEntries(dir: string): fs.Dirent[] {
  return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function readMeta(file: string): Record<string, unknown> {
  return parseMetaYaml(fs.readFileSync(file, 'utf8'), file);
}
