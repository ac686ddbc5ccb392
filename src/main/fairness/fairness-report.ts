// A fairness report over a binary classifier's predictions: per-group rates with bootstrap intervals, the disparities
// between groups, the four-fifths rule, and pass / fail against the thresholds a user sets.
import { fail } from '../../shared/errors';
import { Prng } from '../tuning/prng';
import { percentileInterval, resampleCounts } from './bootstrap-counts';
import type { DisparityName, Estimate, FairnessReport, FairnessThresholds, MissingGroupHandling, RateName, ThresholdCheck } from '../../shared/fairness';
import { DISPARITY_NAMES, disparitiesOf, ratesOf, type ConfusionCounts } from './group-metrics';

export type { Estimate, FairnessReport, FairnessThresholds, GroupReport, MissingGroupHandling, ThresholdCheck } from '../../shared/fairness';

/** The four-fifths rule of the US Uniform Guidelines on Employee Selection (29 CFR 1607.4(D)). */
export const FOUR_FIFTHS = 0.8;
/** A cap so a mistyped count cannot start an hours-long job; percentile intervals usually need 1,000 to 2,000. */
export const MAX_RESAMPLES = 10_000;

export interface FairnessInput {
  yTrue: Int32Array;
  yPred: Int32Array;
  groups: (string | null)[];
  bootstrap: { resamples: number; seed: number; level?: number };
  missing?: MissingGroupHandling;
  thresholds?: FairnessThresholds;
}

/** What a job passes in: the bootstrap costs O(rows x resamples), about 3 s for 100,000 rows x 1,000 resamples. */
export interface FairnessHooks {
  /** fraction in [0, 1] after each resample */
  progress?(fraction: number, message: string): void;
  /** throws (JOB_CANCELLED) to stop between resamples */
  checkCancelled?(): void;
}

export function fairnessReport(input: FairnessInput, hooks: FairnessHooks = {}): FairnessReport {
  const { yTrue, yPred, groups } = input;
  const level = input.bootstrap.level ?? 0.95;
  const missing = input.missing ?? 'group';
  validate(input, level);

  const keys = new Map<string | null, ConfusionCounts>();
  let missingGroupRows = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const g = groups[i];
    if (g === null) {
      missingGroupRows++;
      if (missing === 'exclude') continue;
    }
    let c = keys.get(g);
    if (!c) keys.set(g, (c = { tp: 0, fp: 0, fn: 0, tn: 0 }));
    if (yTrue[i] === 1) {
      if (yPred[i] === 1) c.tp++;
      else c.fn++;
    } else if (yPred[i] === 1) c.fp++;
    else c.tn++;
  }
  if (keys.size === 0) {
    fail('BAD_INPUT', `All ${yTrue.length} rows have no sensitive value and missing ones are excluded: there is no group to compare.`, {
      where: { field: 'groups' },
      hint: "Report missing values as their own group (missing: 'group') or pick another sensitive column.",
    });
  }
  const sorted = [...keys.entries()].sort(([a], [b]) => compareGroups(a, b));
  const names = sorted.map(([name]) => name);
  const counts = sorted.map(([, c]) => c);

  const { resamples, seed } = input.bootstrap;
  const prng = new Prng(seed);
  const draws: ConfusionCounts[][] = [];
  for (let b = 0; b < resamples; b++) {
    hooks.checkCancelled?.();
    draws.push(counts.map((c) => resampleCounts(c, prng)));
    hooks.progress?.((b + 1) / resamples, `Bootstrap resample ${b + 1} of ${resamples}`);
  }
  const summary = summariseGroups(counts, draws, level);

  const selection = summary.groups.map((g) => g.selectionRate.value);
  const ratio = summary.disparities.demographicParityRatio.value;
  const total = counts.reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn, tn: a.tn + c.tn }), { tp: 0, fp: 0, fn: 0, tn: 0 });
  return {
    rows: yTrue.length,
    missingGroupRows,
    missing,
    overall: ratesOf(total),
    groups: summary.groups.map((g, i) => ({ ...g, group: names[i] })),
    disparities: summary.disparities,
    fourFifths: {
      ratio,
      pass: ratio === null ? null : ratio >= FOUR_FIFTHS,
      lowestGroup: extremeGroup(names, selection, (a, b) => a < b),
      highestGroup: extremeGroup(names, selection, (a, b) => a > b),
    },
    checks: checksOf(input.thresholds ?? {}, summary.disparities),
    bootstrap: { resamples, seed, level, stratified: true },
  };
}

/**
 * The point figures of each group and of the disparities, with percentile intervals from the resamples: draws[b][g]
 * is resample b's confusion counts of group g. Kept apart from the sampler so the interval arithmetic can be checked
 * against numpy on resamples numpy drew.
 */
export function summariseGroups(
  counts: ConfusionCounts[],
  draws: ConfusionCounts[][],
  level: number,
): { groups: ({ count: number } & Record<RateName, Estimate>)[]; disparities: Record<DisparityName, Estimate> } {
  const point = counts.map(ratesOf);
  const resampled = draws.map((d) => d.map(ratesOf));
  const withInterval = (value: number | null, values: (number | null)[]): Estimate => {
    const interval = value === null ? null : percentileInterval(values, level);
    return { value, low: interval?.low ?? null, high: interval?.high ?? null };
  };
  const groups = point.map((rates, g) => {
    const rate = (name: RateName) => withInterval(rates[name], resampled.map((r) => r[g][name]));
    return {
      count: rates.count,
      selectionRate: rate('selectionRate'),
      accuracy: rate('accuracy'),
      truePositiveRate: rate('truePositiveRate'),
      falsePositiveRate: rate('falsePositiveRate'),
      precision: rate('precision'),
    };
  });
  const pointDisparities = disparitiesOf(point);
  const resampledDisparities = resampled.map(disparitiesOf);
  const disparity = (name: DisparityName) => withInterval(pointDisparities[name], resampledDisparities.map((d) => d[name]));
  return {
    groups,
    disparities: {
      demographicParityDifference: disparity('demographicParityDifference'),
      demographicParityRatio: disparity('demographicParityRatio'),
      truePositiveRateDifference: disparity('truePositiveRateDifference'),
      falsePositiveRateDifference: disparity('falsePositiveRateDifference'),
      equalizedOddsDifference: disparity('equalizedOddsDifference'),
    },
  };
}

function checksOf(thresholds: FairnessThresholds, disparities: Record<DisparityName, Estimate>): ThresholdCheck[] {
  return DISPARITY_NAMES.flatMap((metric) => {
    const threshold = thresholds[metric];
    if (threshold === undefined) return [];
    const value = disparities[metric].value;
    const direction = metric === 'demographicParityRatio' ? 'min' : 'max';
    const pass = value === null ? null : direction === 'min' ? value >= threshold : value <= threshold;
    return [{ metric, value, threshold, direction, pass }];
  });
}

/** Names sort as strings (code point order, the same on every machine); the missing group comes last. */
function compareGroups(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** The first group (in report order) whose selection rate is lowest or highest; null when none is defined. */
function extremeGroup(names: (string | null)[], values: (number | null)[], better: (a: number, b: number) => boolean): string | null {
  let best: { name: string | null; value: number } | null = null;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value !== null && (best === null || better(value, best.value))) best = { name: names[i], value };
  }
  return best === null ? null : best.name;
}

function validate(input: FairnessInput, level: number): void {
  const { yTrue, yPred, groups } = input;
  if (yPred.length !== yTrue.length || groups.length !== yTrue.length) {
    fail('BAD_INPUT', `Labels, predictions and groups differ in length (${yTrue.length}, ${yPred.length}, ${groups.length}).`, { where: { field: 'yPred' } });
  }
  if (yTrue.length === 0) fail('BAD_INPUT', 'There are no rows to assess.', { where: { field: 'yTrue' } });
  for (const [field, values] of [['yTrue', yTrue], ['yPred', yPred]] as const) {
    const bad = values.findIndex((v) => v !== 0 && v !== 1);
    if (bad >= 0) {
      fail('BAD_INPUT', `${field} must hold 0 or 1 only; row ${bad + 1} holds ${values[bad]}.`, {
        where: { field },
        hint: 'Map the positive class to 1 and every other class to 0 first.',
      });
    }
  }
  const { resamples, seed } = input.bootstrap;
  if (!Number.isInteger(resamples) || resamples < 0 || resamples > MAX_RESAMPLES) {
    fail('BAD_INPUT', `Bootstrap resamples must be a whole number from 0 to ${MAX_RESAMPLES}; got ${resamples}.`, { where: { field: 'bootstrap.resamples' } });
  }
  if (!Number.isInteger(seed)) fail('BAD_INPUT', `The bootstrap seed must be a whole number; got ${seed}.`, { where: { field: 'bootstrap.seed' } });
  if (!(level > 0 && level < 1)) fail('BAD_INPUT', `The interval level must lie strictly between 0 and 1; got ${level}.`, { where: { field: 'bootstrap.level' } });
  for (const [metric, threshold] of Object.entries(input.thresholds ?? {})) {
    if (!Number.isFinite(threshold) || threshold < 0) {
      fail('BAD_INPUT', `The threshold for ${metric} must be a number of at least 0; got ${threshold}.`, { where: { field: `thresholds.${metric}` } });
    }
  }
}
