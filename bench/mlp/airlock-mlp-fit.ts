// Airlock's side of the MLP benchmark: trainMlp called directly on the standardised matrix, as the train pipeline calls it.
// Usage: node --import tsx bench/mlp/airlock-mlp-fit.ts <dataset-dir> <out-dir> <params-json>
// Prints one JSON line and writes the held-out probabilities to <out-dir>/airlock-mlp.f64 for scoring.
import fs from 'node:fs';
import path from 'node:path';
import { toDense } from '../../src/main/training/feature-matrix';
import type { FeatureColumn, Preprocessor } from '../../src/main/training/model-types';
import { trainMlp } from '../../src/main/training/mlp';
import { predictMatrix } from '../../src/main/training/predict';
import { fitPreprocessor, transform } from '../../src/main/training/preprocess';
import type { DatasetMeta } from '../train/generate-data';

interface Params {
  hiddenLayerSizes: number[];
  alpha: number;
  batchSize: number;
  learningRateInit: number;
  maxIter: number;
  seed: number;
}

/** Copies into a fresh ArrayBuffer: a Buffer's offset need not be a multiple of 8. */
function readTyped<T>(file: string, make: (b: ArrayBuffer) => T): T {
  return make(new Uint8Array(fs.readFileSync(file)).buffer);
}

function timed<T>(fn: () => T): { seconds: number; cpuSeconds: number; value: T } {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const value = fn();
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - t) / 1000, cpuSeconds: (used.user + used.system) / 1e6, value };
}

function main(): void {
  const [dir, out, paramsJson] = process.argv.slice(2);
  const params = JSON.parse(paramsJson) as Params;
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as DatasetMeta;
  if (meta.kind !== 'tabular') throw new Error('the MLP bench reads a tabular dataset');
  const X = readTyped(path.join(dir, 'X.f64'), (b) => new Float64Array(b));
  const y = readTyped(path.join(dir, 'y.i32'), (b) => new Int32Array(b));
  const n = meta.trainRows;
  const f = meta.features;
  const column = (j: number, from: number, to: number): FeatureColumn => {
    const values = new Float64Array(to - from);
    for (let r = from; r < to; r++) values[r - from] = X[r * f + j];
    return { name: `f${String(j).padStart(2, '0')}`, kind: 'numeric', values };
  };
  const trainCols = Array.from({ length: f }, (_, j) => column(j, 0, n));
  const testCols = Array.from({ length: f }, (_, j) => column(j, n, meta.rows));
  const yTrain = y.slice(0, n);

  // The pipeline's preprocessing for the MLP: impute + standardise (it is not a tree model), then a dense copy.
  const prep = timed(() => {
    const pre: Preprocessor = fitPreprocessor(trainCols, { impute: true, scale: true });
    return { pre, train: toDense(transform(pre, trainCols)), test: transform(pre, testCols) };
  });
  const { pre, train, test } = prep.value;

  const losses: number[] = [];
  const fit = timed(
    () =>
      trainMlp(train.X, train.rows, train.features, yTrain, 'binary', 2, params, {
        onStep: ({ metrics }) => void losses.push(metrics.train_loss),
      }).body,
  );
  const predict = timed(() => predictMatrix({ task: 'binary', target: 'label', classes: meta.classNames, preprocessor: pre, body: fit.value }, test));
  const probs = predict.value;
  const probsFile = path.join(out, 'airlock-mlp.f64');
  fs.writeFileSync(probsFile, new Uint8Array(probs.buffer, probs.byteOffset, probs.byteLength));
  console.log(
    JSON.stringify({
      node: process.version,
      threads: 1,
      trainRows: n,
      testRows: meta.rows - n,
      preprocessSeconds: prep.seconds,
      fitSeconds: fit.seconds,
      fitCpuSeconds: fit.cpuSeconds,
      predictSeconds: predict.seconds,
      epochs: losses.length,
      finalTrainLoss: losses.at(-1) ?? null,
      probsFile,
    }),
  );
}

main();
