// Registering a finished run's model as the next version of a named model (a person from a run page, or a pipeline
// with `train --register`): content-addressed, inspected once, with its author, lineage and audit entry.
import { fail } from '../../../shared/errors';
import type { OnnxInspection } from '../../../shared/onnx-model';
import { LineageRepo } from '../../store/lineage-repo';
import { ModelVersionsRepo, type ModelVersionRecord } from '../../store/model-versions-repo';
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
  if (description === undefined || description === '') return;
  store.db.prepare('INSERT OR REPLACE INTO model_descriptions (model, version, description) VALUES (?, ?, ?)').run(name, version, description);
}

/**
 * Registers run `runId`'s model as the next version of `name` and returns it; the run must be finished and have a
 * model. Registering the same run again under the same name returns the version it made (no duplicate). Opens its
 * own transaction, or joins the caller's (the train job registers in the run's transaction).
 */
export function registerRun(store: ProjectStore, runId: string, opts: RegistrationOptions): { version: ModelVersionRecord; reused: boolean } {
  const repo = new ModelVersionsRepo(store.db);
  const runs = new RunsRepo(store.db);
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
}
