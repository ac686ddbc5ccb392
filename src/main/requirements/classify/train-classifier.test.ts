// The early API: a classifier trained in process through the train pipeline, classified through onnxruntime, and the
// multi-label verdict rule.
import { describe, expect, it } from 'vitest';
import { REQUIREMENT_CLASSES, type RequirementClass } from '../../../shared/requirements-classes';
import { exportOnnx } from '../../onnx/export';
import type { FeatureColumn } from '../../training/model-types';
import { compareCodePoints } from '../../training/tfidf';
import { classifyTexts, SECONDARY_THRESHOLD, verdictOf } from './classify-texts';
import { labelledSlice } from './test-labelled';
import { trainClassifier } from './train-classifier';

const rows = labelledSlice(22);
/** the raw texts of a frame */
const textsOf = (columns: readonly FeatureColumn[]): string[] => columns.flatMap((c) => (c.kind === 'text' && c.name === 'text' ? c.values.map((v) => v ?? '') : []));
const trained = trainClassifier(rows, { folds: 3, seed: 7 });

describe('trainClassifier', () => {
  it('trains a 14-class TF-IDF logistic model on a few hundred labelled texts and reports its cross-validated figures', () => {
    expect(rows.length).toBe(22 * 14);
    expect(trained.model.classes).toEqual([...REQUIREMENT_CLASSES].sort(compareCodePoints));
    expect(trained.model.body.kind).toBe('linear');
    expect(trained.model.preprocessor.steps.map((s) => `${s.column}:${s.kind}`)).toEqual(['text:tfidf', 'lemmas:tfidf', 'negations:numeric', 'has_number:numeric', 'has_unit:numeric', 'modal:onehot']);
    expect(Object.keys(trained.cv)).toEqual(expect.arrayContaining(['accuracy', 'f1_macro']));
    // 14 balanced classes: chance is 0.07; a working classifier on 200 training rows does far better
    expect(trained.cv.accuracy).toBeGreaterThan(0.35);
    expect(trained.cv.accuracy).toBeLessThanOrEqual(1);
    expect(trained.request).toMatchObject({ experiment: 'Requirements classifier', register: 'requirements-classifier', cvFolds: 3, target: 'label', model: 'logreg' });
  });

  it('holds out 15% of the rows, one stratified draw the final model never learnt from', () => {
    const heldOut = Array.from(trained.heldOut);
    expect(new Set(heldOut).size).toBe(heldOut.length);
    expect(heldOut.length).toBeGreaterThanOrEqual(Math.floor(rows.length * 0.15) - 14);
    expect(heldOut.length).toBeLessThanOrEqual(Math.ceil(rows.length * 0.15) + 14);
    expect(new Set(heldOut.map((i) => rows[i].label)).size).toBe(14);
    // the pipeline's validation rows are another part of the same split
    const validationTexts = new Set(textsOf(trained.pipeline.validationColumns));
    for (const i of heldOut) expect(validationTexts.has(rows[i].text)).toBe(false);
    // the rest is what the final model learnt from
    const trainedOn = Array.from(trained.trainedOn);
    expect(trainedOn.length + heldOut.length + validationTexts.size).toBe(rows.length);
    expect(trainedOn.filter((i) => heldOut.includes(i) || validationTexts.has(rows[i].text))).toEqual([]);
  });

  it('leaves the test split to a caller that held its rows out already, fitting on the same 75% of the whole set', () => {
    const baseline = trainClassifier(rows, { seed: 7, testHeldOutByCaller: true });
    expect(baseline.heldOut).toHaveLength(0);
    expect(baseline.request).toMatchObject({ test: 0, validation: 0.1 / 0.85 });
    expect(baseline.trainedOn.length / rows.length).toBeCloseTo(0.75 / 0.85, 2);
  });

  it('gives the same model for the same rows and seed, with or without cross-validation', () => {
    const again = trainClassifier(rows, { seed: 7 });
    expect(again.cv).toEqual({});
    expect(again.model).toEqual(trained.model);
  });
});

describe('classifyTexts', () => {
  it('classifies through onnxruntime with the probabilities the in-process model gives', async () => {
    const texts = textsOf(trained.pipeline.validationColumns);
    const verdicts = await classifyTexts(trained.model, texts);
    const expected = trained.pipeline.validationOutputs;
    const classes = trained.model.classes as RequirementClass[];
    let maxDiff = 0;
    verdicts.forEach((v, r) => classes.forEach((c, j) => (maxDiff = Math.max(maxDiff, Math.abs(v.classes[c] - expected[r * classes.length + j])))));
    // the file computes in double and hands probabilities out as float32
    expect(maxDiff).toBeLessThan(1e-6);
  });

  it('reads an ONNX file exported from the model as it reads the model itself', async () => {
    const texts = Array.from(trained.heldOut, (i) => rows[i].text);
    const fromModel = await classifyTexts(trained.model, texts);
    const fromFile = await classifyTexts(exportOnnx(trained.model, { producer: 'test', version: '1', numericInputs: 'double' }), texts);
    expect(fromFile).toEqual(fromModel);
    const correct = fromModel.filter((v, k) => v.class === rows[trained.heldOut[k]].label).length;
    expect(correct / texts.length).toBeGreaterThan(0.35);
  });

  it('refuses a file without its model JSON whose classes are not in the trainer\'s order, rather than misread it', async () => {
    const reordered = exportOnnx({ ...trained.model, classes: [...trained.model.classes!].reverse() }, { producer: 'test', version: '1', numericInputs: 'double' });
    await expect(classifyTexts(reordered, [rows[0].text])).rejects.toMatchObject({ error: { code: 'BAD_INPUT', where: { field: 'model' } } });
  });
});

describe('verdictOf', () => {
  const classes: RequirementClass[] = ['functional', 'safety', 'security'];

  it('takes the most probable class as primary, with every class at the threshold or above as a label, most probable first', () => {
    const v = verdictOf([0.3, 0.45, SECONDARY_THRESHOLD], classes);
    expect(v).toMatchObject({ class: 'safety', confidence: 0.45, labels: ['safety', 'functional', 'security'] });
    expect(Object.keys(v.classes)).toEqual([...REQUIREMENT_CLASSES]);
    expect(v.classes.usability).toBe(0);
  });

  it('gives a single label when no other class reaches the threshold', () => {
    expect(verdictOf([0.8, 0.11, 0.09], classes).labels).toEqual(['functional']);
  });
});
