// The shipped default classifier: built from the labelled set as it is now (editing the CSV without rebuilding fails
// here), classifying like a fresh in-process training, and its multi-label verdicts against the set's secondary column.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REQUIREMENT_CLASSES } from '../../../shared/requirements-classes';
import { classifyTexts, SECONDARY_THRESHOLD } from './classify-texts';
import { DEFAULT_CLASSIFIER_ONNX, DEFAULT_TRAINING, readDefaultClassifierInfo } from './default-classifier';
import { defaultLabelledSet, labelledSetBytes, sha256 } from './labelled-set';
import { shippedResource } from './shipped-resources';
import { trainClassifier } from './train-classifier';

const REBUILD = 'the labelled set changed: run npx tsx scripts/build-default-classifier.ts';
const info = readDefaultClassifierInfo();
const onnxFile = shippedResource(DEFAULT_CLASSIFIER_ONNX);
const rows = defaultLabelledSet();

describe('the shipped default classifier', () => {
  it('was built from the labelled set as it is now, and its figures describe the ONNX file beside them', () => {
    expect(info.labelledSet.sha256, REBUILD).toBe(sha256(labelledSetBytes()));
    expect(info.labelledSet.rows).toBe(rows.length);
    expect(info.onnxSha256).toBe(sha256(fs.readFileSync(onnxFile)));
    expect(info).toMatchObject({ folds: DEFAULT_TRAINING.folds, seed: DEFAULT_TRAINING.seed });
    expect(info.cv.accuracy).toBeGreaterThan(0.6);
  });

  it('classifies like a fresh in-process training on the labelled set', async () => {
    // the final model learns from the pipeline's own split whatever the folds, so no folds here: the same model, faster
    const fresh = trainClassifier(rows, { seed: DEFAULT_TRAINING.seed });
    const texts = rows.filter((_, i) => i % 6 === 0).map((r) => r.text);
    const [shipped, now] = await Promise.all([classifyTexts(onnxFile, texts), classifyTexts(fresh.model, texts)]);
    let maxDiff = 0;
    shipped.forEach((v, r) => {
      expect(v.class).toBe(now[r].class);
      for (const c of REQUIREMENT_CLASSES) maxDiff = Math.max(maxDiff, Math.abs(v.classes[c] - now[r].classes[c]));
    });
    // the same trainer on the same rows. L-BFGS stops at tol 1e-4, so a trainer change that only reorders sums (dense
    // to sparse did) stops at a point whose probabilities differ by about 1e-4; a stale model differs by far more
    expect(maxDiff).toBeLessThan(1e-3);
  }, 30_000);

  it('gives a requirement its second class as a label more often where the set says it has one', async () => {
    const verdicts = await classifyTexts(onnxFile, rows.map((r) => r.text));
    const multi = rows.flatMap((r, i) => (r.secondary.length > 0 ? [{ r, v: verdicts[i] }] : []));
    expect(multi.length).toBeGreaterThan(30);
    // the probability of the true secondary class against that of the other classes that are neither primary nor secondary
    let secondary = 0;
    let others = 0;
    let otherCount = 0;
    for (const { r, v } of multi) {
      for (const s of r.secondary) secondary += v.classes[s] / r.secondary.length;
      for (const c of REQUIREMENT_CLASSES) {
        if (c === r.label || r.secondary.includes(c)) continue;
        others += v.classes[c];
        otherCount++;
      }
    }
    expect(secondary / multi.length).toBeGreaterThan((3 * others) / otherCount);
    // labels beyond the primary class are mostly right: at most 15% of all labels given are in neither column
    let given = 0;
    let wrong = 0;
    rows.forEach((r, i) => {
      const truth = new Set([r.label, ...r.secondary]);
      given += verdicts[i].labels.length;
      wrong += verdicts[i].labels.filter((l) => !truth.has(l)).length;
      for (const l of verdicts[i].labels.slice(1)) expect(verdicts[i].classes[l]).toBeGreaterThanOrEqual(SECONDARY_THRESHOLD);
    });
    expect(wrong / given).toBeLessThan(0.15);
  });
});
