// The models the inference bench scores: each with its dataset's columns, how their values are drawn (the same seeded
// sequence for both sides), and how the model is made: built here, trained and exported by Airlock, or a real export.
import fs from 'node:fs';
import path from 'node:path';
import { exportOnnx } from '../../src/main/onnx/export';
import { toDense } from '../../src/main/training/feature-matrix';
import { trainGbdt } from '../../src/main/training/gbdt';
import { mulberry32 } from '../../src/main/training/splits';
import type { FeatureColumn } from '../../src/main/training/model-types';
import { fitPreprocessor, transform } from '../../src/main/training/preprocess';
import { denseModel } from './dense-model';

export const SEED = 20240108;
/** the real exports of ../shared/data/onnx beside the repository (bench scripts run from the repository's root) */
const REAL_MODELS = path.resolve('../shared/data/onnx');

export interface BenchModel {
  name: string;
  what: string;
  columns: string[];
  /** a value of column j: 4 decimals keep the CSV short and read back exactly */
  value(random: () => number, column: number): number;
  /** the model's bytes, or why it is skipped */
  build(): Uint8Array | { skip: string };
}

const round4 = (v: number): number => Math.round(v * 1e4) / 1e4;
const names = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, j) => `${prefix}${String(j).padStart(String(n - 1).length, '0')}`);
const IRIS = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
const IRIS_RANGE: [number, number][] = [[4.3, 7.9], [2, 4.4], [1, 6.9], [0.1, 2.5]];
const irisValue = (random: () => number, j: number): number => round4(IRIS_RANGE[j][0] + random() * (IRIS_RANGE[j][1] - IRIS_RANGE[j][0]));

function realModel(file: string): () => Uint8Array | { skip: string } {
  return () => {
    const full = path.join(REAL_MODELS, file);
    return fs.existsSync(full) ? new Uint8Array(fs.readFileSync(full)) : { skip: `${full} is absent` };
  };
}

/** Every row's values, row-major over `columns`, from the model's seeded sequence. */
export function generateRows(model: BenchModel, rows: number): Float64Array {
  const random = mulberry32(SEED);
  const k = model.columns.length;
  const out = new Float64Array(rows * k);
  for (let r = 0; r < rows; r++) for (let j = 0; j < k; j++) out[r * k + j] = model.value(random, j);
  return out;
}

/** Column j of row-major values, as a trainer's column. */
function column(values: Float64Array, k: number, j: number, name: string): FeatureColumn {
  const rows = values.length / k;
  return { name, kind: 'numeric', values: Float64Array.from({ length: rows }, (_, r) => values[r * k + j]) };
}

/** Airlock's own boosted trees (100 rounds, 31 leaves) on 5,000 rows with a non-linear label, exported as the app does. */
function gbdtModel(model: BenchModel): Uint8Array {
  const rows = 5000;
  const k = model.columns.length;
  const values = generateRows(model, rows);
  const y = Int32Array.from({ length: rows }, (_, r) => Number(values[r * k] + values[r * k + 1] * values[r * k + 2] > 0.2));
  const columns = model.columns.map((name, j) => column(values, k, j, name));
  const preprocessor = fitPreprocessor(columns, { impute: false, scale: false });
  const X = toDense(transform(preprocessor, columns));
  const { body } = trainGbdt(X.X, X.rows, X.features, y, 'binary', 2, { maxIter: 100, maxLeafNodes: 31, earlyStopping: false });
  return exportOnnx({ task: 'binary', target: 'label', classes: ['no', 'yes'], preprocessor, body }, { producer: 'airlock-bench', version: '1' });
}

export const MODELS: BenchModel[] = [
  {
    name: 'dense',
    what: 'dense MLP: 64 columns into 8 x (MatMul 1024 + Relu), fp32 (GPU.md\'s network, fed from a dataset)',
    columns: names('f', 64),
    value: (random) => round4(random() * 2 - 1),
    build: () => denseModel(SEED, 64),
  },
  {
    name: 'gbdt',
    what: "Airlock's boosted trees (100 trees, 31 leaves), exported: 20 inputs [N,1], TreeEnsembleRegressor + Sigmoid",
    columns: names('f', 20),
    value: (random) => round4(random() * 2 - 1),
    build(): Uint8Array {
      return gbdtModel(this);
    },
  },
  {
    name: 'rf-iris',
    what: 'real: 01_skl2onnx_rf_iris_zipmap.onnx (scikit-learn random forest, ZipMap output skipped)',
    columns: IRIS,
    value: irisValue,
    build: realModel('01_skl2onnx_rf_iris_zipmap.onnx'),
  },
  {
    name: 'tribuo-iris',
    what: 'real: 08_tribuo_iris_lr_with_metadata.onnx (Tribuo logistic regression)',
    columns: IRIS,
    value: irisValue,
    build: realModel('08_tribuo_iris_lr_with_metadata.onnx'),
  },
  {
    name: 'cnn-mnist',
    what: 'real: 04_pytorch_cnn_mnist_dynamic_batch.onnx (PyTorch CNN, 784 pixel columns into [N,1,28,28])',
    columns: names('p', 784),
    value: (random) => round4(random()),
    build: realModel('04_pytorch_cnn_mnist_dynamic_batch.onnx'),
  },
];
