// Opens a registered model version in onnxruntime on the execution provider asked for (or the fastest available),
// falling back to CPU with the reason. Only job processes call it: a model or GPU driver that crashes takes its job down.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { fail } from '../../shared/errors';
import type { ProviderName, ProviderStatus } from '../../shared/models';
import type { OnnxInspection } from '../../shared/onnx-model';
import { ModelVersionsRepo, type ModelVersionRecord } from '../store/model-versions-repo';
import type { ProjectStore } from '../store/project-store';
import { chooseProvider, detectProviders } from './execution-providers';
import { inspectOnnx } from './onnx-inspect';

export interface OpenedModel {
  version: ModelVersionRecord;
  inspection: OnnxInspection;
  session: ort.InferenceSession;
  provider: ProviderName;
  /** why the provider asked for (or the fastest detected) is not the one in use */
  fallback: string | null;
  release(): Promise<void>;
}

export interface OpenOptions {
  provider?: ProviderName;
  /** provider statuses already detected (a job that opens several models probes once) */
  statuses?: ProviderStatus[];
}

/** The model file, with its external data files beside it, in a private temporary folder that `remove` deletes. */
function materialise(store: ProjectStore, version: ModelVersionRecord, onnxBlob: string): { file: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-model-'));
  fs.chmodSync(dir, 0o700);
  const remove = (): void => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const file = path.join(dir, 'model.onnx');
    fs.writeFileSync(file, store.blobs.get(onnxBlob), { mode: 0o600 });
    for (const f of new ModelVersionsRepo(store.db).files(version.id)) {
      // locations were checked at import (relative, no '..'); path.join keeps them inside dir all the same
      const target = path.join(dir, f.location);
      if (!target.startsWith(dir + path.sep)) fail('PROJECT_CORRUPT', `Model version ${version.id} lists an external file outside its folder: ${f.location}`);
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
      fs.writeFileSync(target, store.blobs.get(f.blob), { mode: 0o600 });
    }
    return { file, remove };
  } catch (e) {
    remove();
    throw e;
  }
}

async function createSession(file: string, provider: ProviderName): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(file, { executionProviders: [provider], graphOptimizationLevel: 'all' });
}

/** `ref` is NAME@VERSION or NAME@ALIAS. */
export async function openModelSession(store: ProjectStore, ref: string, options: OpenOptions = {}): Promise<OpenedModel> {
  const version = new ModelVersionsRepo(store.db).resolve(ref);
  const onnxBlob = version.onnxBlob;
  if (!onnxBlob) {
    fail('BAD_INPUT', `Model version ${version.id} has no ONNX file to run.`, { where: { field: 'model' }, hint: 'Its run exported no ONNX model; retrain it, or import an .onnx file.' });
  }
  const files = materialise(store, version, onnxBlob);
  try {
    const inspection: OnnxInspection = version.inspectionBlob ? (JSON.parse(store.blobs.get(version.inspectionBlob).toString('utf8')) as OnnxInspection) : inspectOnnx(files.file);
    let choice: { provider: ProviderName; fallback?: string };
    if (options.provider === 'cpu') choice = { provider: 'cpu' };
    else choice = chooseProvider(options.statuses ?? (await detectProviders()), options.provider);
    let session: ort.InferenceSession;
    let fallback = choice.fallback ?? null;
    try {
      session = await createSession(files.file, choice.provider);
    } catch (e) {
      if (choice.provider === 'cpu') throw e;
      // the provider works (the probe ran) but not for this model (an operator it lacks, a type it cannot take)
      fallback = `${choice.provider} could not load ${version.id}, so cpu is used: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
      choice = { provider: 'cpu' };
      session = await createSession(files.file, 'cpu');
    }
    const provider = choice.provider;
    return {
      version,
      inspection,
      session,
      provider,
      fallback,
      release: async () => {
        try {
          await session.release();
        } finally {
          files.remove();
        }
      },
    };
  } catch (e) {
    files.remove();
    throw e;
  }
}
