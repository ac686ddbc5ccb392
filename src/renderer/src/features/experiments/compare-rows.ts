// The rows of a run comparison (attributes, params, metrics), which differ between the shown runs and which run is best
// at each metric: pure, so the table only draws them.
import type { RunComparison, RunDetail } from '../../../../shared/experiments';
import { lowerIsBetter } from '../../../../shared/study-metrics';
import { formatInstant } from '../../components/format';

export type Section = 'Run' | 'Params' | 'Metrics';

/** a row's values stay raw (metrics as numbers) and are formatted when the row is drawn: most rows never are */
export type CompareRow = { section: Section; key: string; values: (string | number | null)[]; differs: boolean; best: number | null };

/**
 * Every row of the comparison for the given runs (indices into c.runs), in sections: run attributes, then params,
 * then metrics, each sorted by key. A row differs when the shown runs' values differ (a value one run lacks counts).
 */
export function compareRows(c: RunComparison, shown: readonly number[]): CompareRow[] {
  const runs = shown.map((i) => c.runs[i]);
  const row = (section: Section, key: string, values: (string | number | null)[], best: number | null = null): CompareRow => ({
    section,
    key,
    values,
    differs: new Set(values).size > 1,
    best,
  });
  const attr = (key: string, pick: (r: RunDetail) => string) => row('Run', key, runs.map(pick));
  const rows: CompareRow[] = [
    attr('model_kind', (r) => r.modelKind ?? '—'),
    attr('dataset_version', (r) => r.datasetVersion ?? '—'),
    attr('target', (r) => r.target ?? '—'),
    attr('seed', (r) => String(r.seed ?? '—')),
    attr('status', (r) => r.status),
    attr('started_at', (r) => formatInstant(r.startedAt)),
  ];
  // keys come from the runs (an imported param may be named `constructor`): own properties only
  const paramKeys = [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort();
  for (const key of paramKeys) rows.push(row('Params', key, runs.map((r) => (Object.hasOwn(r.params, key) ? r.params[key] : null))));
  const metricKeys = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();
  for (const key of metricKeys) {
    const raw = runs.map((r) => (Object.hasOwn(r.metrics, key) ? r.metrics[key] : null));
    let target: number | null = null;
    let known = 0;
    const lower = lowerIsBetter(key);
    for (const v of raw) {
      if (v === null) continue;
      known += 1;
      if (target === null || (lower ? v < target : v > target)) target = v;
    }
    rows.push(row('Metrics', key, raw, known > 1 && target !== null ? raw.indexOf(target) : null));
  }
  return rows;
}
