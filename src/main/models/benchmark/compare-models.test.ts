import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test-support/app-error-of';
import { agreementOf, bootstrapResamples, pairedMetrics, type PairedInput, type SidePredictions } from './compare-models';

interface FixtureSide {
  labels?: string[];
  scores?: number[];
  values?: number[];
}
interface FixtureInterval {
  value: number | null;
  interval: [number, number] | null;
}
interface ComparisonCase {
  name: 'binary' | 'multiclass' | 'regression';
  truth: (string | number)[];
  champion: FixtureSide;
  challenger: FixtureSide;
  resamples: number[][];
  level: number;
  metrics: { name: string; champion: FixtureInterval; challenger: FixtureInterval; difference: FixtureInterval }[];
  agreement?: number;
  disagreeing?: number[];
}
const fixtures = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'benchmark-fixtures.json'), 'utf8')) as { comparisons: ComparisonCase[] };
const caseNamed = (name: ComparisonCase['name']): ComparisonCase => fixtures.comparisons.find((c) => c.name === name)!;

function side(s: FixtureSide): SidePredictions {
  if (s.values) return { task: 'regression', values: Float64Array.from(s.values) };
  return { task: 'classification', labels: s.labels!, positiveScore: s.scores ? Float64Array.from(s.scores) : null };
}

function inputOf(c: ComparisonCase): PairedInput {
  const truth: PairedInput['truth'] = c.name === 'regression' ? { kind: 'values', values: Float64Array.from(c.truth as number[]) } : { kind: 'labels', values: c.truth as string[] };
  return { truth, champion: side(c.champion), challenger: side(c.challenger) };
}

describe('pairedMetrics', () => {
  for (const name of ['binary', 'multiclass', 'regression'] as const) {
    it(`gives scikit-learn's ${name} metrics on all rows and numpy's percentile intervals over the same paired resamples`, () => {
      const c = caseNamed(name);
      const result = pairedMetrics(inputOf(c), c.resamples.map((r) => Int32Array.from(r)), c.level);
      expect(result.task).toBe(name);
      expect(result.metrics.map((m) => m.name)).toEqual(c.metrics.map((m) => m.name));
      for (const [i, expected] of c.metrics.entries()) {
        for (const which of ['champion', 'challenger', 'difference'] as const) {
          const got = result.metrics[i][which];
          const want = expected[which];
          // weighted sums instead of sums over copied rows: equal up to float rounding (1e-12 relative)
          expect(got.value).toBeCloseTo(want.value!, 10);
          expect(got.low).toBeCloseTo(want.interval![0], 10);
          expect(got.high).toBeCloseTo(want.interval![1], 10);
        }
      }
    });
  }

  it('leaves intervals empty without resamples, and gives roc_auc as null for a model without scores', () => {
    const c = caseNamed('binary');
    const input = inputOf(c);
    const noScores: PairedInput = { ...input, challenger: { task: 'classification', labels: c.challenger.labels!, positiveScore: null } };
    const auc = pairedMetrics(noScores, []).metrics.find((m) => m.name === 'roc_auc')!;
    expect(auc.champion.value).toBeCloseTo(c.metrics[2].champion.value!, 12);
    expect(auc.champion.low).toBeNull();
    expect(auc.challenger).toEqual({ value: null, low: null, high: null });
    expect(auc.difference.value).toBeNull();
  });

  it('refuses to compare a classifier with a regressor', () => {
    const c = caseNamed('binary');
    const input: PairedInput = { ...inputOf(c), challenger: { task: 'regression', values: new Float64Array(c.truth.length) } };
    expect(errorOf(() => pairedMetrics(input, [])).message).toBe(
      'The champion is a classification model and the challenger a regression model (the target holds labels), so their metrics cannot be compared.',
    );
  });
});

describe('bootstrapResamples', () => {
  it('draws the same resamples from the same seed and other ones from another seed, each n indices below n', () => {
    const a = [...bootstrapResamples(50, 3, 11)];
    const b = [...bootstrapResamples(50, 3, 11)];
    const c = [...bootstrapResamples(50, 3, 12)];
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.every((r) => r.length === 50 && r.every((i) => i >= 0 && i < 50))).toBe(true);
    // with replacement: 50 draws from 50 rows repeat some (all distinct has probability 50!/50^50)
    expect(new Set(a[0]).size).toBeLessThan(50);
  });
});

describe('agreementOf', () => {
  it("gives numpy's agreement rate and lists the first disagreeing rows with both predictions and the truth", () => {
    const c = caseNamed('binary');
    const result = agreementOf(side(c.champion), side(c.challenger), c.truth.length, (r) => c.truth[r], 5);
    expect(result.agreement).toBeCloseTo(c.agreement!, 15);
    expect(result.disagreements).toBe(c.disagreeing!.length);
    expect(result.disagreeing.map((d) => d.row)).toEqual(c.disagreeing!.slice(0, 5));
    const first = c.disagreeing![0];
    expect(result.disagreeing[0]).toEqual({ row: first, champion: c.champion.labels![first], challenger: c.challenger.labels![first], truth: c.truth[first] });
  });

  it('counts regression predictions within one part in a million as agreeing', () => {
    const a: SidePredictions = { task: 'regression', values: Float64Array.from([1, 100, 0, 5]) };
    const b: SidePredictions = { task: 'regression', values: Float64Array.from([1 + 1e-7, 100.001, 0, 5.5]) };
    const result = agreementOf(a, b, 4, () => null);
    expect(result.agreement).toBe(0.5);
    expect(result.disagreeing.map((d) => d.row)).toEqual([1, 3]);
  });
});
