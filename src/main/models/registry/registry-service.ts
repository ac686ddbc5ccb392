// The model registry's service: registering a finished run's model as the next version of a named model (a person from
// a run page, or a pipeline with `train --register`), reading models and versions, and their audited tags and descriptions.
import { fail } from '../../../shared/errors';
import type { EvaluationSummary } from '../../../shared/evaluations';
import type { ApprovalInfo, ModelDetail, ModelSummary, ModelVersionInfo } from '../../../shared/models';
import type { OnnxInspection } from '../../../shared/onnx-model';
import { ApprovalsRepo } from '../../store/approvals-repo';
import { EvaluationsRepo } from '../../store/evaluations-repo';
import { LineageRepo } from '../../store/lineage-repo';
import { MODEL_LEVEL, ModelsRepo, ModelVersionsRepo, type ModelVersionRecord } from '../../store/model-versions-repo';
import type { ProjectStore } from '../../store/project-store';
import { RunsRepo } from '../../store/runs-repo';
import type { UserProfiles } from '../../users/user-profiles';
import { inspectOnnx } from '../onnx-inspect';

export interface RegistrationOptions {
  name: string;
  /** a local user's name (`--as`); the session's actor when absent */
  author?: string;
  /** the author's key fingerprint, when the author is a local user profile (see authorOf) */
  authorFingerprint?: string | null;
  /** this version's description */
  description?: string;
}

export const RUN_MODEL_JSON = 'model/model.json';
export const RUN_MODEL_ONNX = 'model/model.onnx';

/** `--as NAME`: the author's name, with the fingerprint of the local user profile of that name when there is one. */
export function authorOf(profiles: UserProfiles, as: string | undefined): Pick<RegistrationOptions, 'author' | 'authorFingerprint'> {
  if (as === undefined) return {};
  return { author: as, authorFingerprint: profiles.list().find((p) => p.name === as)?.fingerprint ?? null };
}

/** The inspection JSON of an ONNX blob, stored as a blob itself; `shownAs` replaces the blob's path as the inspected file's name. */
export function storeInspection(store: ProjectStore, inspection: OnnxInspection, shownAs: string): string {
  return store.blobs.put(new TextEncoder().encode(JSON.stringify({ ...inspection, file: shownAs })));
}

/** Sets this version's description (part of the registration's transaction). */
export function describeVersion(store: ProjectStore, name: string, version: number, description: string | undefined): void {
  if (description) new ModelsRepo(store.db).setDescription(name, version, description);
}

/**
 * Runs fn holding the project's write lock from its first read: the check for an existing version and the insert of a
 * new one are one step, so two registrations of the same thing at once make one version. Joins a caller's transaction.
 */
export function underWriteLock<T>(store: ProjectStore, fn: () => T): T {
  store.assertWritable();
  return store.db.transaction(fn).immediate();
}

/**
 * Registers run `runId`'s model as the next version of `name` and returns it; the run must be finished and have a
 * model. Registering the same run again under the same name returns the version it made (no duplicate). Opens its
 * own transaction, or joins the caller's (the train job registers in the run's transaction). The run's ONNX file is
 * a few megabytes at most, so inspecting it under the write lock holds that lock only briefly.
 */
export function registerRun(store: ProjectStore, runId: string, opts: RegistrationOptions): { version: ModelVersionRecord; reused: boolean } {
  const repo = new ModelVersionsRepo(store.db);
  const runs = new RunsRepo(store.db);
  return underWriteLock(store, () => {
    const run = runs.get(runId);
    if (run.status !== 'finished') {
      fail('BAD_INPUT', `Run ${runId} is ${run.status}; only a finished run's model can be registered.`, { where: { field: 'run' } });
    }
    const existing = repo.findRun(opts.name, runId);
    if (existing) return { version: existing, reused: true };
    if (!run.artifacts.some((a) => a.path === RUN_MODEL_JSON)) {
      fail('BAD_INPUT', `Run ${runId} has no ${RUN_MODEL_JSON}, so it made no model to register.`, { where: { field: 'run' } });
    }
    const modelBlob = runs.artifact(runId, RUN_MODEL_JSON).blob;
    const onnxBlob = run.artifacts.some((a) => a.path === RUN_MODEL_ONNX) ? runs.artifact(runId, RUN_MODEL_ONNX).blob : null;
    // a run's ONNX file has no external data, so the blob (named by its SHA-256) is the file inspectOnnx reads
    const inspection = onnxBlob ? inspectOnnx(store.blobs.pathOf(onnxBlob)) : null;
    const inspectionBlob = inspection ? storeInspection(store, inspection, RUN_MODEL_ONNX) : null;
    const author = opts.author ?? store.actor;
    return store.mutate(
      (r: { version: ModelVersionRecord }) => ({
        action: 'model.register',
        target: `model_version:${r.version.id}`,
        details: { run: runId, hash: r.version.hash, author, ...(opts.description ? { description: opts.description } : {}) },
      }),
      () => {
        const now = store.now().toISOString();
        const { id, version } = repo.register({
          name: opts.name,
          source: 'run',
          runId,
          modelBlob,
          onnxBlob,
          hash: inspection?.sha256 ?? modelBlob,
          inspectionBlob,
          files: [],
          createdAt: now,
          author,
          authorFingerprint: opts.authorFingerprint ?? null,
        });
        describeVersion(store, opts.name, version, opts.description);
        new LineageRepo(store.db).link({ kind: 'run', id: runId }, 'produced', { kind: 'model_version', id }, now);
        return { version: repo.resolve(id), reused: false };
      },
    );
  });
}

/** A stored version as the window and the CLI show it: its record plus description, tags, aliases and inspection. */
export function versionInfo(store: ProjectStore, v: ModelVersionRecord): ModelVersionInfo {
  const models = new ModelsRepo(store.db);
  return {
    id: v.id,
    name: v.name,
    version: v.version,
    hash: v.hash,
    source: v.source,
    runId: v.runId,
    trainedOn: v.trainedOn,
    author: v.author,
    authorFingerprint: v.authorFingerprint,
    createdAt: v.createdAt,
    description: models.description(v.name, v.version),
    tags: models.tags(v.name, v.version),
    aliases: models.aliasesOf(v.name, v.version),
    hasOnnx: v.onnxBlob !== null,
    // our own blob, written by storeInspection from an OnnxInspection
    inspection: v.inspectionBlob ? (JSON.parse(store.blobs.get(v.inspectionBlob).toString('utf8')) as OnnxInspection) : null,
  };
}

export const listModels = (store: ProjectStore): ModelSummary[] => new ModelsRepo(store.db).summaries();

/** The model with every version (newest first) and every approval of an alias move (newest first). */
export function getModel(store: ProjectStore, name: string): ModelDetail {
  const models = new ModelsRepo(store.db);
  const versions = new ModelVersionsRepo(store.db);
  return {
    model: models.summary(name),
    versions: models.versionIds(name).map((id) => versionInfo(store, versions.resolve(id))),
    approvals: new ApprovalsRepo(store.db).list({ model: name }),
  };
}

/** One version by NAME@VERSION or NAME@ALIAS, with the evaluations about it and the approvals that moved an alias to it. */
export function versionDetail(store: ProjectStore, ref: string): ModelVersionInfo & { evaluations: EvaluationSummary[]; approvals: ApprovalInfo[] } {
  const v = new ModelVersionsRepo(store.db).resolve(ref);
  return {
    ...versionInfo(store, v),
    evaluations: new EvaluationsRepo(store.db).list({ modelVersion: v.id }),
    approvals: new ApprovalsRepo(store.db).list({ model: v.name, version: v.version }),
  };
}

/** The model (and version, when one is named) a tag or description goes on; NOT_FOUND for either that does not exist. */
function taggable(store: ProjectStore, name: string, version: number | undefined): { level: number; target: string } {
  new ModelsRepo(store.db).summary(name);
  if (version === undefined) return { level: MODEL_LEVEL, target: `model:${name}` };
  return { level: version, target: `model_version:${new ModelVersionsRepo(store.db).resolve(`${name}@${version}`).id}` };
}

/** Sets or (value null) removes a tag on a model or on one of its versions; audited, and changeable at any time. */
export function setTag(store: ProjectStore, t: { name: string; version?: number; key: string; value: string | null }): ModelSummary {
  const { level, target } = taggable(store, t.name, t.version);
  const models = new ModelsRepo(store.db);
  store.mutate({ action: t.value === null ? 'model.untag' : 'model.tag', target, details: { key: t.key, ...(t.value === null ? {} : { value: t.value }) } }, () =>
    models.setTag(t.name, level, t.key, t.value),
  );
  return models.summary(t.name);
}

/** Sets (an empty text removes) the description of a model or of one of its versions; audited. */
export function setDescription(store: ProjectStore, d: { name: string; version?: number; description: string }): ModelSummary {
  const { level, target } = taggable(store, d.name, d.version);
  const models = new ModelsRepo(store.db);
  store.mutate({ action: 'model.describe', target, details: { description: d.description } }, () => models.setDescription(d.name, level, d.description));
  return models.summary(d.name);
}
