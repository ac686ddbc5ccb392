// Refuses a TrainedModel whose shapes or numbers do not add up, before any graph is built from it.
// A stored model is JSON that may have been edited or written by an older trainer; exporting it as-is would give
// an ONNX file that fails to load, or worse, loads and scores differently from the app.
import { fail } from '../../shared/errors';
import type { FeatureStep, TrainedModel, Tree } from '../training/model-types';
import { outputCount } from '../training/predict';

function broken(message: string, field?: string): never {
  fail('BAD_INPUT', `The model cannot be exported: ${message}`, field === undefined ? {} : { where: { field } });
}

const finite = (values: readonly number[]): boolean => values.every((v) => Number.isFinite(v));

/** Output width of a step, i.e. how many features it writes. */
export function stepWidth(step: FeatureStep): number {
  if (step.kind === 'numeric') return 1;
  return step.kind === 'onehot' ? step.categories.length : step.vocabulary.length;
}

/** A numeric step whose impute value is not a number (NaN, or null after JSON) leaves missing values as NaN. */
export function keepsMissing(step: Extract<FeatureStep, { kind: 'numeric' }>): boolean {
  return !Number.isFinite(step.impute);
}

function checkStep(step: FeatureStep, treeBody: boolean): void {
  const at = step.column;
  if (step.kind === 'numeric') {
    if (!Number.isFinite(step.center) || !Number.isFinite(step.scale) || step.scale === 0) {
      broken(`the numeric step for '${at}' has center ${step.center} and scale ${step.scale}; both must be finite and the scale non-zero.`, at);
    }
    if (keepsMissing(step) && !treeBody) {
      broken(`the numeric step for '${at}' leaves missing values missing, which only a tree model can route.`, at);
    }
  } else if (step.kind === 'onehot') {
    if (new Set(step.categories).size !== step.categories.length) broken(`the categories of '${at}' repeat.`, at);
    // The ONNX file takes a missing category as the empty string, so a real "" category could not be told apart.
    if (step.categories.includes('')) broken(`'${at}' has the empty string as a category, which the ONNX file uses for a missing value.`, at);
  } else {
    const [minN, maxN] = step.ngramRange;
    if (!Number.isInteger(minN) || !Number.isInteger(maxN) || minN < 1 || maxN < minN) {
      broken(`the n-gram range of '${at}' is [${minN}, ${maxN}].`, at);
    }
    if (step.analyzer !== 'word' && step.analyzer !== 'char') broken(`'${at}' has an unknown text analyzer '${String(step.analyzer)}'.`, at);
    if (step.idf.length !== step.vocabulary.length || !finite(step.idf)) {
      broken(`'${at}' needs one finite idf weight per vocabulary term (${step.vocabulary.length} terms, ${step.idf.length} weights).`, at);
    }
    if (new Set(step.vocabulary).size !== step.vocabulary.length) broken(`the vocabulary of '${at}' repeats a term.`, at);
  }
}

function checkTree(tree: Tree, features: number, where: string): void {
  const n = tree.feature.length;
  const arrays = [tree.threshold, tree.left, tree.right, tree.missingLeft, tree.value];
  if (n === 0 || arrays.some((a) => a.length !== n)) broken(`${where} has node arrays of different lengths.`);
  // Walk from the root: every reachable split must point at real nodes, and no node may be reached twice (a cycle
  // would hang the in-process predictor; a shared node is no tree).
  const seen = new Uint8Array(n);
  const stack = [0];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!Number.isInteger(node) || node < 0 || node >= n) broken(`${where} points at node ${node}, which does not exist.`);
    if (seen[node]) broken(`${where} reaches node ${node} twice.`);
    seen[node] = 1;
    const f = tree.feature[node];
    if (f < 0) {
      if (!Number.isFinite(tree.value[node])) broken(`${where} has a leaf value ${tree.value[node]}.`);
      continue;
    }
    if (!Number.isInteger(f) || f >= features) broken(`${where} splits on feature ${f}, but there are ${features} features.`);
    if (Number.isNaN(tree.threshold[node])) broken(`${where} has a NaN threshold at node ${node}.`);
    stack.push(tree.left[node], tree.right[node]);
  }
}

function checkMatrix(rows: readonly number[][], width: number, what: string): void {
  rows.forEach((row, i) => {
    if (row.length !== width) broken(`${what} row ${i} has ${row.length} weights, expected ${width}.`);
    if (!finite(row)) broken(`${what} row ${i} has a weight that is not a finite number.`);
  });
}

function checkBody(model: TrainedModel, features: number): void {
  const body = model.body;
  if (body.kind === 'linear') {
    if (body.intercepts.length !== body.weights.length || !finite(body.intercepts)) {
      broken(`the linear model has ${body.weights.length} weight rows but ${body.intercepts.length} intercepts, or a non-finite intercept.`);
    }
    checkMatrix(body.weights, features, 'linear weights');
  } else if (body.kind === 'trees') {
    if (body.trees.length !== body.base.length || !finite(body.base)) {
      broken(`the tree model has ${body.base.length} base scores for ${body.trees.length} outputs, or a non-finite base score.`);
    }
    body.trees.forEach((trees, k) => trees.forEach((t, i) => checkTree(t, features, `tree ${i} of output ${k}`)));
  } else {
    if (body.layers.length === 0) broken('the network has no layers.');
    let width = features;
    body.layers.forEach((layer, l) => {
      if (layer.weights.length !== layer.bias.length || !finite(layer.bias)) {
        broken(`layer ${l} has ${layer.weights.length} weight rows but ${layer.bias.length} biases, or a non-finite bias.`);
      }
      checkMatrix(layer.weights, width, `layer ${l}`);
      width = layer.bias.length;
    });
  }
}

function checkTask(model: TrainedModel, outputs: number): void {
  const { task, classes } = model;
  if (task === 'regression') {
    if (classes !== null) broken('a regression model must not list classes.');
    if (outputs !== 1) broken(`a regression model has one output, this one has ${outputs}.`);
  } else if (task === 'binary') {
    if (classes?.length !== 2) broken('a binary classifier must list exactly two classes.');
    if (outputs !== 1) broken(`a binary classifier has one score, this one has ${outputs}.`);
  } else if (task === 'multiclass') {
    if (!classes || classes.length < 2) broken('a multiclass classifier must list its classes.');
    if (outputs !== classes.length) broken(`${classes.length} classes need ${classes.length} scores, this model has ${outputs}.`);
  } else {
    broken(`unknown task '${String(task)}'.`);
  }
}

/** Throws a BAD_INPUT AppFailure naming the first inconsistency; returns the feature count otherwise. */
export function checkModel(model: TrainedModel): number {
  const { steps, featureNames } = model.preprocessor;
  const treeBody = model.body.kind === 'trees';
  steps.forEach((s) => checkStep(s, treeBody));
  const features = steps.reduce((sum, s) => sum + stepWidth(s), 0);
  if (features === 0) broken('its preprocessing produces no features.');
  if (featureNames.length !== features) broken(`the preprocessing writes ${features} features but names ${featureNames.length}.`);
  checkBody(model, features);
  checkTask(model, outputCount(model.body));
  return features;
}
