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
});
