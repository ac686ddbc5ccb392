// Exports runs as an MLflow `mlruns` file-store folder that MLflow 2.x opens as is and that importMlruns reads back whole.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fail } from '../../shared/errors';
import type { RunDetail } from '../../shared/experiments';
import type { ProjectStore } from '../store/project-store';
import { MlflowRepo, type StepRow } from '../store/mlflow-repo';
import { RunsRepo } from '../store/runs-repo';
import { isOutside } from './mlflow-folder';
import {
  DEFAULT_EXPERIMENT_ID,
  DEFAULT_EXPERIMENT_NAME,
  fieldsToTags,
  formatMetricLine,
  isFieldTag,
  keyPath,
  META_FILE,
  NOTE_TAG,
  RUN_FOLDERS,
  RUN_ID_PATTERN,
  SOURCE_TYPE_LOCAL,
  statusToMlflow,
  stringifyMetaYaml,
  TRASH_FOLDER,
  USER_TAG,
} from './mlflow-layout';

export interface MlflowExportOptions {
  /** export only the experiment of this name */
  experiment?: string;
}

export interface MlflowExportSummary {
  experiments: number;
  runs: number;
  artifacts: number;
}

/**
 * Writes into a temp folder beside outDir and renames it at the end, so a failure or a kill midway leaves no
 * half-written export under outDir's name. Refuses an outDir that exists and is not an empty folder.
 */
export function exportMlruns(store: ProjectStore, outDir: string, options: MlflowExportOptions = {}): MlflowExportSummary {
  const target = path.resolve(outDir);
  if (fs.existsSync(target) && (!fs.statSync(target).isDirectory() || fs.readdirSync(target).length > 0)) {
    fail('BAD_INPUT', `${target} is not empty: an MLflow export needs a new or empty folder.`, { hint: 'Pick another folder.', where: { file: target } });
  }
  if (options.experiment !== undefined && !new RunsRepo(store.db).experiments().some((e) => e.name === options.experiment)) {
    fail('NOT_FOUND', `No experiment named '${options.experiment}'.`, { where: { field: 'experiment' } });
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const summary = writeMlruns(store, tmp, target, options.experiment);
    // An empty outDir is allowed, but renaming onto a folder is not portable: remove it first.
    if (fs.existsSync(target)) fs.rmdirSync(target);
    fs.renameSync(tmp, target);
    return summary;
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** Lays the export out under dir; meta.yaml paths name finalDir, where the folder will end up. */
function writeMlruns(store: ProjectStore, dir: string, finalDir: string, experiment: string | undefined): MlflowExportSummary {
  const runs = new RunsRepo(store.db);
  const mlflow = new MlflowRepo(store.db);
  const experiments = mlflow.experimentsWithRuns(experiment);
  // MLflow expects its Default experiment "0" in every mlruns; ours, if any, takes that id, the rest count on from 1.
  const ids = new Map<string, string>([[DEFAULT_EXPERIMENT_NAME, DEFAULT_EXPERIMENT_ID]]);
  for (const e of experiments) if (!ids.has(e.name)) ids.set(e.name, String(ids.size));
  fs.mkdirSync(path.join(dir, TRASH_FOLDER), { recursive: true });
  const summary: MlflowExportSummary = { experiments: experiments.length, runs: 0, artifacts: 0 };
  if (!experiments.some((e) => e.name === DEFAULT_EXPERIMENT_NAME)) {
    writeExperimentMeta(dir, finalDir, DEFAULT_EXPERIMENT_ID, DEFAULT_EXPERIMENT_NAME, store.now().getTime());
  }
  for (const e of experiments) {
    const expId = ids.get(e.name)!;
    writeExperimentMeta(dir, finalDir, expId, e.name, Date.parse(e.createdAt));
    for (const runId of mlflow.runIds(e.name)) {
      const run = runs.get(runId);
      writeRun(store, runs, path.join(dir, expId, runId), path.join(finalDir, expId, runId), expId, run, mlflow.steps(runId));
      summary.runs += 1;
      summary.artifacts += run.artifacts.length;
    }
  }
  return summary;
}

function writeExperimentMeta(dir: string, finalDir: string, expId: string, name: string, createdMs: number): void {
  fs.mkdirSync(path.join(dir, expId), { recursive: true });
  const meta = {
    artifact_location: pathToFileURL(path.join(finalDir, expId)).href,
    creation_time: createdMs,
    experiment_id: expId,
    last_update_time: createdMs,
    lifecycle_stage: 'active',
    name,
  };
  fs.writeFileSync(path.join(dir, expId, META_FILE), stringifyMetaYaml(meta));
}

function writeRun(store: ProjectStore, runs: RunsRepo, runDir: string, finalRunDir: string, expId: string, run: RunDetail, steps: StepRow[]): void {
  if (!RUN_ID_PATTERN.test(run.id)) fail('BAD_INPUT', `Run id '${run.id}' is not one MLflow accepts.`, { where: { field: 'run' } });
  for (const folder of Object.values(RUN_FOLDERS)) fs.mkdirSync(path.join(runDir, folder), { recursive: true });
  const startMs = Date.parse(run.startedAt);
  const endMs = run.endedAt === null ? null : Date.parse(run.endedAt);
  const meta = {
    artifact_uri: pathToFileURL(path.join(finalRunDir, RUN_FOLDERS.artifacts)).href,
    end_time: endMs,
    entry_point_name: '',
    experiment_id: expId,
    lifecycle_stage: 'active',
    run_id: run.id,
    run_name: run.name,
    run_uuid: run.id,
    source_name: '',
    source_type: SOURCE_TYPE_LOCAL,
    source_version: '',
    start_time: startMs,
    status: statusToMlflow(run.status),
    tags: [],
    user_id: run.tags[USER_TAG] ?? '',
  };
  fs.writeFileSync(path.join(runDir, META_FILE), stringifyMetaYaml(meta));
  // A field tag among the run's own tags (set before such keys were reserved) would be read back as the run's field.
  const posing = Object.keys(run.tags).find(isFieldTag);
  if (posing !== undefined) {
    fail('BAD_INPUT', `Run ${run.id} has a tag '${posing}', a name Airlock's export keeps for the run's own fields.`, {
      hint: "Remove the tag (runs.setTag with value null) and export again.",
      where: { field: 'tag' },
    });
  }
  const writeText = (folder: string, kind: string, entries: Iterable<[string, string]>) => {
    for (const [key, text] of entries) writeKeyFile(path.join(runDir, folder), key, `${kind} '${key}' of run ${run.id}`, (f) => fs.writeFileSync(f, text, { flag: 'wx' }));
  };
  writeText(RUN_FOLDERS.params, 'param', Object.entries(run.params));
  const logged = new Set(steps.map((s) => s.key));
  const finalOnly = Object.keys(run.metrics).filter((k) => !logged.has(k));
  const fields = { ...run, status: run.status === 'pruned' ? run.status : null, finalOnly };
  writeText(RUN_FOLDERS.tags, 'tag', Object.entries({ ...run.tags, ...fieldsToTags(fields), ...(run.note === '' ? {} : { [NOTE_TAG]: run.note }) }));
  writeText(RUN_FOLDERS.metrics, 'metric', metricFiles(run, steps, finalOnly, endMs ?? startMs));
  for (const a of run.artifacts) {
    const source = store.blobs.pathOf(runs.artifact(run.id, a.path).blob);
    if (!fs.existsSync(source)) fail('NOT_FOUND', `Artifact ${a.path} of run ${run.id} is missing from the project's blobs.`, { where: { file: source } });
    // Copied file to file: a model artifact can be larger than we want to hold in memory.
    writeKeyFile(path.join(runDir, RUN_FOLDERS.artifacts), a.path, `artifact '${a.path}' of run ${run.id}`, (f) => fs.copyFileSync(source, f, fs.constants.COPYFILE_EXCL));
  }
}

/**
 * One file text per metric. A metric stored only as a final value (no history) becomes a single point at step 0,
 * logged when the run ended, so MLflow shows it; the final_only field tag tells our importer it is no history.
 */
function metricFiles(run: RunDetail, steps: StepRow[], finalOnly: string[], endMs: number): Map<string, string> {
  const files = new Map<string, string>();
  for (const s of steps) files.set(s.key, (files.get(s.key) ?? '') + formatMetricLine(s));
  for (const key of finalOnly) files.set(key, formatMetricLine({ at: endMs, value: run.metrics[key], step: 0 }));
  return files;
}

/** Writes one key's file ('/' nesting folders); a key that is also another key's folder cannot exist in MLflow's layout. */
function writeKeyFile(root: string, key: string, what: string, write: (file: string) => void): void {
  const file = path.join(root, ...keyPath(key, what));
  // keyPath refuses what escapes on any OS; this catches anything a platform's path rules add beyond those.
  if (isOutside(path.relative(root, file))) {
    fail('BAD_INPUT', `The ${what} cannot be written as an MLflow file: '${key}' leads outside its folder.`);
  }
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    write(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR') {
      fail('BAD_INPUT', `The ${what} clashes with another key that uses '${key}' as a folder, which MLflow's file layout cannot hold.`);
    }
    throw e;
  }
}
