import { describe, expect, it } from 'vitest';
import { trainRequest } from '../../shared/experiment-requests';
import { resolveParams } from '../../shared/model-catalog';
import { frameColumns } from '../requirements/classify/train-classifier';
import type { FeatureColumn } from '../training/model-types';
import { predictMatrix } from '../training/predict';
import { transform } from '../training/preprocess';
import { runPipeline, type PipelineHooks } from './train-pipeline';

const quiet: PipelineHooks = { metric: () => undefined, checkCancelled: () => undefined, progress: () => undefined };

/** 3,000 rows: two numbers with missing values, a category, and a label of `classes` values that depends on them. */
function frame(classes: number): FeatureColumn[] {
  const rows = 3_000;
  const x1 = Float64Array.from({ length: rows }, (_, r) => (r % 17 === 0 ? NaN : Math.sin(r * 0.7) * 3));
  const x2 = Float64Array.from({ length: rows }, (_, r) => (r % 23 === 0 ? NaN : ((r * 37) % 101) / 10));
  const site = Array.from({ length: rows }, (_, r) => (r % 29 === 0 ? null : ['north', 'south', 'east'][(r * 7) % 3]));
  const label = Array.from({ length: rows }, (_, r) => {
    const score = (Number.isNaN(x1[r]) ? 0 : x1[r]) + (Number.isNaN(x2[r]) ? 5 : x2[r]) / 3 + (site[r] === 'north' ? 1 : 0) + ((r * 13) % 7) / 7;
    return `class${Math.min(classes - 1, Math.floor(score + 3) % classes)}`;
  });
  return [
    { name: 'x1', kind: 'numeric', values: x1 },
    { name: 'x2', kind: 'numeric', values: x2 },
    { name: 'site', kind: 'categorical', values: site },
    { name: 'label', kind: 'categorical', values: label },
  ];
}

describe('train pipeline', () => {
  it.each([2, 3])('gives boosted trees with %i classes the validation outputs predictMatrix computes on the validation rows, bit for bit', (classes) => {
    const request = trainRequest.parse({ dataset: 'frame', target: 'label', model: 'gbdt', params: { max_iter: 30, max_leaf_nodes: 15 } });
    const result = runPipeline(frameColumns(frame(classes)), request, resolveParams(request.model, request.params), quiet);
    const again = predictMatrix(result.model, transform(result.model.preprocessor, result.validationColumns));
    expect(result.validationOutputs.length).toBe(classes * result.splits.validation);
    expect(result.validationOutputs.every((v, i) => Object.is(v, again[i]))).toBe(true);
  });

  it("reuses a study trial thread's prepared rows for its next trial of the same data and request, with the numbers a fresh run gives", () => {
    const data = frameColumns(frame(2));
    const request = trainRequest.parse({ dataset: 'frame', target: 'label', model: 'gbdt', params: { max_iter: 20, max_leaf_nodes: 7 } });
    const first = runPipeline(data, request, resolveParams(request.model, request.params), quiet, { studyTrial: true });
    const next = trainRequest.parse({ ...request, params: { ...request.params, learning_rate: 0.3 } });
    const second = runPipeline(data, next, resolveParams(next.model, next.params), quiet, { studyTrial: true });
    expect(second.validationColumns).toBe(first.validationColumns);
    // a one-off run prepares its rows afresh, to the same numbers
    const fresh = runPipeline(data, next, resolveParams(next.model, next.params), quiet);
    expect(fresh.validationColumns).not.toBe(second.validationColumns);
    expect(fresh.metrics).toEqual(second.metrics);
    expect(fresh.validationOutputs.every((v, i) => Object.is(v, second.validationOutputs[i]))).toBe(true);
    // another seed deals another split
    const reseeded = runPipeline(data, { ...request, seed: 7 }, resolveParams(request.model, request.params), quiet, { studyTrial: true });
    expect(reseeded.validationColumns).not.toBe(second.validationColumns);
    expect(reseeded.metrics).toEqual(runPipeline(data, { ...request, seed: 7 }, resolveParams(request.model, request.params), quiet).metrics);
    // the same request on other columns (three classes now) reads them, each once: a text column is decoded on every read
    const three = frameColumns(frame(3));
    const reads: string[] = [];
    const other = runPipeline({ ...three, read: (name) => (reads.push(name), three.read(name)) }, request, resolveParams(request.model, request.params), quiet, { studyTrial: true });
    expect(other.labels.classes).toEqual(['class0', 'class1', 'class2']);
    expect(reads.sort()).toEqual(['label', 'site', 'x1', 'x2']);
  });
});
