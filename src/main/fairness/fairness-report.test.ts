import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../shared/errors';
import fixtures from './fixtures/fairness-fixtures.json';
import { fairnessReport, summariseGroups, type Estimate, type FairnessInput } from './fairness-report';
import type { ConfusionCounts, DisparityName, RateName } from './group-metrics';

type Rates = { count: number } & Record<RateName, number | null>;
interface FixtureCase {
  name: string;
  yTrue: number[];
  yPred: number[];
  groups: (string | null)[];
  names: (string | null)[];
  overall: Rates;
  byGroup: (Rates & { group: string | null })[];
  disparities: Record<DisparityName, number | null>;
  fairlearnEqualizedOddsDifference: number;
  draws: ConfusionCounts[][];
  groupIntervals: Record<RateName, number[] | null>[];
  disparityIntervals: Record<DisparityName, number[] | null>;
}

const cases: FixtureCase[] = fixtures.cases;
const RATES: RateName[] = ['selectionRate', 'accuracy', 'truePositiveRate', 'falsePositiveRate', 'precision'];
const DISPARITIES: DisparityName[] = [
  'demographicParityDifference',
  'demographicParityRatio',
  'truePositiveRateDifference',
  'falsePositiveRateDifference',
  'equalizedOddsDifference',
];

// Rates are ratios of small integers: the same division in both languages, so only the last bit may differ.
// numpy.percentile interpolates with a formula that can round differently in the last bit or two.
const close = (actual: number | null, expected: number | null) => {
  if (expected === null) return expect(actual).toBeNull();
  expect(actual).not.toBeNull();
  expect(Math.abs((actual ?? NaN) - expected)).toBeLessThanOrEqual(1e-12);
};

const inputOf = (c: FixtureCase, extra: Partial<FairnessInput> = {}): FairnessInput => ({
  yTrue: Int32Array.from(c.yTrue),
  yPred: Int32Array.from(c.yPred),
  groups: c.groups,
  bootstrap: { resamples: 50, seed: 7 },
  ...extra,
});

const caseNamed = (name: string): FixtureCase => cases.find((c) => c.name === name) ?? expect.unreachable(`no fixture case '${name}'`);

describe("fairness figures against Fairlearn's definitions written out in numpy (make-fairness-fixtures.py)", () => {
  it.each(cases)('$name: per-group rates, overall rates and the disparities match the script', (c) => {
    const report = fairnessReport(inputOf(c));
    expect(report.groups.map((g) => g.group)).toEqual(c.names);
    report.groups.forEach((g, i) => {
      expect(g.count).toBe(c.byGroup[i].count);
      for (const r of RATES) close(g[r].value, c.byGroup[i][r]);
    });
    expect(report.overall.count).toBe(c.overall.count);
    for (const r of RATES) close(report.overall[r], c.overall[r]);
    for (const d of DISPARITIES) close(report.disparities[d].value, c.disparities[d]);
  });

  it.each(cases)('$name: percentile intervals from the resamples numpy drew match numpy.percentile', (c) => {
    const report = fairnessReport(inputOf(c, { bootstrap: { resamples: 0, seed: 1 } }));
    const counts = report.groups.map((g) => {
      // the rows of group g, counted the way the report counts them
      const rows = c.groups.flatMap((name, i) => (name === g.group ? [i] : []));
      const k: ConfusionCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
      for (const i of rows) {
        if (c.yTrue[i] === 1) k[c.yPred[i] === 1 ? 'tp' : 'fn']++;
        else k[c.yPred[i] === 1 ? 'fp' : 'tn']++;
      }
      return k;
    });
    const summary = summariseGroups(counts, c.draws, fixtures.level);
    const interval = (e: Estimate, expected: number[] | null) => {
      close(e.low, expected?.[0] ?? null);
      close(e.high, expected?.[1] ?? null);
    };
    summary.groups.forEach((g, i) => RATES.forEach((r) => interval(g[r], c.groupIntervals[i][r])));
    DISPARITIES.forEach((d) => interval(summary.disparities[d], c.disparityIntervals[d]));
  });

  it('fixture resamples hold each group at its own size, so they are stratified as the report says', () => {
    for (const c of cases) {
      for (const draw of c.draws) {
        draw.forEach((k, g) => expect(k.tp + k.fp + k.fn + k.tn).toBe(c.byGroup[g].count));
      }
    }
  });
});

describe('edge cases', () => {
  it('a single group has no disparity: differences 0, ratio 1, and it passes the four-fifths rule', () => {
    const report = fairnessReport(inputOf(caseNamed('one group')));
    expect(report.groups).toHaveLength(1);
    expect(report.disparities.demographicParityDifference.value).toBe(0);
    expect(report.disparities.demographicParityRatio.value).toBe(1);
    expect(report.disparities.equalizedOddsDifference.value).toBe(0);
    expect(report.fourFifths).toEqual({ ratio: 1, pass: true, lowestGroup: 'only', highestGroup: 'only' });
  });

  it("a group with no actual positives has a null true positive rate (not NaN, not Fairlearn's 0) and stays out of the TPR difference", () => {
    const c = caseNamed('a group with no positives');
    const report = fairnessReport(inputOf(c));
    const none = report.groups.find((g) => g.group === 'none') ?? expect.unreachable('group none');
    expect(none.truePositiveRate).toEqual({ value: null, low: null, high: null });
    expect(report.disparities.truePositiveRateDifference.value).toBe(0);
    // Fairlearn's zero-filled TPR would have made this group look as unfair as the other group's whole TPR.
    expect(c.fairlearnEqualizedOddsDifference).toBeCloseTo(c.byGroup[1].truePositiveRate ?? NaN, 12);
    expect(report.disparities.equalizedOddsDifference.value).toBeCloseTo(c.disparities.falsePositiveRateDifference ?? NaN, 12);
    expect(JSON.stringify(report)).not.toContain('NaN');
  });

  it('when every row is predicted positive, selection rates and false positive rates are 1 and precision is the base rate', () => {
    const c = caseNamed('all predicted positive');
    const report = fairnessReport(inputOf(c));
    for (const g of report.groups) {
      const labels = c.yTrue.filter((_, i) => c.groups[i] === g.group);
      const baseRate = labels.filter((y) => y === 1).length / labels.length;
      expect(g.selectionRate.value).toBe(1);
      expect(g.falsePositiveRate.value).toBe(1);
      expect(g.truePositiveRate.value).toBe(1);
      close(g.precision.value, baseRate);
      close(g.accuracy.value, baseRate);
    }
    expect(report.fourFifths.pass).toBe(true);
  });

  it('when nobody is predicted positive, precision and the parity ratio are null and the four-fifths rule cannot be judged', () => {
    const report = fairnessReport(inputOf(caseNamed('nobody predicted positive')));
    for (const g of report.groups) expect(g.precision).toEqual({ value: null, low: null, high: null });
    expect(report.disparities.demographicParityRatio.value).toBeNull();
    expect(report.fourFifths.ratio).toBeNull();
    expect(report.fourFifths.pass).toBeNull();
  });
});

describe('missing sensitive values', () => {
  const c = caseNamed('three groups and rows with no value');

  it('form their own group, reported last under null, and take part in the disparities', () => {
    const report = fairnessReport(inputOf(c));
    expect(report.groups.at(-1)?.group).toBeNull();
    expect(report.missingGroupRows).toBe(30);
    expect(report.fourFifths.highestGroup).toBeNull(); // the missing group selects most often in this fixture
  });

  it("are left out of every figure with missing: 'exclude', and still counted", () => {
    const report = fairnessReport(inputOf(c, { missing: 'exclude' }));
    expect(report.groups.map((g) => g.group)).toEqual(['A', 'B', 'C']);
    expect(report.missingGroupRows).toBe(30);
    expect(report.overall.count).toBe(370);
    const kept = c.byGroup.slice(0, 3);
    const selection = kept.map((g) => g.selectionRate ?? NaN);
    close(report.disparities.demographicParityDifference.value, Math.max(...selection) - Math.min(...selection));
    expect(report.fourFifths.highestGroup).toBe('A');
    expect(report.fourFifths.lowestGroup).toBe('C');
  });

  it('with every value missing and excluded, are refused with BAD_INPUT rather than an empty report', () => {
    expect(() => fairnessReport({ ...inputOf(c), groups: c.groups.map(() => null), missing: 'exclude' })).toThrow(/no group to compare/);
  });
});

describe('bootstrap', () => {
  const c = caseNamed('three groups and rows with no value');

  it('replays the same intervals from the same seed and different ones from another seed', () => {
    const a = fairnessReport(inputOf(c, { bootstrap: { resamples: 100, seed: 42 } }));
    const b = fairnessReport(inputOf(c, { bootstrap: { resamples: 100, seed: 42 } }));
    const other = fairnessReport(inputOf(c, { bootstrap: { resamples: 100, seed: 43 } }));
    expect(b).toEqual(a);
    expect(other.groups[0].accuracy.low).not.toBe(a.groups[0].accuracy.low);
  });

  it("draws intervals close to numpy's on the same data (different generators, same procedure: within sampling noise)", () => {
    const report = fairnessReport(inputOf(c, { bootstrap: { resamples: 2000, seed: 3 } }));
    // With 200 numpy resamples against 2000 here, a 95% interval's ends of a rate near 0.5 on 100-150 rows
    // wander by about 0.02; 0.05 still catches an interval of the wrong width or one not centred on the estimate.
    report.groups.forEach((g, i) => {
      for (const r of RATES) {
        const expected = c.groupIntervals[i][r] ?? expect.unreachable('defined');
        expect(Math.abs((g[r].low ?? NaN) - expected[0])).toBeLessThan(0.05 + (g.count < 50 ? 0.05 : 0));
        expect(Math.abs((g[r].high ?? NaN) - expected[1])).toBeLessThan(0.05 + (g.count < 50 ? 0.05 : 0));
      }
    });
  });

  it('each interval contains its point estimate, and a 50% interval lies inside the 95% one', () => {
    const wide = fairnessReport(inputOf(c, { bootstrap: { resamples: 400, seed: 9 } }));
    const narrow = fairnessReport(inputOf(c, { bootstrap: { resamples: 400, seed: 9, level: 0.5 } }));
    wide.groups.forEach((g, i) => {
      for (const r of RATES) {
        const v = g[r].value ?? NaN;
        expect(g[r].low ?? NaN).toBeLessThanOrEqual(v);
        expect(g[r].high ?? NaN).toBeGreaterThanOrEqual(v);
        expect(narrow.groups[i][r].low ?? NaN).toBeGreaterThanOrEqual(g[r].low ?? NaN);
        expect(narrow.groups[i][r].high ?? NaN).toBeLessThanOrEqual(g[r].high ?? NaN);
      }
    });
    expect(narrow.bootstrap).toEqual({ resamples: 400, seed: 9, level: 0.5, stratified: true });
  });

  it('reports progress after each resample and stops when the job is cancelled', () => {
    const fractions: number[] = [];
    fairnessReport(inputOf(c, { bootstrap: { resamples: 20, seed: 1 } }), { progress: (f) => fractions.push(f) });
    expect(fractions).toHaveLength(20);
    expect(fractions.at(-1)).toBe(1);
    let calls = 0;
    const cancelAtThird = () => {
      if (++calls === 3) throw new AppFailure({ code: 'JOB_CANCELLED', message: 'Cancelled.' });
    };
    expect(() => fairnessReport(inputOf(c, { bootstrap: { resamples: 20, seed: 1 } }), { checkCancelled: cancelAtThird })).toThrow('Cancelled.');
    expect(calls).toBe(3);
  });

  it('with no resamples gives the point figures and null interval ends', () => {
    const report = fairnessReport(inputOf(c, { bootstrap: { resamples: 0, seed: 1 } }));
    expect(report.groups[0].accuracy.value).not.toBeNull();
    expect(report.groups[0].accuracy.low).toBeNull();
    expect(report.disparities.equalizedOddsDifference.high).toBeNull();
  });
});

describe('four-fifths rule and user thresholds', () => {
  const c = caseNamed('three groups and rows with no value');

  it('fails the four-fifths rule when the lowest selection rate is under 0.8 of the highest, naming both groups', () => {
    const report = fairnessReport(inputOf(c));
    close(report.fourFifths.ratio, c.disparities.demographicParityRatio);
    expect(report.fourFifths.pass).toBe(false);
    expect(report.fourFifths.lowestGroup).toBe('C');
  });

  it('turns each threshold set into pass or fail: differences at most, the ratio at least, unset ones unchecked', () => {
    const dpd = c.disparities.demographicParityDifference ?? NaN;
    const report = fairnessReport(
      inputOf(c, { thresholds: { demographicParityDifference: dpd, equalizedOddsDifference: 0.1, demographicParityRatio: 0.4 } }),
    );
    expect(report.checks.map((k) => [k.metric, k.direction, k.pass])).toEqual([
      ['demographicParityDifference', 'max', true],
      ['demographicParityRatio', 'min', true],
      ['equalizedOddsDifference', 'max', false],
    ]);
    const strict = fairnessReport(inputOf(c, { thresholds: { demographicParityRatio: 0.5 } }));
    expect(strict.checks).toEqual([
      { metric: 'demographicParityRatio', value: strict.disparities.demographicParityRatio.value, threshold: 0.5, direction: 'min', pass: false },
    ]);
  });

  it('cannot judge a threshold on an undefined figure: pass is null', () => {
    const report = fairnessReport(inputOf(caseNamed('nobody predicted positive'), { thresholds: { demographicParityRatio: 0.8 } }));
    expect(report.checks[0].pass).toBeNull();
  });
});

describe('bad input', () => {
  const c = caseNamed('one group');
  const refused = (input: FairnessInput, field: string, text: RegExp) => {
    try {
      fairnessReport(input);
    } catch (e) {
      expect(e).toBeInstanceOf(AppFailure);
      if (!(e instanceof AppFailure)) return;
      expect(e.error.code).toBe('BAD_INPUT');
      expect(e.error.where?.field).toBe(field);
      expect(e.error.message).toMatch(text);
      expect(e.error.message).not.toContain('\n');
      return;
    }
    expect.unreachable('not refused');
  };

  it('refuses labels other than 0 and 1, naming the row', () => {
    const yTrue = Int32Array.from(c.yTrue);
    yTrue[4] = 2;
    refused({ ...inputOf(c), yTrue }, 'yTrue', /row 5 holds 2/);
  });

  it('refuses predictions, labels and groups of different lengths', () => {
    refused({ ...inputOf(c), groups: c.groups.slice(1) }, 'yPred', /differ in length \(80, 80, 79\)/);
  });

  it('refuses no rows, a fractional or huge resample count, a level outside (0, 1) and a negative threshold', () => {
    refused({ ...inputOf(c), yTrue: new Int32Array(0), yPred: new Int32Array(0), groups: [] }, 'yTrue', /no rows/);
    refused(inputOf(c, { bootstrap: { resamples: 2.5, seed: 1 } }), 'bootstrap.resamples', /2\.5/);
    refused(inputOf(c, { bootstrap: { resamples: 1e6, seed: 1 } }), 'bootstrap.resamples', /1000000/);
    refused(inputOf(c, { bootstrap: { resamples: 10, seed: 1, level: 1 } }), 'bootstrap.level', /got 1/);
    refused(inputOf(c, { thresholds: { equalizedOddsDifference: -0.1 } }), 'thresholds.equalizedOddsDifference', /-0\.1/);
  });
});
