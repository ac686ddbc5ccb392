// What a trained model is, independent of how it was trained: the preprocessing recorded with it and its body.
// Trainers produce it, the in-process predictor and the ONNX exporter consume it, the store keeps it as JSON.

export type Task = 'binary' | 'multiclass' | 'regression';

/** A column as trainers see it: numbers (NaN = missing) or strings (null = missing). */
export type FeatureColumn =
  | { name: string; kind: 'numeric'; values: Float64Array }
  | { name: string; kind: 'categorical'; values: (string | null)[] }
  | { name: string; kind: 'text'; values: (string | null)[] };

/**
 * One preprocessing step per input column, applied in order; their outputs are concatenated into the feature vector.
 * Each step says exactly what the ONNX graph must do, so export and in-process prediction cannot drift apart.
 */
export type FeatureStep =
  /** x' = ((x is missing ? impute : x) - center) / scale; impute NaN (null once stored as JSON) keeps missing values missing, for trees */
  | { kind: 'numeric'; column: string; impute: number; center: number; scale: number }
  /** one output per category; a missing or unseen value gives all zeros */
  | { kind: 'onehot'; column: string; categories: string[] }
  /**
   * TF-IDF over lower-cased text, as sklearn's TfidfVectorizer: word tokens are runs of 2+ Unicode letters, digits or
   * underscores (its default `(?u)\b\w\w+\b`); char n-grams run over the lower-cased text with whitespace runs collapsed.
   */
  | {
      kind: 'tfidf';
      column: string;
      analyzer: 'word' | 'char';
      ngramRange: [number, number];
      vocabulary: string[];
      idf: number[];
      sublinearTf: boolean;
      /** the row vector is L2-normalised after weighting */
      norm: 'l2' | 'none';
    };

export interface Preprocessor {
  steps: FeatureStep[];
  /** one name per output feature, e.g. "ph", "site=north", "note:w:drift" */
  featureNames: string[];
}

/** A regression tree or one class's tree, as flat arrays; node 0 is the root. */
export interface Tree {
  /** feature index for a split node, -1 for a leaf */
  feature: number[];
  /** go left when x[feature] <= threshold */
  threshold: number[];
  left: number[];
  right: number[];
  /** missing values go left when true (the side with more training rows) */
  missingLeft: boolean[];
  /** leaf value (raw score contribution, learning rate already applied) */
  value: number[];
}

export type ModelBody =
  /** scores = W x + b; W is [outputs][features]; binary and regression have one output */
  | { kind: 'linear'; weights: number[][]; intercepts: number[] }
  /** scores[k] = base[k] + sum of trees[k][*]; binary and regression have one output */
  | { kind: 'trees'; base: number[]; trees: Tree[][] }
  /** dense layers, relu between them, identity at the end (scores) */
  | { kind: 'mlp'; layers: { weights: number[][]; bias: number[] }[] };

export interface TrainedModel {
  task: Task;
  target: string;
  /** class labels in score order (binary: [negative, positive]); null for regression */
  classes: string[] | null;
  preprocessor: Preprocessor;
  body: ModelBody;
}

/**
 * How scores become predictions, the same for every body:
 * binary: p1 = sigmoid(score0), probabilities [1 - p1, p1]; multiclass: softmax(scores); regression: score0.
 */
export type { ModelKind } from '../../shared/model-catalog';

/** Called by a trainer once per iteration/epoch/round so the UI can draw live curves. */
export interface TrainingStep {
  step: number;
  metrics: Record<string, number>;
}

export interface TrainerHooks {
  onStep?: (s: TrainingStep) => void;
  /** throws when the user cancelled; trainers call it once per iteration */
  checkCancelled?: () => void;
}
