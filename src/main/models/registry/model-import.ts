// Importing an .onnx file (and its external data) as the next version of a named model: refused when it is a
// code-executing format or not valid ONNX, stored whole as blobs, or not at all.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fail, toAppError } from '../../../shared/errors';
import type { ModelImportResult } from '../../../shared/models';
import type { OnnxInspection, OnnxValueInfo, OnnxValueType } from '../../../shared/onnx-model';
import { ModelVersionsRepo } from '../../store/model-versions-repo';
import type { ProjectStore } from '../../store/project-store';
import { inspectOnnx } from '../onnx-inspect';
import { describeVersion, storeInspection, underWriteLock, type RegistrationOptions } from './registry-service';

export interface ImportOptions extends RegistrationOptions {
  /** the name the person knows the file by (an upload's original name); the path's base name when absent */
  fileName?: string;
  /** the file was uploaded alone (browser mode), so external data it names cannot be beside it */
  uploaded?: boolean;
}

function typeName(t: OnnxValueType): string {
  switch (t.kind) {
    case 'tensor':
    case 'sparse_tensor':
      return `${t.kind}(${t.elementType.toLowerCase()})`;
    case 'sequence':
    case 'optional':
      return `${t.kind}(${typeName(t.element)})`;
    case 'map':
      return `map(${t.keyType.toLowerCase()},${typeName(t.value)})`;
    case 'unknown':
      return 'unknown';
  }
}

const port = (v: OnnxValueInfo): ModelImportResult['inputs'][number] => ({
  name: v.name,
  type: typeName(v.type),
  shape: v.type.kind === 'tensor' || v.type.kind === 'sparse_tensor' ? v.type.shape : null,
});

/** What `model import` answers about a stored version and its inspection. */
export function importResult(id: string, inspection: OnnxInspection, reused: boolean): ModelImportResult {
  const at = id.lastIndexOf('@');
  return {
    model: id.slice(0, at),
    version: Number(id.slice(at + 1)),
    id,
    hash: inspection.sha256,
    inputs: inspection.inputs.map(port),
    outputs: inspection.outputs.map(port),
    opset: inspection.opsets.find((o) => o.domain === 'ai.onnx')?.version ?? null,
    reused,
  };
}

/**
 * Runs fn on the file under the name the person knows it by: an upload is staged as '<id>.upload', and every
 * message and the stored inspection should name the file they chose. Copies it into a private temp folder only then.
 */
function underItsName<T>(file: string, shown: string, fn: (named: string) => T): T {
  if (shown === path.basename(file) || !fs.existsSync(file)) return fn(file);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-import-'));
  try {
    const named = path.join(dir, shown);
    fs.copyFileSync(file, named);
    return fn(named);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Validates and inspects `file`, then stores it (and each external data file) as the next version of `opts.name`. An
 * identical file (same hash) as the model's latest version returns that version with reused: true.
 */
export function importModel(store: ProjectStore, file: string, opts: ImportOptions): ModelImportResult {
  const shown = path.basename(opts.fileName ?? file);
  try {
    return underItsName(file, shown, (named) => importNamed(store, named, shown, opts));
  } catch (e) {
    const error = toAppError(e);
    if (opts.uploaded && error.code === 'FILE_NOT_FOUND' && error.where?.field === 'external_data.location') {
      fail('BAD_INPUT', `${error.message.replace(/\.$/, '')}: an upload carries one file, so a model with external data is imported with the desktop app or the CLI.`, {
        where: { file: shown, field: 'external_data.location' },
        hint: 'airlock model import FILE.onnx --name NAME reads the external data files beside the model.',
      });
    }
    throw e;
  }
}

function importNamed(store: ProjectStore, file: string, shown: string, opts: ImportOptions): ModelImportResult {
  const inspection = inspectOnnx(file);
  const repo = new ModelVersionsRepo(store.db);
  const sameAsLatest = (): string | null => {
    const latest = repo.latest(opts.name);
    return latest && latest.hash === inspection.sha256 ? latest.id : null;
  };
  const known = sameAsLatest();
  if (known) return importResult(known, inspection, true);
  // blobs first, outside the write lock (external data can run to gigabytes): content-addressed, so if the transaction
  // below fails they are merely unreferenced
  const folder = path.dirname(file);
  const stored = (bytes: Uint8Array, expected: string, what: string): string => {
    const blob = store.blobs.put(bytes);
    if (blob !== expected) fail('BAD_INPUT', `${what} changed while it was being imported.`, { where: { file: shown }, hint: 'Import it again once it is written.' });
    return blob;
  };
  const onnxBlob = stored(fs.readFileSync(file), inspection.modelSha256, shown);
  const files = inspection.externalData.map((x) => ({ location: x.location, blob: stored(fs.readFileSync(path.join(folder, x.location)), x.sha256, x.location), bytes: x.bytes }));
  const inspectionBlob = storeInspection(store, inspection, shown);
  const author = opts.author ?? store.actor;
  // the same file imported twice at once makes one version: the second finds the first under the lock
  return underWriteLock(store, () => {
    const again = sameAsLatest();
    if (again) return importResult(again, inspection, true);
    const id = store.mutate(
      (versionId: string) => ({
        action: 'model.import',
        target: `model_version:${versionId}`,
        details: { file: shown, hash: inspection.sha256, author, externalData: files.length, ...(opts.description ? { description: opts.description } : {}) },
      }),
      () => {
        const registered = repo.register({
          name: opts.name,
          source: 'import',
          runId: null,
          modelBlob: null,
          onnxBlob,
          hash: inspection.sha256,
          inspectionBlob,
          files,
          createdAt: store.now().toISOString(),
          author,
          authorFingerprint: opts.authorFingerprint ?? null,
        });
        describeVersion(store, opts.name, registered.version, opts.description);
        return registered.id;
      },
    );
    return importResult(id, inspection, false);
  });
}
