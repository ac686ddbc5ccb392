// Airlock's side of the text benchmark: TF-IDF + logistic regression as the train pipeline runs them (fitPreprocessor,
// transform to CSR, trainLogistic, predictMatrix), each phase timed.
// Usage: node --import tsx bench/text/airlock-text-fit.ts <data-dir> <predictions-out>; prints one JSON document and
// writes the held-out predicted class indices (int32) for the agreement check.
import fs from 'node:fs';
import path from 'node:path';
import { trainLogistic } from '../../src/main/training/linear';
import type { FeatureColumn, TrainedModel } from '../../src/main/training/model-types';
import { argmaxRows, predictMatrix } from '../../src/main/training/predict';
import { fitPreprocessor, transform } from '../../src/main/training/preprocess';
import type { DocsMeta } from './generate-docs';

function timed<T>(fn: () => T): { seconds: number; cpuSeconds: number; result: T } {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const result = fn();
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - t) / 1000, cpuSeconds: (used.user + used.system) / 1e6, result };
}

function main(): void {
  const [dir, predictionsOut] = process.argv.slice(2);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as DocsMeta;
  const lines = fs.readFileSync(path.join(dir, 'docs.csv'), 'utf8').split('\n').slice(1, meta.documents + 1);
  const classIndex = new Map(meta.classNames.map((c, i) => [c, i]));
  const texts = lines.map((l) => l.slice(0, l.lastIndexOf(',')));
  const y = Int32Array.from(lines, (l) => classIndex.get(l.slice(l.lastIndexOf(',') + 1))!);
  const n = meta.trainDocuments;
  const train: FeatureColumn[] = [{ name: 'text', kind: 'text', values: texts.slice(0, n) }];
  const test: FeatureColumn[] = [{ name: 'text', kind: 'text', values: texts.slice(n) }];

  // sklearn's TfidfVectorizer() defaults: word unigrams, smooth idf, l2 norm, no cap on the vocabulary.
  const tfidf = timed(() => {
    const preprocessor = fitPreprocessor(train, { text: [{ analyzer: 'word', ngramRange: [1, 1] }] });
    return { preprocessor, matrix: transform(preprocessor, train) };
  });
  const { preprocessor, matrix } = tfidf.result;
  let iterations = 0;
  const fit = timed(() => trainLogistic(matrix, y.subarray(0, n), meta.classNames.length, { C: 1, maxIter: 100 }, { onStep: () => void iterations++ }));
  const model: TrainedModel = { task: 'multiclass', target: 'label', classes: meta.classNames, preprocessor, body: fit.result };
  const predict = timed(() => argmaxRows(predictMatrix(model, transform(preprocessor, test)), lines.length - n));
  const predicted = predict.result;
  fs.writeFileSync(predictionsOut, new Uint8Array(predicted.buffer, predicted.byteOffset, predicted.byteLength));
  let correct = 0;
  for (let r = 0; r < predicted.length; r++) if (predicted[r] === y[n + r]) correct++;
  const nnz = matrix.kind === 'csr' ? matrix.values.length : matrix.rows * matrix.features;
  console.log(
    JSON.stringify({
      matrix: matrix.kind,
      terms: matrix.features,
      storedEntries: nnz,
      tfidf: { seconds: tfidf.seconds, cpuSeconds: tfidf.cpuSeconds },
      fit: { seconds: fit.seconds, cpuSeconds: fit.cpuSeconds },
      predict: { seconds: predict.seconds, cpuSeconds: predict.cpuSeconds },
      iterations,
      accuracy: correct / predicted.length,
    }),
  );
}

main();
