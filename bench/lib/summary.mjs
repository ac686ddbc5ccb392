// The closing summary of `npm run bench`: for each bench its headline ratios, goal verdict, peak RSS per side and
// seconds, read from the result files it wrote (each bench keeps its own result shape; this reads them all).
import { elementName, peakRssFigures } from './rss-check.mjs';

/**
 * Ratio figures worth a headline: wall-time, throughput and speed ratios, under a `ratios` object or named `ratio` /
 * `*Ratio`. CPU, memory and accuracy ratios are in each result file; the summary keeps one line per bench.
 */
const isHeadlineRatio = (key, parentKey) => (parentKey === 'ratios' || key === 'ratio' || /Ratio$/.test(key)) && !/cpu|rss|accuracy|auc|points|agreement|perEpoch/i.test(key);
const CONTAINERS = new Set(['sets', 'results', 'comparisons', 'comparison', 'ratios']);

/** `[{ label, value }]` for each headline ratio of a result, labelled by the path that leads to it. */
export function headlineRatios(result) {
  const ratios = [];
  const walk = (value, path, parentKey) => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, elementName(v, i)], parentKey));
    else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (key === 'goal' || key === 'allRuns') continue;
        if (typeof v === 'number' && Number.isFinite(v) && isHeadlineRatio(key, parentKey)) {
          ratios.push({ label: [...path.filter((p) => !CONTAINERS.has(p)), key === 'ratio' ? '' : key].filter(Boolean).join(' '), value: v });
        } else walk(v, CONTAINERS.has(key) ? path : [...path, key], key);
      }
    }
  };
  walk(result, [], null);
  return ratios;
}

/**
 * 'met', 'missed' or 'not judged' (a side was skipped) from a result's verdict text (`verdict`, `comparison.verdict`,
 * or every comparison's), 'no goal' where the bench states none, '-' where it gives no verdict.
 */
export function goalVerdict(result) {
  const texts = [result.verdict, result.comparison?.verdict, ...(Array.isArray(result.comparisons) ? result.comparisons.map((c) => c.verdict) : [])].filter((t) => typeof t === 'string');
  if (texts.some((t) => /miss/i.test(t))) return 'missed';
  if (texts.some((t) => /not judged|skipped/i.test(t))) return 'not judged';
  if (texts.length > 0) return 'met';
  if (typeof result.goal === 'string' && /no target|no goal/i.test(result.goal)) return 'no goal';
  return '-';
}

/**
 * The side a peak RSS figure belongs to: the first step of its path that names a side of a comparison (Airlock or a
 * peer), else its first step (`cli`, `seed`, `ui`: parts of Airlock measured alone); a figure at the top of a result is
 * the bench's own process, which runs Airlock's code.
 */
export function sideOf(key) {
  const steps = key.split('.');
  if (steps.length === 1) return 'airlock';
  return steps.find((s) => /^(airlock|pandas|peers?|sklearn|bare|optuna|xgboost|python|scipy)$/i.test(s)) ?? steps[0];
}

/** The largest peak RSS of each side of a result, `{ airlock: 660.6, peers: 603.3 }`. */
export function peakRssBySide(result) {
  const sides = {};
  for (const [key, mb] of Object.entries(peakRssFigures(result))) {
    const side = sideOf(key);
    sides[side] = Math.max(sides[side] ?? 0, mb);
  }
  return sides;
}

/** A plain-text table, columns padded to their widest cell. */
export function formatTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
