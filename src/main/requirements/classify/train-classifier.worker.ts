// The 'requirements.train' job, in a child process (onnxruntime for the comparison): trains on the default set, the
// project's labels and an optional labelled CSV; compares the new model with the classifier in use on held-out rows
// neither was trained on (held-out-comparison.ts); then stores the training set as a dataset version, the tracked run
// and the next classifier version in one transaction. A cancelled or failed training stores nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fail } from '../../../shared/errors';
import { parseRequest } from '../../../shared/experiment-requests';
import { CLASSIFIER_MODEL, requirementTrainOptions, type RequirementTrainJobInput, type RequirementTrainResult } from '../../../shared/requirements-classes';
import type { ImportResult } from '../../../shared/domain';
import { formatCell } from '../../datasets/csv-export';
import { importDataset } from '../../datasets/import-dataset';
import { recordRun, type ParityRecord, type RunRecord, type StepRecord } from '../../experiments/record-run';
import { runEnvironment } from '../../experiments/run-environment';
import { PARITY_TOLERANCE } from '../../experiments/train.worker';
import type { JobHandler, WorkerJobContext } from '../../jobs/protocol';
import { exportOnnx } from '../../onnx/export';
import { checkParity } from '../../onnx/parity';
import { ProjectStore } from '../../store/project-store';
import type { FeatureColumn } from '../../training/model-types';
import { activeClassifier, openClassifier, type OpenedClassifier } from './classifier-service';
import { TextClassifier } from './classify-texts';
import { compareOnHeldOut, namedCandidate, type Compared } from './held-out-comparison';
import { frameColumns, trainClassifier, trainingFrame, TRAINING_DATASET } from './train-classifier';
import { sourceColumn, trainingSet, type TrainingExample } from './training-set';

/** The bar: training (with its folds) takes most of it; export, parity and the comparison, then storing. */
const TRAIN_SHARE = 0.7;

/** The frame as a CSV in a private temporary folder, for the dataset import; removed by the returned function. */
function writeFrame(frame: readonly FeatureColumn[]): { file: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-requirement-labels-'));
  fs.chmodSync(dir, 0o700);
  const file = path.join(dir, `${TRAINING_DATASET}.csv`);
  const rows = frame[0]?.values.length ?? 0;
  const lines = [frame.map((c) => c.name).join(',')];
  for (let r = 0; r < rows; r++) lines.push(frame.map((c) => (c.kind === 'numeric' ? formatCell(c.values[r], 'integer') : formatCell(c.values[r], 'text'))).join(','));
  fs.writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Stores the training set as the next version of TRAINING_DATASET and, in the same transaction, the run and its version. */
async function storeTraining(store: ProjectStore, frame: readonly FeatureColumn[], run: Omit<RunRecord, 'datasetVersion'>, ctx: WorkerJobContext): Promise<{ runId: string; modelVersion: string; dataset: string }> {
  const staged = writeFrame(frame);
  try {
    const versionOf = (c: ImportResult): string => `${c.dataset}@${c.version}`;
    const inCommit: { recorded?: { runId: string; modelVersion: string | null } } = {};
    const created = await importDataset(
      store,
      { path: staged.file, fileName: `${TRAINING_DATASET}.csv`, name: TRAINING_DATASET },
      { progress: (f, m) => ctx.progress(0.92 + 0.07 * f, m), checkCancelled: () => ctx.checkCancelled() },
      { withinCommit: (c) => (inCommit.recorded = recordRun(store, { ...run, datasetVersion: versionOf(c) })) },
    );
    // the same training set as an earlier training reuses its version (no commit of its own): the run is recorded alone
    const { runId, modelVersion } = inCommit.recorded ?? recordRun(store, { ...run, datasetVersion: versionOf(created) });
    return { runId, modelVersion: modelVersion ?? fail('INTERNAL', `Run ${runId} registered no ${CLASSIFIER_MODEL} version.`), dataset: versionOf(created) };
  } finally {
    staged.remove();
  }
}

const count = (examples: readonly TrainingExample[], source: TrainingExample['source']): number => examples.filter((e) => e.source === source).length;

export const trainClassifierJob: JobHandler<RequirementTrainJobInput, RequirementTrainResult> = async (input, ctx) => {
  const options = parseRequest(requirementTrainOptions, input.options, 'train options');
  const store = ProjectStore.open(ctx.projectDir, { appVersion: ctx.appVersion, actor: ctx.actor });
  try {
    ctx.progress(0, 'Reading the training set');
    const examples = trainingSet(store, input.labels);
    const frame = trainingFrame(examples);
    const startedAt = new Date().toISOString();
    const steps: StepRecord[] = [];
    const trained = trainClassifier(
      examples,
      options,
      {
        metric: (key, step, value) => {
          steps.push({ key, step, value, at: Date.now() });
          ctx.metric(key, step, value);
        },
        checkCancelled: () => ctx.checkCancelled(),
        progress: (f, m) => ctx.progress(0.02 + TRAIN_SHARE * f, m),
      },
      frameColumns(frame),
    );
    ctx.progress(0.75, 'Exporting ONNX and checking its parity');
    const onnx = exportOnnx(trained.model, { producer: 'airlock', version: ctx.appVersion, numericInputs: 'double', docString: `requirements classifier on ${examples.length} labelled requirements` });
    const parity: ParityRecord = await checkParity(trained.model, onnx, trained.pipeline.validationColumns, PARITY_TOLERANCE);
    ctx.checkCancelled();

    ctx.progress(0.8, "Comparing with the current classifier's training set on the held-out rows");
    const candidate = await TextClassifier.open(onnx, trained.model);
    const active = activeClassifier(store);
    let opened: OpenedClassifier | null = null;
    let compared: Compared;
    try {
      opened = active ? await openClassifier(store, active.version) : null;
      compared = await compareOnHeldOut(store, examples, { trained, classifier: candidate }, opened, () => ctx.checkCancelled());
    } finally {
      await candidate.release();
      await opened?.release();
    }
    ctx.checkCancelled();

    ctx.progress(0.9, 'Storing the training set, the run and the new classifier version');
    const name = `Requirements classifier on ${examples.length} labelled requirements`;
    const stored = await storeTraining(
      store,
      [...frame, sourceColumn(examples)],
      {
        request: { ...trained.request, name },
        params: trained.params,
        status: 'finished',
        startedAt,
        endedAt: new Date().toISOString(),
        environment: runEnvironment(ctx.appVersion, options.seed),
        steps,
        result: trained.pipeline,
        onnx,
        parity,
      },
      ctx,
    );
    ctx.progress(1, `Registered ${stored.modelVersion}`);
    return {
      run: stored.runId,
      version: stored.modelVersion,
      dataset: stored.dataset,
      rows: { default: count(examples, 'default'), corrections: count(examples, 'correction'), file: count(examples, 'file') },
      cv: trained.cv,
      heldOut: namedCandidate(compared.heldOut, stored.modelVersion),
      active: activeClassifier(store)?.version.id === stored.modelVersion,
    };
  } finally {
    store.close();
  }
};
