// Builds Airlock's shipped default requirement classifier: trains on resources/requirements/labelled-requirements.csv
// through our own trainers and writes default-classifier.onnx and default-classifier.json (its cross-validated and
// held-out figures, and the labelled set's SHA-256) beside it. Run it after editing the labelled set:
//   npx tsx scripts/build-default-classifier.ts
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_CLASSIFIER_JSON, DEFAULT_CLASSIFIER_ONNX, DEFAULT_TRAINING, defaultClassifierFiles } from '../src/main/requirements/classify/default-classifier';
import { defaultLabelledSet, labelledSetBytes, sha256 } from '../src/main/requirements/classify/labelled-set';
import { trainClassifier } from '../src/main/requirements/classify/train-classifier';

const folder = path.resolve(import.meta.dirname, '..', 'resources', 'requirements');
const rows = defaultLabelledSet();
const started = performance.now();
const trained = trainClassifier(rows, DEFAULT_TRAINING, {
  metric: () => undefined,
  checkCancelled: () => undefined,
  progress: (fraction, message) => console.log(`${(fraction * 100).toFixed(0).padStart(3)}% ${message}`),
});
const { onnx, info } = defaultClassifierFiles(trained, { sha256: sha256(labelledSetBytes()), rows: rows.length });
fs.writeFileSync(path.join(folder, DEFAULT_CLASSIFIER_ONNX), onnx);
fs.writeFileSync(path.join(folder, DEFAULT_CLASSIFIER_JSON), `${JSON.stringify(info, null, 2)}\n`);
console.log(`trained on ${rows.length} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(`cv accuracy ${info.cv.accuracy.toFixed(3)}, cv f1_macro ${info.cv.f1_macro.toFixed(3)}; held-out accuracy ${info.test.accuracy.toFixed(3)}`);
console.log(`wrote ${DEFAULT_CLASSIFIER_ONNX} (${onnx.byteLength} bytes) and ${DEFAULT_CLASSIFIER_JSON}`);
