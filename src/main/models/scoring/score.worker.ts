// The 'model.score' job, in a child process: runs a model version over a dataset version and stores the inputs with
// the predictions as a new version of the output dataset, its lineage, its audit entry and (given a target) its
// scoring evaluation in the version's own transaction. A cancelled or failed job stores nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ImportResult } from '../../../shared/domain';
import type { ScoreJobResult, ScoringBody, ScoringMetrics } from '../../../shared/evaluations';
import { parseRequest } from '../../../shared/experiment-requests';
import { scoreRequest, type ScoreRequest } from '../../../shared/models';
import { DatasetsService } from '../../datasets/datasets-service';
import { importDataset } from '../../datasets/import-dataset';
import { openDatasetColumns } from '../../experiments/dataset-columns';
import type { JobContext, JobHandler } from '../../jobs/protocol';
import { LineageRepo } from '../../store/lineage-repo';
import { ProjectStore } from '../../store/project-store';
import { storeEvaluation } from '../evaluations/store-evaluation';
import { openModelSession, type OpenedModel } from '../model-session';
import { outputColumns, writeScoredCsv, type OutputColumn } from './output-columns';
import { mapModelInputs, pickPrediction, predict, type ModelOutputs } from './predict';
import { scoringMetrics } from './scoring-metrics';

/** Shares of the progress bar: running the model, writing the CSV, importing it. */
const PREDICT_SHARE = 0.6;
const WRITE_SHARE = 0.15;

interface Scored {
  request: ScoreRequest;
  opened: OpenedModel;
  input: { id: string; dataset: string; version: number };
  outputs: ModelOutputs;
  columns: OutputColumn[];
  /** against the target, computed before anything is stored so that a target that cannot be scored fails first */
  metrics: ScoringMetrics | null;
  seconds: number;
  actor: string;
}

/**
 * The scoring's lineage, evaluation and audit entry. Called inside the output version's transaction, or in its own
 * when the output already existed with the same content (another scoring stored it first).
 */
function recordScoring(store: ProjectStore, s: Scored, out: ImportResult): string | null {
  const outId = `${out.dataset}@${out.version}`;
  const model = s.opened.version.id;
  return store.mutate(
    (evaluation: string | null) => ({
      action: 'model.score',
      target: `dataset:${outId}`,
      details: { model, input: s.input.id, output: outId, rows: s.outputs.rows, provider: s.opened.provider, columns: s.columns.map((c) => c.name), evaluation, reused: out.reused },
    }),
    () => {
      const at = store.now().toISOString();
      const lineage = new LineageRepo(store.db);
      lineage.link({ kind: 'model_version', id: model }, 'scored', { kind: 'dataset_version', id: outId }, at);
      lineage.link({ kind: 'dataset_version', id: s.input.id }, 'scored_from', { kind: 'dataset_version', id: outId }, at);
      if (s.metrics === null) return null;
      const body: ScoringBody = {
        kind: 'scoring',
        runtime: { provider: s.opened.provider, fallback: s.opened.fallback, skippedOutputs: s.outputs.skipped },
        output: outId,
        rows: s.outputs.rows,
        seconds: s.seconds,
        metrics: s.metrics,
      };
      return storeEvaluation(store, { title: `Scoring of ${model} on ${s.input.id}`, modelVersion: model, datasetVersion: s.input.id, body }, s.actor).id;
    },
  );
}

/** Writes the scored CSV into a private temp folder and imports it as the next version of the output dataset. */
async function storeOutput(store: ProjectStore, s: Scored, ctx: JobContext): Promise<{ result: ImportResult; evaluation: string | null }> {
  const name = s.request.output ?? `${s.input.dataset}-scored`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-score-'));
  try {
    fs.chmodSync(dir, 0o700);
    const file = path.join(dir, `${name}.csv`);
    const source = new DatasetsService(store).exportSource(s.input.dataset, s.input.version);
    writeScoredCsv(store.blobs, source, s.columns, file, (rows) => {
      ctx.checkCancelled();
      ctx.progress(PREDICT_SHARE + (WRITE_SHARE * rows) / Math.max(1, source.rows), `Writing ${rows.toLocaleString('en-US')} scored rows`);
    });
    let evaluation: string | null = null;
    const result = await importDataset(
      store,
      { path: file, fileName: `${name}.csv`, name },
      { progress: (f, m) => ctx.progress(PREDICT_SHARE + WRITE_SHARE + (1 - PREDICT_SHARE - WRITE_SHARE) * f, m), checkCancelled: () => ctx.checkCancelled() },
      { withinCommit: (created) => (evaluation = recordScoring(store, s, created)) },
    );
    if (result.reused) evaluation = recordScoring(store, s, result);
    return { result, evaluation };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const scoreJob: JobHandler<ScoreRequest, ScoreJobResult> = async (input, ctx) => {
  const request = parseRequest(scoreRequest, input, 'score request');
  const store = ProjectStore.open(ctx.projectDir, { appVersion: ctx.appVersion, actor: ctx.actor });
  try {
    const data = openDatasetColumns(store, request.dataset.dataset, request.dataset.version);
    ctx.progress(0, `Opening ${request.model}`);
    const opened = await openModelSession(store, request.model, { provider: request.provider });
    try {
      const mapping = mapModelInputs(opened.inspection, data.schema, request.inputs, request.target);
      const started = performance.now();
      const outputs = await predict(opened, data, mapping, {
        batchSize: request.batchSize,
        checkCancelled: () => ctx.checkCancelled(),
        progress: (done, total) => {
          const seconds = (performance.now() - started) / 1000;
          const eta = done > 0 ? Math.round((seconds * (total - done)) / done) : null;
          ctx.progress((PREDICT_SHARE * done) / Math.max(1, total), `Scored ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows${eta === null ? '' : `, about ${eta} s left`}`);
        },
      });
      const seconds = (performance.now() - started) / 1000;
      const target = request.target;
      const metrics = target === undefined ? null : scoringMetrics(pickPrediction(outputs), data.read(target), data.schema.find((c) => c.name === target)!.type);
      const scored: Scored = {
        request,
        opened,
        input: { id: data.versionId, dataset: data.dataset, version: data.version },
        outputs,
        columns: outputColumns(outputs, data.schema.map((c) => c.name)),
        metrics,
        seconds,
        actor: ctx.actor,
      };
      const { result, evaluation } = await storeOutput(store, scored, ctx);
      ctx.progress(1, `Stored ${result.dataset}@${result.version}`);
      return {
        dataset: result.dataset,
        version: result.version,
        rows: result.rows,
        provider: opened.provider,
        fallback: opened.fallback,
        seconds,
        columns: scored.columns.map((c) => c.name),
        skippedOutputs: outputs.skipped,
        evaluation,
        reused: result.reused,
      };
    } finally {
      await opened.release();
    }
  } finally {
    store.close();
  }
};
