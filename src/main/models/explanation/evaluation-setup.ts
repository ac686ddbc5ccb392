// What an explanation or fairness job opens first: the project, the dataset version, the model version on its provider,
// and which columns feed which input; released together whatever happens in between.
import type { EvaluationBody, EvaluationSummary, RuntimeUsed } from '../../../shared/evaluations';
import type { DatasetVersionRef } from '../../../shared/monitoring';
import type { ProviderName } from '../../../shared/models';
import { openDatasetColumns, type DatasetColumns } from '../../experiments/dataset-columns';
import type { JobContext } from '../../jobs/protocol';
import { ProjectStore } from '../../store/project-store';
import { mulberry32 } from '../../training/splits';
import type { InputMapping } from '../input-mapping';
import { storeEvaluation } from '../evaluations/store-evaluation';
import { openModelSession, type OpenedModel } from '../model-session';
import { mapModelInputs, type SkippedOutput } from '../scoring/predict';

export interface EvaluationRequest {
  model: string;
  dataset: DatasetVersionRef;
  target?: string;
  provider?: ProviderName;
  inputs?: Record<string, string[]>;
}

export interface EvaluationSetup {
  store: ProjectStore;
  data: DatasetColumns;
  opened: OpenedModel;
  mapping: InputMapping;
  /** the dataset columns the model takes, each once, in the order the inputs take them */
  features: string[];
}

/** Opens everything `request` names, runs `fn`, and releases the session and closes the project afterwards. */
export async function withEvaluationSetup<T>(request: EvaluationRequest, ctx: JobContext, fn: (setup: EvaluationSetup) => Promise<T>): Promise<T> {
  const store = ProjectStore.open(ctx.projectDir, { appVersion: ctx.appVersion, actor: ctx.actor });
  try {
    const data = openDatasetColumns(store, request.dataset.dataset, request.dataset.version);
    const opened = await openModelSession(store, request.model, { provider: request.provider });
    try {
      const mapping = mapModelInputs(opened.inspection, data.schema, request.inputs, request.target);
      const features = [...new Set(mapping.inputs.flatMap((f) => f.columns))];
      return await fn({ store, data, opened, mapping, features });
    } finally {
      await opened.release();
    }
  } finally {
    store.close();
  }
}

/** A job's last step: stop here if it was cancelled (nothing is stored), else store its report about the model and dataset versions. */
export function storeJobEvaluation(setup: EvaluationSetup, ctx: JobContext, title: string, body: EvaluationBody): EvaluationSummary {
  ctx.checkCancelled();
  ctx.progress(0.99, `Storing the ${body.kind} report`);
  return storeEvaluation(setup.store, { title, modelVersion: setup.opened.version.id, datasetVersion: setup.data.versionId, body }, ctx.actor);
}

export function runtimeUsed(opened: OpenedModel, skippedOutputs: SkippedOutput[]): RuntimeUsed {
  return { provider: opened.provider, fallback: opened.fallback, skippedOutputs };
}

/**
 * Up to `max` of the rows `eligible` keeps, drawn without replacement from mulberry32(seed) (all of them when they
 * are not more), plus the rows in `keep`; ascending, so the sample keeps the dataset's order.
 */
export function sampleRows(total: number, max: number, seed: number, eligible: (row: number) => boolean = () => true, keep: readonly number[] = []): Int32Array {
  const pool: number[] = [];
  for (let r = 0; r < total; r++) if (eligible(r)) pool.push(r);
  if (pool.length > max) {
    // a partial Fisher-Yates: the first `max` places end up a uniform sample
    const random = mulberry32(seed);
    for (let i = 0; i < max; i++) {
      const j = i + Math.floor(random() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    pool.length = max;
  }
  return Int32Array.from(new Set([...pool, ...keep])).sort();
}

