// Airlock's side of the training benchmark: the trainers called directly on typed arrays, as the train job calls them.
// Usage: node --import tsx bench/train/airlock-fit.ts <dataset-dir> <out-dir> <repeats>; prints one JSON document and
// writes each model's held-out probabilities to <out-dir>/airlock-<model>.f64 for scoring.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toDense, type FeatureMatrix } from '../../src/main/training/feature-matrix';
import { trainGbdt } from '../../src/main/training/gbdt';
import { trainLogistic } from '../../src/main/training/linear';
import type { FeatureColumn, ModelBody, Preprocessor, Task } from '../../src/main/training/model-types';
import { predictMatrix } from '../../src/main/training/predict';
import { fitPreprocessor, transform } from '../../src/main/training/preprocess';
import type { DatasetMeta } from './generate-data';

interface Split {
  train: FeatureColumn[];
  test: FeatureColumn[];
  yTrain: Int32Array;
  yTest: Int32Array;
}

/** Copies into a fresh ArrayBuffer: a Buffer's offset need not be a multiple of 8. */
function readTyped<T>(file: string, make: (b: ArrayBuffer) => T): T {
  return make(new Uint8Array(fs.readFileSync(file)).buffer);
}

function readSplit(dir: string, meta: DatasetMeta): Split {
  const n = meta.trainRows;
  if (meta.kind === 'tabular') {
    const X = readTyped(path.join(dir, 'X.f64'), (b) => new Float64Array(b));
    const y = readTyped(path.join(dir, 'y.i32'), (b) => new Int32Array(b));
    const f = meta.features;
    const column = (j: number, from: number, to: number): FeatureColumn => {
      const values = new Float64Array(to - from);
      for (let r = from; r < to; r++) values[r - from] = X[r * f + j];
      return { name: `f${String(j).padStart(2, '0')}`, kind: 'numeric', values };
    };
    return {
      train: Array.from({ length: f }, (_, j) => column(j, 0, n)),
      test: Array.from({ length: f }, (_, j) => column(j, n, meta.rows)),
      yTrain: y.slice(0, n),
      yTest: y.slice(n),
    };
  }
  // Generated documents are letters and spaces only, so the label is whatever follows the last comma.
  const lines = fs.readFileSync(path.join(dir, 'docs.csv'), 'utf8').split('\n').slice(1, meta.rows + 1);
  const index = new Map(meta.classNames.map((c, i) => [c, i]));
  const text = lines.map((l) => l.slice(0, l.lastIndexOf(',')));
  const y = Int32Array.from(lines, (l) => index.get(l.slice(l.lastIndexOf(',') + 1))!);
  return {
    train: [{ name: 'text', kind: 'text', values: text.slice(0, n) }],
    test: [{ name: 'text', kind: 'text', values: text.slice(n) }],
    yTrain: y.slice(0, n),
    yTest: y.slice(n),
  };
}

function seconds(fn: () => void): { seconds: number; cpuSeconds: number } {
  const cpu = process.cpuUsage();
  const t = performance.now();
  fn();
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - t) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

/** The pipeline's preprocessing for a model kind: trees keep raw numbers, the linear model gets them standardised. */
function preprocess(split: Split, trees: boolean): { pre: Preprocessor; train: FeatureMatrix; test: FeatureMatrix; seconds: number } {
  let pre!: Preprocessor;
  let train!: FeatureMatrix;
  let test!: FeatureMatrix;
  const timing = seconds(() => {
    pre = fitPreprocessor(split.train, { impute: !trees, scale: !trees });
    train = transform(pre, split.train);
    test = transform(pre, split.test);
  });
  return { pre, train, test, seconds: timing.seconds };
}

/** boosted trees' histogram threads, as the train pipeline picks them; logistic regression has one thread */
const threads = os.availableParallelism();

function main(): void {
  const [dir, out, repeatsArg] = process.argv.slice(2);
  const repeats = Number(repeatsArg ?? 3);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as DatasetMeta;
  const split = readSplit(dir, meta);
  const classes = meta.classNames.length;
  const task: Task = classes === 2 ? 'binary' : 'multiclass';
  const models: Record<string, unknown> = {};
  // TF-IDF gives the same matrix to both models (nothing to impute or scale), so text preprocesses once.
  const shared = meta.kind === 'text' ? preprocess(split, true) : null;
  for (const model of ['logreg', 'gbdt'] as const) {
    const trees = model === 'gbdt';
    const p = shared ?? preprocess(split, trees);
    const fits: { seconds: number; cpuSeconds: number }[] = [];
    let body!: ModelBody;
    let iterations = 0;
    // Logistic regression takes the matrix as transform() gives it (CSR on text); trees a dense copy, made outside the timing.
    let fitModel: (onStep: () => void) => ModelBody;
    if (model === 'logreg') fitModel = (onStep) => trainLogistic(p.train, split.yTrain, classes, { C: 1, maxIter: 100 }, { onStep });
    else {
      const { X, rows, features } = toDense(p.train);
      // As the train pipeline calls it outside a study: histograms on every core, as the peers use them.
      fitModel = (onStep) => trainGbdt(X, rows, features, split.yTrain, task, classes, { maxIter: 100, learningRate: 0.1, maxLeafNodes: 31, minSamplesLeaf: 20, earlyStopping: false }, { onStep }, undefined, { threads }).body;
    }
    for (let i = 0; i < repeats; i++) {
      iterations = 0;
      const onStep = (): void => void iterations++;
      fits.push(seconds(() => (body = fitModel(onStep))));
    }
    const probs = predictMatrix({ task, target: 'label', classes: meta.classNames, preprocessor: p.pre, body }, p.test);
    const probsFile = path.join(out, `airlock-${model}.f64`);
    fs.writeFileSync(probsFile, new Uint8Array(probs.buffer, probs.byteOffset, probs.byteLength));
    const best = fits.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    models[model] = {
      preprocessSeconds: p.seconds,
      fitSeconds: best.seconds,
      fitCpuSeconds: best.cpuSeconds,
      allFitSeconds: fits.map((f) => f.seconds),
      iterations,
      trainFeatures: p.train.features,
      probsFile,
    };
  }
  console.log(JSON.stringify({ node: process.version, threads: { logreg: 1, gbdt: threads }, trainRows: split.yTrain.length, testRows: split.yTest.length, models }));
}

main();
