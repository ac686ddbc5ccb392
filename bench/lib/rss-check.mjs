// Peak-RSS regression check: every peak RSS figure a bench wrote, named by where it sits in its result, against the
// committed baselines in bench/baselines.json (issue 17: no side may use more than 10 % more memory than before).

/** How much above its baseline a peak RSS may be before it counts as a regression (issue 17: 10 %). */
export const RSS_TOLERANCE = 0.1;

/**
 * A figure is a measured peak RSS when its key says so (`peakRssMb`, `peakTreeRssMb`, `importPeakRssMb`, ...);
 * `maxPeakRssMb` is a goal, `peakRss` alone a ratio. Goals and the single runs of a best-of-N repeat are skipped: the
 * repeat's chosen run is already recorded beside them.
 */
const IS_RSS_KEY = /^(?!max)\w*[pP]eak\w*RssMb$/;
const SKIPPED_SUBTREES = new Set(['goal', 'allRuns']);

/**
 * The name an array element goes by in a figure's path: what tells it from its siblings (a model, a data set, an
 * architecture), so that a path survives a reordering of the array; its index when it carries no such field.
 */
export function elementName(element, index) {
  if (element === null || typeof element !== 'object') return String(index);
  if (typeof element.name === 'string') return element.name;
  const parts = [element.dataset ?? element.kind, element.model, element.peer].filter((p) => typeof p === 'string');
  if (parts.length > 0) return parts.join(' ');
  if (Array.isArray(element.hiddenLayerSizes)) return `hidden ${element.hiddenLayerSizes.join(',')}`;
  return String(index);
}

/** Every peak RSS figure in a result, as `{ 'sets.tabular.airlock.peakRssMb': 660.6, ... }` (MB, finite only). */
export function peakRssFigures(result) {
  const figures = {};
  const walk = (value, path) => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, elementName(v, i)]));
    else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (SKIPPED_SUBTREES.has(key)) continue;
        if (IS_RSS_KEY.test(key)) {
          if (typeof v === 'number' && Number.isFinite(v)) figures[[...path, key].join('.')] = v;
        } else walk(v, [...path, key]);
      }
    }
  };
  walk(result, []);
  return figures;
}

/**
 * Each figure against its baseline: 'regressed' above baseline x (1 + tolerance), 'ok' otherwise, 'new' without a
 * baseline; and each baseline the run did not measure, as 'not measured' (a side that stopped recording its memory
 * must not pass unnoticed). Sorted regressions first.
 */
export function compareRss(baseline, figures, tolerance = RSS_TOLERANCE) {
  const rows = Object.entries(figures).map(([key, mb]) => {
    const base = baseline[key];
    if (base === undefined) return { key, mb, baselineMb: null, ratio: null, status: 'new' };
    const ratio = mb / base;
    return { key, mb, baselineMb: base, ratio, status: ratio > 1 + tolerance ? 'regressed' : 'ok' };
  });
  for (const [key, base] of Object.entries(baseline)) {
    if (!(key in figures)) rows.push({ key, mb: null, baselineMb: base, ratio: null, status: 'not measured' });
  }
  const order = { regressed: 0, 'not measured': 1, new: 2, ok: 3 };
  return rows.sort((a, b) => order[a.status] - order[b.status] || a.key.localeCompare(b.key));
}

/**
 * Baselines with the figures of the given results added where none was recorded yet; an existing baseline is never
 * raised here (accepting a rise is a deliberate edit of bench/baselines.json, with the reason in its commit).
 * `results` maps a result file's name (`import-quick`) to its parsed content.
 */
export function addMissingBaselines(baselines, results) {
  const next = Object.fromEntries(Object.entries(baselines).map(([name, figures]) => [name, { ...figures }]));
  for (const [name, result] of Object.entries(results)) {
    const figures = peakRssFigures(result);
    if (Object.keys(figures).length === 0) continue;
    const rounded = Object.fromEntries(Object.entries(figures).map(([k, mb]) => [k, Math.round(mb * 10) / 10]));
    next[name] = { ...rounded, ...next[name] };
  }
  return Object.fromEntries(Object.entries(next).sort(([a], [b]) => a.localeCompare(b)));
}
