// How much each parameter alone moves the objective: the share of between-bin variance of the objective, per parameter.
// Shared so the study (main) and the compare page (renderer) rank parameters the same way.

/** a parameter's kind is all that matters here: categorical values are grouped by value, the rest binned by rank */
export type ImportanceSpace = Readonly<Record<string, { readonly type: string }>>;

/** a study trial or a compared run: its parameters and the objective (a metric) it reached */
export interface ImportanceSample {
  readonly state: string;
  readonly value: number | null;
  readonly params: Readonly<Record<string, unknown>>;
}

/** at most this many bins per parameter; fewer with few trials, so each bin mean rests on several trials */
const MAX_BINS = 10;

/**
 * For each parameter, completed trials are grouped by its value (categorical: by choice; numeric: into quantile
 * bins of near-equal size, ties kept together) and the importance is the variance of the group means of the
 * objective, weighted by group size: the part of the objective's variance that this parameter explains on its
 * own (a first-order effect, like fANOVA's main effects but without fitting a surrogate forest).
 * Group means of a parameter that does nothing still scatter by chance, by about (groups - 1) x the within-group
 * variance / trials (the one-way ANOVA expectation), so that floor is subtracted (omega-squared style) and an
 * irrelevant parameter scores near 0 instead of sharing credit with the ones that matter.
 * Trials that lack a parameter (compared runs of different models) form one more group of their own for it.
 * Shares are normalised to sum 1; all zero when nothing stands out. Interactions are not credited to any parameter.
 */
export function paramImportance(space: ImportanceSpace, trials: readonly ImportanceSample[]): Record<string, number> {
  const done = trials.filter((t): t is ImportanceSample & { value: number } => t.state === 'complete' && Number.isFinite(t.value));
  const names = Object.keys(space);
  if (done.length < 2) return Object.fromEntries(names.map((n) => [n, 0]));
  const values = done.map((t) => t.value);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const nBins = Math.max(2, Math.min(MAX_BINS, Math.floor(Math.sqrt(done.length))));

  const raw = names.map((name) => {
    const groups = space[name].type === 'categorical' ? groupByValue(done, name) : groupByQuantile(done, name, nBins);
    let between = 0;
    let within = 0;
    for (const members of groups) {
      const groupMean = members.reduce((s, i) => s + values[i], 0) / members.length;
      between += members.length * (groupMean - mean) ** 2;
      within += members.reduce((s, i) => s + (values[i] - groupMean) ** 2, 0);
    }
    const k = groups.length;
    const withinVariance = done.length > k ? within / (done.length - k) : 0;
    return Math.max(0, (between - (k - 1) * withinVariance) / done.length);
  });
  const total = raw.reduce((a, b) => a + b, 0);
  return Object.fromEntries(names.map((n, i) => [n, total > 0 ? raw[i] / total : 0]));
}

function groupByValue(trials: readonly ImportanceSample[], name: string): number[][] {
  const groups = new Map<unknown, number[]>();
  trials.forEach((t, i) => {
    const key = t.params[name];
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  return [...groups.values()];
}

/**
 * A run of equal values goes wholly into the bin of its first rank, so an int with few values is not split arbitrarily;
 * trials without a number for the parameter are binned apart.
 */
function groupByQuantile(trials: readonly ImportanceSample[], name: string, nBins: number): number[][] {
  const present: { index: number; value: number }[] = [];
  const missing: number[] = [];
  trials.forEach((t, index) => {
    const value = t.params[name];
    if (typeof value === 'number' && Number.isFinite(value)) present.push({ index, value });
    else missing.push(index);
  });
  present.sort((a, b) => a.value - b.value);
  const bins: number[][] = Array.from({ length: nBins }, () => []);
  let bin = 0;
  present.forEach(({ index, value }, rank) => {
    if (rank === 0 || value !== present[rank - 1].value) bin = Math.floor((rank * nBins) / present.length);
    bins[bin].push(index);
  });
  return [...bins, missing].filter((b) => b.length > 0);
}
