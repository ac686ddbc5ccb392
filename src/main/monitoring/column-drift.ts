// One column's drift verdict, reference vs current: Evidently's default test choice (or a per-column override), plus the null-rate, new-category and out-of-range checks Evidently leaves out.
import type { ColumnType } from '../../shared/domain';
import { fail } from '../../shared/errors';
import { DRIFT_TESTS, MAX_NEW_CATEGORIES, type ColumnDriftResult, type DriftTest } from '../../shared/monitoring';
import { andersonKSample } from './anderson-ksamp';
import { hellingerDistance, jensenShannonDistance, klDivergence, normalised, populationStabilityIndex } from './category-distances';
import { chiSquareTest } from './chi-square';
import { alignCategoryCounts, commonHistograms, countCategories, type BinRule } from './common-bins';
import { cramerVonMisesTwoSample } from './cramer-von-mises';
import { energyDistance } from './energy-distance';
import { ksTwoSample } from './ks-two-sample';
import { proportionZTest } from './proportion-z-test';
import { normedWassersteinDistance } from './wasserstein';


/** p-value tests drift when p < threshold; distances when statistic >= threshold. Defaults are Evidently's. */
const TESTS: Record<DriftTest, { kind: 'p-value' | 'distance'; threshold: number; numericOnly: boolean }> = {
  ks: { kind: 'p-value', threshold: 0.05, numericOnly: true },
  chisquare: { kind: 'p-value', threshold: 0.05, numericOnly: false },
  z: { kind: 'p-value', threshold: 0.05, numericOnly: false },
  anderson: { kind: 'p-value', threshold: 0.1, numericOnly: true },
  cvm: { kind: 'p-value', threshold: 0.1, numericOnly: true },
  wasserstein: { kind: 'distance', threshold: 0.1, numericOnly: true },
  energy: { kind: 'distance', threshold: 0.1, numericOnly: true },
  jensenshannon: { kind: 'distance', threshold: 0.1, numericOnly: false },
  psi: { kind: 'distance', threshold: 0.1, numericOnly: false },
  kl: { kind: 'distance', threshold: 0.1, numericOnly: false },
  hellinger: { kind: 'distance', threshold: 0.1, numericOnly: false },
};

/**
 * A column's non-null values (numbers: finite only) and how many cells were null. A categorical sample may carry its
 * values' counts (countCategories of its values, so in order of first appearance): a report that tests hundreds of
 * windows against one million-row reference counts it once instead of once per window.
 */
export type ColumnSample =
  /** `ascending`: the values are sorted (the caller sorted them once), so the range check reads the ends instead of a pass */
  | { kind: 'numeric'; values: Float64Array; nulls: number; ascending?: boolean }
  | { kind: 'categorical'; values: readonly string[]; nulls: number; counts?: ReadonlyMap<string, number> };

export interface ColumnOverride {
  test: DriftTest;
  /** defaults to Evidently's threshold for the test */
  threshold?: number;
}

export interface ColumnDriftInput {
  column: string;
  type: ColumnType;
  reference: ColumnSample;
  current: ColumnSample;
  override?: ColumnOverride;
}

export type ColumnDrift = ColumnDriftResult;

/** Null-rate drift uses the same Z-test as binary columns, at Evidently's usual 0.05. */
export const MISSING_DRIFT_P = 0.05;
/** Evidently switches from KS / chi-squared to distances above this many non-null reference values. */
export const SMALL_REFERENCE_ROWS = 1000;
/** Numbers with at most this many distinct values (both sides together, as Evidently counts) are tested as categories. */
export const FEW_VALUES = 5;
/** Evidently bins numbers into 30 equal-width bins on the union for Jensen-Shannon, PSI and KL; Hellinger uses Sturges. */
const DISTANCE_BINS: BinRule = 30;

/** The column's verdict. Throws an AppError (BAD_INPUT) when an override does not fit the column; never on the data. */
export function columnDrift(input: ColumnDriftInput): ColumnDrift {
  const { column, type, reference, current, override } = input;
  if (reference.kind !== current.kind) fail('BAD_INPUT', `Column '${column}' is ${reference.kind} in the reference but ${current.kind} in the current data.`, { where: { field: column } });
  const checks = sideChecks(reference, current);
  const distinct = distinctCount(reference, current);
  if (override) checkOverride(column, reference.kind, distinct, override);
  const base = { column, type, ...checks };
  const none = { statistic: null, pValue: null, drift: false };
  if (reference.values.length === 0 || current.values.length === 0) {
    const side = reference.values.length === 0 ? 'reference' : 'current data';
    return { ...base, test: override?.test ?? null, threshold: null, ...none, skipped: `no non-null values in the ${side}: no test possible` };
  }
  const test = override?.test ?? defaultTest(reference.kind, distinct, reference.values.length);
  const threshold = override?.threshold ?? TESTS[test].threshold;
  let outcome: { statistic: number; pValue: number | null };
  try {
    outcome = runTest(test, reference, current);
  } catch (e) {
    // the statistics refuse data they cannot test (e.g. Anderson-Darling on one distinct value): report it, do not fail the report
    if (!(e instanceof RangeError)) throw e;
    return { ...base, test, threshold, ...none, skipped: `${test} cannot run on this data: ${e.message}` };
  }
  const drift = outcome.pValue !== null ? outcome.pValue < threshold : outcome.statistic >= threshold;
  return { ...base, test, threshold, statistic: outcome.statistic, pValue: outcome.pValue, drift, skipped: null };
}

/** Evidently's get_default_stattest: the reference's non-null row count and the distinct values of both sides decide. */
export function defaultTest(kind: ColumnSample['kind'], distinct: number, referenceRows: number): DriftTest {
  const small = referenceRows <= SMALL_REFERENCE_ROWS;
  if (kind === 'numeric' && distinct > FEW_VALUES) return small ? 'ks' : 'wasserstein';
  if (!small) return 'jensenshannon';
  return distinct <= 2 ? 'z' : 'chisquare';
}

function checkOverride(column: string, kind: ColumnSample['kind'], distinct: number, override: ColumnOverride): void {
  const spec = TESTS[override.test];
  if (!spec) fail('BAD_INPUT', `Unknown drift test '${override.test}' for column '${column}': use one of ${DRIFT_TESTS.join(', ')}.`, { where: { field: column } });
  if (spec.numericOnly && kind !== 'numeric') fail('BAD_INPUT', `The ${override.test} test needs numbers, but column '${column}' is categorical.`, { where: { field: column }, hint: 'Use chisquare, z, jensenshannon, psi, kl or hellinger.' });
  if (override.test === 'z' && distinct > 2) fail('BAD_INPUT', `The z test needs a binary column, but column '${column}' has ${distinct > FEW_VALUES ? `more than ${FEW_VALUES}` : distinct} distinct values.`, { where: { field: column }, hint: 'Use chisquare or jensenshannon.' });
  const t = override.threshold;
  if (t !== undefined && !(Number.isFinite(t) && t > 0 && (spec.kind === 'distance' || t <= 1))) {
    fail('BAD_INPUT', `Threshold ${t} for the ${override.test} test on column '${column}' is not ${spec.kind === 'p-value' ? 'a p-value in (0, 1]' : 'a positive number'}.`, { where: { field: column } });
  }
}

function runTest(test: DriftTest, reference: ColumnSample, current: ColumnSample): { statistic: number; pValue: number | null } {
  if (reference.kind === 'numeric' && current.kind === 'numeric') return numericTest(test, reference.values, current.values);
  if (reference.kind === 'categorical' && current.kind === 'categorical') return categoryTest(test, categoryCounts(reference), categoryCounts(current));
  throw new RangeError('the reference and current samples differ in kind');
}

function numericTest(test: DriftTest, r: Float64Array, c: Float64Array): { statistic: number; pValue: number | null } {
  switch (test) {
    case 'ks':
      return pick(ksTwoSample(r, c));
    case 'anderson':
      return pick(andersonKSample([r, c]));
    case 'cvm':
      return pick(cramerVonMisesTwoSample(r, c));
    case 'wasserstein':
      return { statistic: normedWassersteinDistance(r, c), pValue: null };
    case 'energy':
      return { statistic: energyDistance(r, c), pValue: null };
    case 'jensenshannon':
    case 'psi':
    case 'kl':
    case 'hellinger': {
      const h = commonHistograms(r, c, test === 'hellinger' ? 'sturges' : DISTANCE_BINS);
      return { statistic: distance(test, h.reference, h.current), pValue: null };
    }
    case 'chisquare':
    case 'z':
      return categoryTest(test, countCategories(r), countCategories(c));
  }
}

/** Tests on counts per category (numbers with few values count each value as a category, as Evidently does). */
function categoryTest<K>(test: DriftTest, reference: ReadonlyMap<K, number>, current: ReadonlyMap<K, number>): { statistic: number; pValue: number | null } {
  const aligned = alignCategoryCounts(reference, current);
  if (test === 'chisquare') return pick(chiSquareTest(aligned.current, aligned.reference));
  if (test === 'z') {
    // the share of the reference's first category on each side; the two-sided p-value does not depend on which one
    const sum = (a: Float64Array) => a.reduce((s, x) => s + x, 0);
    return pick(proportionZTest(aligned.reference[0], sum(aligned.reference), aligned.current[0], sum(aligned.current)));
  }
  if (test === 'jensenshannon' || test === 'psi' || test === 'kl' || test === 'hellinger') return { statistic: distance(test, aligned.reference, aligned.current), pValue: null };
  throw new RangeError(`${test} needs numbers`);
}

function distance(test: 'jensenshannon' | 'psi' | 'kl' | 'hellinger', reference: Float64Array, current: Float64Array): number {
  // PSI, KL and Hellinger take proportions, as Evidently's binned percents (Jensen-Shannon normalises counts itself)
  const r = normalised(reference);
  const c = normalised(current);
  if (test === 'jensenshannon') return jensenShannonDistance(r, c);
  if (test === 'hellinger') return hellingerDistance(r, c);
  return test === 'psi' ? populationStabilityIndex(r, c) : klDivergence(r, c);
}

function pick(r: { statistic: number; pValue: number }): { statistic: number; pValue: number } {
  return { statistic: r.statistic, pValue: r.pValue };
}

/**
 * Distinct values of both sides together, counted to FEW_VALUES + 1 at most: no choice looks further, and a Set of
 * every value of a million-row numeric column costs seconds (each float is boxed into the Set).
 */
function distinctCount(reference: ColumnSample, current: ColumnSample): number {
  const seen = new Set<number | string>();
  for (const sample of [reference, current]) {
    const values: Iterable<number | string> = sample.kind === 'categorical' && sample.counts ? sample.counts.keys() : sample.values;
    for (const v of values) {
      seen.add(v);
      if (seen.size > FEW_VALUES) return seen.size;
    }
  }
  return seen.size;
}

function sideChecks(reference: ColumnSample, current: ColumnSample): Pick<ColumnDrift, 'missingRef' | 'missingCur' | 'missingDrift' | 'missingPValue' | 'newCategories' | 'newCategoryCount' | 'outOfRange'> {
  const refRows = reference.values.length + reference.nulls;
  const curRows = current.values.length + current.nulls;
  const missingPValue = refRows > 0 && curRows > 0 ? proportionZTest(reference.nulls, refRows, current.nulls, curRows).pValue : null;
  return {
    missingRef: refRows > 0 ? reference.nulls / refRows : null,
    missingCur: curRows > 0 ? current.nulls / curRows : null,
    missingDrift: missingPValue !== null && missingPValue < MISSING_DRIFT_P,
    missingPValue,
    ...(reference.kind === 'categorical' && current.kind === 'categorical' ? newCategories(categoryCounts(reference), categoryCounts(current)) : { newCategories: [], newCategoryCount: 0 }),
    outOfRange: reference.kind === 'numeric' && current.kind === 'numeric' ? outOfRange(reference, current.values) : null,
  };
}

/** The current's categories the reference lacks: the MAX_NEW_CATEGORIES most frequent (ties in first-seen order), and how many in all. */
function newCategories(reference: ReadonlyMap<string, number>, current: ReadonlyMap<string, number>): Pick<ColumnDrift, 'newCategories' | 'newCategoryCount'> {
  const fresh = [...current].filter(([c]) => !reference.has(c));
  fresh.sort((a, b) => b[1] - a[1]);
  return { newCategories: fresh.slice(0, MAX_NEW_CATEGORIES).map(([c]) => c), newCategoryCount: fresh.length };
}

function categoryCounts(sample: Extract<ColumnSample, { kind: 'categorical' }>): ReadonlyMap<string, number> {
  return sample.counts ?? countCategories(sample.values);
}

function outOfRange(reference: Extract<ColumnSample, { kind: 'numeric' }>, current: Float64Array): { below: number; above: number } | null {
  const values = reference.values;
  if (values.length === 0) return null;
  let min = values[0];
  let max = values[values.length - 1];
  if (!reference.ascending) {
    for (let i = 0; i < values.length; i++) {
      const x = values[i];
      if (x < min) min = x;
      if (x > max) max = x;
    }
  }
  let below = 0;
  let above = 0;
  for (let i = 0; i < current.length; i++) {
    const x = current[i];
    if (x < min) below++;
    else if (x > max) above++;
  }
  return { below, above };
}
