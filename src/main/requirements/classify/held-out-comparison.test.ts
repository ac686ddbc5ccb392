// The held-out comparison of a retraining with the classifier in use, on a real project with the shipped default
// registered: no figure is computed on a row the model it describes was trained on, unlike scoring the shipped file on
// the new held-out rows (it learnt from most of them, which flattered it).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASSIFIER_MODEL } from '../../../shared/requirements-classes';
import { importModel } from '../../models/registry/model-import';
import { exportOnnx } from '../../onnx/export';
import type { ProjectStore } from '../../store/project-store';
import { tempDir, tempProject } from '../../test-support/temp-project';
import { activeClassifier, ensureClassifier, openClassifier, type OpenedClassifier } from './classifier-service';
import { classifyTexts, TextClassifier } from './classify-texts';
import { compareOnHeldOut, CANDIDATE, namedCandidate, trainingSetOf, type Compared } from './held-out-comparison';
import { DEFAULT_CLASSIFIER_ONNX } from './default-classifier';
import { defaultLabelledSet, type LabelledText } from './labelled-set';
import { shippedResource } from './shipped-resources';
import { labelledSlice } from './test-labelled';
import { trainClassifier, type TrainedClassifier } from './train-classifier';

const defaults = defaultLabelledSet().map((r): LabelledText => ({ text: r.text, label: r.label }));
/** a user's labelled CSV of their own domain: texts the shipped default never read, 6 of every class */
const fileRows = labelledSlice(6).map((r): LabelledText => ({ text: `Where the plant is in service, ${r.text[0].toLowerCase()}${r.text.slice(1)}`, label: r.label }));
const examples = [...defaults, ...fileRows];
const textsOf = (rows: readonly LabelledText[]): Set<string> => new Set(rows.map((e) => e.text));
const shared = (a: Set<string>, b: Set<string>): string[] => [...a].filter((t) => b.has(t));

let store: ProjectStore;
let trained: TrainedClassifier;
let candidate: TextClassifier;
let current: OpenedClassifier;
let compared: Compared;

beforeAll(async () => {
  store = tempProject();
  ensureClassifier(store);
  trained = trainClassifier(examples, { seed: 42 });
  candidate = await TextClassifier.open(trained.model);
  current = await openClassifier(store, activeClassifier(store)!.version);
  compared = await compareOnHeldOut(store, examples, { trained, classifier: candidate }, current, () => undefined);
}, 60_000);
afterAll(async () => {
  await candidate.release();
  await current.release();
  store.close();
});

describe('compareOnHeldOut against the shipped default', () => {
  it('takes the shipped default\'s training set to be the whole labelled set it was built from', () => {
    expect(compared.currentSet).toEqual(defaults);
  });

  it('computes no figure on a row the model it describes learnt from', () => {
    const held = textsOf(compared.held);
    expect(held.size).toBe(compared.held.length);
    expect(compared.held.length).toBe(trained.heldOut.length);
    // the candidate learnt from its own training split only
    expect(shared(held, textsOf(Array.from(trained.trainedOn, (i) => examples[i])))).toEqual([]);
    // the current training set was trained again without any held-out text, on 75% of the rows a full training would have
    expect(shared(held, textsOf(compared.baselineTrainedOn))).toEqual([]);
    expect(compared.baselineTrainedOn.length).toBeGreaterThan(0.75 * defaults.length - 20);
    expect(compared.baselineTrainedOn.length).toBeLessThan(0.75 * defaults.length + 20);
    // the current file is scored only on held-out rows outside everything it was built from: here the file's rows
    const unseen = compared.held.filter((e) => !textsOf(defaults).has(e.text));
    expect(unseen.length).toBeGreaterThan(0);
    expect(shared(textsOf(unseen), textsOf(fileRows))).toHaveLength(unseen.length);
    expect(compared.heldOut.unseenByCurrent).toMatchObject({ candidate: { model: CANDIDATE, rows: unseen.length }, current: { model: 'requirements-classifier@1', rows: unseen.length } });
  });

  it('reports both training sets on the same held-out rows, the current one far below what the shipped file scores there', async () => {
    const { candidate: c, current: baseline } = compared.heldOut;
    expect(c).toMatchObject({ model: CANDIDATE, rows: compared.held.length });
    expect(baseline).toMatchObject({ model: 'requirements-classifier@1', rows: compared.held.length });
    expect(c.accuracy).toBeGreaterThan(0.5);
    expect(baseline!.accuracy).toBeGreaterThan(0.5);
    // the biased figure this replaces: the shipped file on rows it mostly trained on
    const verdicts = await current.classifier.classify(compared.held.map((e) => e.text));
    const flattered = verdicts.filter((v, k) => v.class === compared.held[k].label).length / verdicts.length;
    expect(flattered).toBeGreaterThan(baseline!.accuracy + 0.1);
    expect(flattered).toBeGreaterThan(c.accuracy + 0.1);
  });

  it('scores the shipped file and the candidate on the unseen rows as each classifies those texts on its own', async () => {
    const unseen = compared.held.filter((e) => !textsOf(defaults).has(e.text));
    const accuracy = async (source: Parameters<typeof classifyTexts>[0]): Promise<number> =>
      (await classifyTexts(source, unseen.map((e) => e.text))).filter((v, k) => v.class === unseen[k].label).length / unseen.length;
    expect(compared.heldOut.unseenByCurrent!.current.accuracy).toBeCloseTo(await accuracy(shippedResource(DEFAULT_CLASSIFIER_ONNX)), 12);
    expect(compared.heldOut.unseenByCurrent!.candidate.accuracy).toBeCloseTo(await accuracy(trained.model), 12);
  });

  it('names the candidate as the registry named it', () => {
    const named = namedCandidate(compared.heldOut, 'requirements-classifier@2');
    expect(named.candidate.model).toBe('requirements-classifier@2');
    expect(named.unseenByCurrent?.candidate.model).toBe('requirements-classifier@2');
    expect(named.current).toBe(compared.heldOut.current);
  });
});

describe('trainingSetOf', () => {
  it('knows no training set of a file imported by hand, and then compares with no current figures', async () => {
    const other = tempProject();
    try {
      const file = path.join(tempDir(), 'mine.onnx');
      fs.writeFileSync(file, exportOnnx(trained.model, { producer: 'test', version: '1', numericInputs: 'double' }));
      importModel(other, file, { name: CLASSIFIER_MODEL });
      const opened = await openClassifier(other, activeClassifier(other)!.version);
      const r = await compareOnHeldOut(other, examples, { trained, classifier: candidate }, opened, () => undefined).finally(() => opened.release());
      expect(trainingSetOf(other, opened.version)).toBeNull();
      expect(r.heldOut).toEqual({ candidate: compared.heldOut.candidate, current: null, unseenByCurrent: null });
    } finally {
      other.close();
    }
  });
});
