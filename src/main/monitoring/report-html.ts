// The self-contained HTML drift report: one file with inline CSS and SVG, verdict first, readable offline in any browser without a script.
import { createHash } from 'node:crypto';
import type { DriftHistogram, DriftReport, DriftWindow, PerformanceFigure, ReportColumn } from '../../shared/monitoring';
import { clip, count, esc, num, offlineHtmlDocument, percent, plural, pValue } from './report-format';
import { CURRENT_COLOUR, ecdfSvg, heatmapSvg, histogramSvg, lineChartSvg, REFERENCE_COLOUR, SEVERITY_COLOURS, SEVERITY_STEPS, severityClass, severityGaugeSvg, timeAxis, type HeatmapRow, type LineSeries } from './report-svg';

/** Names listed inline (new categories, columns in a finding) before "and N more": the report's size must not follow the data's. */
const LIST_LIMIT = 10;
/** Drifted columns named on the first screen; the rest are a click away in the table, in the same order. */
const DRIFTED_CHIPS = 20;
/** Missing-rate lines drawn at most: more lines than this are unreadable; the verdict table has every column. */
const MISSING_LINES = 6;
const LINE_COLOURS = ['#2b6cb0', '#dd6b20', '#2f855a', '#805ad5', '#b83280', '#718096'];
const METRIC_NAMES: Record<PerformanceFigure['metric'], string> = { accuracy: 'accuracy', f1: 'F1', roc_auc: 'ROC AUC', rmse: 'RMSE', mae: 'MAE' };
/** Errors (RMSE, MAE) get worse upwards; the other metrics downwards. */
const lowerIsBetter = (metric: PerformanceFigure['metric']) => metric === 'rmse' || metric === 'mae';

/**
 * The one script: a link to a column (heatmap row, table row, chip) opens that column's folded section, as a click on
 * its summary would; browsers scroll to a closed <details> but do not open it. Everything reads without it. The
 * Content-Security-Policy allows this script by its hash and nothing else.
 */
const OPEN_LINKED_SECTION = `function openSection(hash){var d=hash&&document.getElementById(hash.slice(1));if(d&&d.tagName==='DETAILS')d.open=true;}
document.addEventListener('click',function(e){var a=e.target.closest&&e.target.closest('a');if(a)openSection(a.getAttribute('href'));});
openSection(location.hash);`;
const SCRIPT_HASH = createHash('sha256').update(OPEN_LINKED_SECTION).digest('base64');
/** No load of any kind, inline styles, and only the script above. */
const REPORT_CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'`;

/**
 * The report as one HTML document. Every string that came from data (column names, categories, dataset and model
 * names, labels) is escaped; nothing refers to a remote resource and a Content-Security-Policy forbids loading any
 * and any script but OPEN_LINKED_SECTION;
 * plots are inline SVG drawn from the report's aggregated histograms, so the size follows columns and windows, never rows.
 */
export function renderReportHtml(report: DriftReport): string {
  const order = columnOrder(report.columns);
  const body = [header(report), verdict(report, order), overTime(report, order), multivariate(report), prediction(report), verdictTable(report, order), columnSections(report, order), settings(report)];
  return offlineHtmlDocument({
    csp: REPORT_CSP,
    title: `Drift report: ${report.name}`,
    style: STYLE,
    main: body.filter((s) => s !== '').join('\n'),
    script: OPEN_LINKED_SECTION,
  });
}

/** Drifted columns first, most severe first; then the rest by severity; untested columns last; ties keep report order. */
export function columnOrder(columns: readonly ReportColumn[]): number[] {
  const rank = (c: ReportColumn) => (c.severity === null || Number.isNaN(c.severity) ? -1 : c.severity);
  return columns.map((_, i) => i).sort((a, b) => Number(columns[b].drift) - Number(columns[a].drift) || rank(columns[b]) - rank(columns[a]) || a - b);
}

function header(r: DriftReport): string {
  const facts = [
    ['Reference', `${esc(r.reference)} <span class="muted">(${plural(r.referenceRows, 'row')})</span>`],
    ['Current', `${esc(r.current)} <span class="muted">(${plural(r.currentRows, 'row')})</span>`],
    ...(r.model ? [['Model', esc(r.model)]] : []),
    ...(r.monitorId ? [['Monitor', esc(r.monitorId)]] : []),
    ['Created', `${esc(r.createdAt)} by ${esc(r.createdBy)}`],
    ['Report', `<code>${esc(r.id)}</code>`],
  ];
  return `<header>
<p class="kicker">Airlock drift report</p>
<h1>${esc(clip(r.name, 200))}</h1>
<dl class="facts">${facts.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl>
</header>`;
}

/** A column's name linking to its section; coloured by its drift severity, or plain where the colour would mean something else. */
function columnLink(r: DriftReport, i: number, extra = '', tone: 'severity' | 'plain' = 'plain'): string {
  const c = r.columns[i];
  return `<a class="chip ${tone === 'severity' ? severityClass(c.severity) : 'plain'}" href="#col-${i}" title="${esc(c.column)}">${esc(clip(c.column, 40))}${extra}</a>`;
}

/** The first screen: the dataset verdict in a sentence, the key figures, the drifted columns by severity, then everything else worth a look. */
function verdict(r: DriftReport, order: number[]): string {
  const tested = r.testedColumns;
  const but = r.datasetDrift ? '' : caveats(r);
  // a calm verdict with something else saying otherwise is amber, not green
  const state = tested === 0 ? 'none' : r.datasetDrift ? 'drift' : but ? 'caution' : 'ok';
  const headline = tested === 0 ? 'No column could be tested' : r.datasetDrift ? 'Dataset drift detected' : 'No dataset drift';
  const sentence =
    tested === 0
      ? 'No shared column had values on both sides, so no test ran; see the findings below.'
      : `${count(r.driftedColumns)} of ${plural(tested, 'tested column')} drifted (${percent(r.share)}); this report calls dataset drift at ${percent(r.driftShare)} or more.`;
  const cards: string[] = [card('Drifted columns', `${count(r.driftedColumns)} / ${count(tested)}`, percent(r.share), r.driftedColumns > 0 ? 'bad' : 'good')];
  if (r.multivariate) {
    const m = r.multivariate;
    cards.push(card('Multivariate (domain classifier)', `AUC ${num(m.auc, 3)}`, `${m.drift ? 'drift' : 'no drift'}; ${num(m.baselineMean, 3)} with labels shuffled`, m.drift ? 'bad' : 'good'));
  }
  if (r.prediction) {
    const p = r.prediction;
    cards.push(card('Prediction drift', p.drift.drift ? 'Yes' : 'No', `${p.output === 'label' ? 'predicted label' : 'predicted value'}, ${esc(p.drift.test ?? 'no test')}`, p.drift.drift ? 'bad' : 'good'));
    if (p.cbpe) cards.push(card('Estimated accuracy (CBPE)', num(p.cbpe.estimated, 3), `reference ${num(p.cbpe.reference, 3)}${p.cbpe.realised !== null ? `, realised ${num(p.cbpe.realised, 3)}` : ''}`, p.cbpe.warning ? 'warn' : 'plain'));
    if (p.performance) cards.push(card(`Realised ${METRIC_NAMES[p.performance.metric]}`, num(p.performance.current, 3), `reference ${num(p.performance.reference, 3)} (${signed(p.performance.delta)})`, p.performance.drift ? 'bad' : 'good'));
  }
  if (r.windows) {
    const filled = r.windows.filter((w) => !w.empty);
    const drifted = filled.filter((w) => w.datasetDrift).length;
    cards.push(card('Windows with dataset drift', `${count(drifted)} / ${count(filled.length)}`, r.windows.length > filled.length ? `${plural(r.windows.length - filled.length, 'empty window')} not counted` : 'every window has rows', drifted > 0 ? 'bad' : 'good'));
  }
  const drifted = order.filter((i) => r.columns[i].drift);
  const chips = drifted.slice(0, DRIFTED_CHIPS).map((i) => columnLink(r, i, ` <span class="sev">${num(r.columns[i].severity, 3)}</span>`, 'severity'));
  if (drifted.length > DRIFTED_CHIPS) chips.push(`<a href="#columns-table">and ${count(drifted.length - DRIFTED_CHIPS)} more in the verdict table</a>`);
  const driftedList = drifted.length > 0 ? `<p class="label">Drifted columns, most severe first</p><p class="chips">${chips.join(' ')}</p>` : '';
  return `<section id="verdict" class="verdict ${state}">
<h2 class="headline">${headline}</h2>
<p class="sentence">${sentence}</p>
${but}
<div class="cards">${cards.join('')}</div>
${driftedList}
${findings(r, order)}
</section>`;
}

/** When the columns' share says no drift, what else in the report says otherwise: a calm headline must not hide it. */
function caveats(r: DriftReport): string {
  const items: string[] = [];
  if (r.multivariate?.drift) items.push(`the domain classifier tells current from reference rows apart (AUC ${num(r.multivariate.auc, 3)}): the columns may have shifted together`);
  if (r.prediction?.drift.drift) items.push("the model's predictions drifted");
  if (r.prediction?.performance?.drift) items.push(`the model's realised ${METRIC_NAMES[r.prediction.performance.metric]} got worse (${num(r.prediction.performance.reference, 3)} → ${num(r.prediction.performance.current, 3)})`);
  const windows = r.windows?.filter((w) => w.datasetDrift) ?? [];
  if (windows.length > 0) items.push(`${plural(windows.length, 'window')} ${windows.length === 1 ? 'has' : 'have'} dataset drift on ${windows.length === 1 ? 'its' : 'their'} own`);
  return items.length === 0 ? '' : `<p class="caveat"><b>But</b> ${items.join('; ')}.</p>`;
}

function card(title: string, value: string, note: string, tone: 'good' | 'bad' | 'warn' | 'plain'): string {
  return `<div class="card ${tone}"><div class="card-title">${title}</div><div class="card-value">${value}</div><div class="card-note">${note}</div></div>`;
}

function signed(x: number): string {
  return x > 0 ? `+${num(x, 3)}` : num(x, 3);
}

/** Names as escaped text, the first LIST_LIMIT of them, then how many more. */
function names(list: readonly string[], limit = LIST_LIMIT): string {
  const shown = list.slice(0, limit).map((n) => `<code>${esc(clip(n, 60))}</code>`);
  return shown.join(', ') + (list.length > limit ? ` and ${count(list.length - limit)} more` : '');
}

function linkList(r: DriftReport, indices: number[], extra: (i: number) => string): string {
  const shown = indices.slice(0, LIST_LIMIT).map((i) => columnLink(r, i, extra(i)));
  return shown.join(' ') + (indices.length > LIST_LIMIT ? ` <span class="muted">and ${count(indices.length - LIST_LIMIT)} more</span>` : '');
}

/** What Evidently's verdict leaves out and a reader should still see: null-rate drift, new categories, values past the reference range, columns not compared. */
function findings(r: DriftReport, order: number[]): string {
  const items: string[] = [];
  // each finding lists its largest cases first; ties keep the verdict's order
  const where = (pick: (c: ReportColumn) => boolean, size: (c: ReportColumn) => number = () => 0) => order.filter((i) => pick(r.columns[i])).sort((a, b) => size(r.columns[b]) - size(r.columns[a]));
  const missing = where((c) => c.missingDrift, (c) => Math.abs((c.missingCur ?? 0) - (c.missingRef ?? 0)));
  if (missing.length > 0) items.push(`<li><b>Missing values changed</b> in ${plural(missing.length, 'column')}: ${linkList(r, missing, (i) => ` <span class="sev">${percent(r.columns[i].missingRef)} → ${percent(r.columns[i].missingCur)}</span>`)}</li>`);
  const fresh = where((c) => c.newCategoryCount > 0, (c) => c.newCategoryCount);
  if (fresh.length > 0) items.push(`<li><b>Categories never seen in the reference</b> in ${plural(fresh.length, 'column')}: ${linkList(r, fresh, (i) => ` <span class="sev">${count(r.columns[i].newCategoryCount)} new</span>`)}</li>`);
  const outside = where((c) => outOfRangeTotal(c) > 0, outOfRangeTotal);
  if (outside.length > 0) items.push(`<li><b>Values outside the reference range</b> in ${plural(outside.length, 'column')}: ${linkList(r, outside, (i) => ` <span class="sev">${plural(outOfRangeTotal(r.columns[i]), 'value')}</span>`)}</li>`);
  const skipped = where((c) => c.skipped !== null);
  if (skipped.length > 0) items.push(`<li><b>Not tested</b>: ${skipped.slice(0, LIST_LIMIT).map((i) => `${columnLink(r, i)} <span class="muted">${esc(r.columns[i].skipped ?? '')}</span>`).join('; ')}${skipped.length > LIST_LIMIT ? `; and ${count(skipped.length - LIST_LIMIT)} more` : ''}</li>`);
  if (r.onlyInReference.length > 0) items.push(`<li><b>Only in the reference</b> (not compared): ${names(r.onlyInReference)}</li>`);
  if (r.onlyInCurrent.length > 0) items.push(`<li><b>Only in the current data</b> (not compared): ${names(r.onlyInCurrent)}</li>`);
  const timestamps = r.timestampColumns ?? [];
  if (timestamps.length > 0) items.push(`<li><b>Timestamps</b> (not compared: later data lies later; name one in the report's columns to test it): ${names(timestamps)}</li>`);
  if (r.incompatible.length > 0) {
    const shown = r.incompatible.slice(0, LIST_LIMIT).map((c) => `<code>${esc(clip(c.column, 60))}</code> (${esc(c.reference)} → ${esc(c.current)})`);
    items.push(`<li><b>Type changed</b> (not compared): ${shown.join(', ')}${r.incompatible.length > LIST_LIMIT ? ` and ${count(r.incompatible.length - LIST_LIMIT)} more` : ''}</li>`);
  }
  if (r.multivariateSkipped) items.push(`<li><b>Multivariate check skipped</b>: ${esc(r.multivariateSkipped)}</li>`);
  if (r.prediction?.cbpe?.warning) items.push(`<li class="warn"><b>Performance estimate may mislead</b>: ${esc(r.prediction.cbpe.warning)}</li>`);
  return items.length === 0 ? '' : `<p class="label">Also worth a look</p><ul class="findings">${items.join('')}</ul>`;
}

function outOfRangeTotal(c: ReportColumn): number {
  return c.outOfRange === null ? 0 : c.outOfRange.below + c.outOfRange.above;
}

/** Drift over the windows: share line, heatmap, missing rates, performance; all on one time axis so a window lines up everywhere. */
function overTime(r: DriftReport, order: number[]): string {
  const windows = r.windows;
  if (!windows || windows.length === 0) return '';
  const axis = timeAxis(windows.map((w) => w.label));
  const byName = windows.map((w) => new Map(w.columns.map((c) => [c.column, c])));
  const parts: string[] = [`<section id="over-time"><h2>Over time <span class="muted">(${plural(windows.length, 'window')}, ${esc(windowKind(r))})</span></h2>`];
  const unwindowed = r.unwindowedRows ?? 0;
  if (unwindowed > 0) {
    const column = r.request.window?.kind === 'time' ? ` in <code>${esc(clip(r.request.window.column, 60))}</code>` : '';
    parts.push(`<p class="warnbox">${plural(unwindowed, 'current row')} (${percent(unwindowed / Math.max(1, r.currentRows))}) ${unwindowed === 1 ? 'has' : 'have'} no timestamp${column}: ${unwindowed === 1 ? 'it is' : 'they are'} part of the whole-report comparison but of no window.</p>`);
  }
  parts.push(`<h3>Share of drifted columns per window</h3>`);
  parts.push(
    lineChartSvg(axis, {
      label: 'Share of drifted columns per window',
      series: [{ name: 'drifted share', colour: '#c53030', values: windows.map((w) => (w.empty ? null : w.share)), marked: windows.map((w) => w.datasetDrift) }],
      yMin: 0,
      yMax: 1,
      format: percent,
      threshold: { value: r.driftShare, label: `dataset drift at ${percent(r.driftShare)}` },
    }),
  );
  parts.push(`<h3>Severity per column and window</h3><p class="note">Each cell is the column's test in that window against the whole reference; hover for the figures, click a row for its histograms.</p>`);
  const rows: HeatmapRow[] = order.map((i) => {
    const name = r.columns[i].column;
    return {
      index: i,
      column: name,
      cells: windows.map((w, k) => {
        const c = byName[k].get(name);
        // names are clipped here: a cell's tooltip repeats its column's name once per window
        const where = `${clip(name, 40)} · ${clip(w.label, 40)}`;
        if (w.empty || !c) return { severity: null, empty: w.empty, title: `${where}: ${w.empty ? 'empty window' : 'no result'}` };
        return { severity: c.severity, empty: false, title: `${where}: ${cellText(c)}` };
      }),
    };
  });
  parts.push(heatmapSvg(axis, rows), severityLegend());
  const missing = missingSeries(r, order, byName);
  if (missing.series.length > 0) {
    parts.push(`<h3>Missing values per window</h3>`);
    parts.push(lineChartSvg(axis, { label: 'Share of missing values per window', series: missing.series, yMin: 0, format: percent }));
    if (missing.omitted > 0) parts.push(`<p class="note">${plural(missing.omitted, 'more column')} with missing values ${missing.omitted === 1 ? 'is' : 'are'} left out of the plot; the verdict table lists every column.</p>`);
  }
  const perf = performanceSeries(r, windows);
  if (perf) parts.push(`<h3>Model performance per window</h3>`, perf);
  parts.push(windowTable(r, windows), '</section>');
  return parts.join('\n');
}

function windowKind(r: DriftReport): string {
  const w = r.request.window;
  if (!w) return 'windows';
  if (w.kind === 'chunk') return `chunks of ${plural(w.size, 'row')}`;
  if (w.kind === 'versions') return 'one per dataset version';
  return w.unit === 'custom' ? `${num(w.days ?? null)}-day windows on ${w.column}` : `by ${w.unit} on ${w.column}`;
}

function cellText(c: { test: string | null; statistic: number | null; pValue: number | null; drift: boolean; severity: number | null; skipped: string | null }): string {
  if (c.skipped) return `not tested: ${c.skipped}`;
  return `${c.test ?? 'no test'} ${num(c.statistic)}${c.pValue !== null ? `, p ${pValue(c.pValue)}` : ''}; severity ${num(c.severity, 3)}; ${c.drift ? 'DRIFT' : 'no drift'}`;
}

/** The columns whose missing share ever moves from zero, highest peak first, capped at MISSING_LINES lines. */
function missingSeries(r: DriftReport, order: number[], byName: Map<string, DriftWindow['columns'][number]>[]): { series: LineSeries[]; omitted: number } {
  const candidates = order
    .map((i) => {
      const name = r.columns[i].column;
      const values = byName.map((m) => m.get(name)?.missingCur ?? null);
      const peak = Math.max(r.columns[i].missingRef ?? 0, ...values.map((v) => v ?? 0));
      return { name, values, peak, reference: r.columns[i].missingRef };
    })
    .filter((c) => c.peak > 0)
    .sort((a, b) => b.peak - a.peak);
  const series = candidates.slice(0, MISSING_LINES).map((c, k) => ({ name: `${clip(c.name, 24)} (reference ${percent(c.reference)})`, colour: LINE_COLOURS[k % LINE_COLOURS.length], values: c.values }));
  return { series, omitted: Math.max(0, candidates.length - MISSING_LINES) };
}

function performanceSeries(r: DriftReport, windows: DriftWindow[]): string | null {
  const estimated = windows.map((w) => w.estimatedPerformance);
  const realised = windows.map((w) => w.realisedPerformance);
  if (![...estimated, ...realised].some((v) => v !== null)) return null;
  const figure = r.prediction?.cbpe?.metric ?? r.prediction?.performance?.metric ?? null;
  const metric = figure ? METRIC_NAMES[figure] : 'performance';
  const reference = r.prediction?.cbpe?.reference ?? r.prediction?.performance?.reference ?? null;
  const series: LineSeries[] = [];
  if (estimated.some((v) => v !== null)) series.push({ name: `estimated ${metric} (CBPE)`, colour: '#805ad5', values: estimated });
  if (realised.some((v) => v !== null)) series.push({ name: `realised ${metric}`, colour: '#2f855a', values: realised, dashed: true, joinGaps: true });
  const bounded = figure === null || !lowerIsBetter(figure);
  const chart = lineChartSvg(timeAxis(windows.map((w) => w.label)), {
    label: `Model ${metric} per window`,
    series,
    yMin: bounded ? undefined : 0,
    format: (v) => num(v, 3),
    threshold: reference === null ? undefined : { value: reference, label: `reference ${metric} ${num(reference, 3)}` },
  });
  const assumptions = r.prediction?.cbpe ? `<p class="note">${esc(r.prediction.cbpe.assumptions)}</p>` : '';
  return chart + assumptions;
}

function windowTable(r: DriftReport, windows: DriftWindow[]): string {
  const model = r.model !== null;
  const head = ['Window', 'Rows', 'Drifted share', 'Dataset drift', 'Drifted columns, most severe first', ...(model ? ['Estimated', 'Realised', 'Prediction drift'] : [])];
  const rows = windows.map((w) => {
    const span = w.start && w.end ? `<span class="type">${esc(instant(w.start))} to ${esc(instant(w.end))} (excluded)</span>` : w.version !== null ? `<span class="type">version ${w.version}</span>` : '';
    const drifted = w.columns.filter((c) => c.drift).sort((a, b) => (b.severity ?? 0) - (a.severity ?? 0));
    const cells = [
      `${esc(clip(w.label, 60))}${span}`,
      count(w.rows),
      w.empty ? '<span class="muted">empty</span>' : percent(w.share),
      w.empty ? '–' : verdictBadge(w.datasetDrift),
      drifted.length === 0 ? '–' : names(drifted.map((c) => c.column), 3),
      ...(model ? [num(w.estimatedPerformance, 3), num(w.realisedPerformance, 3), w.predictionDrift === null ? '–' : verdictBadge(w.predictionDrift)] : []),
    ];
    return `<tr>${cells.map((c, k) => `<td${k > 0 && k !== 4 ? ' class="n"' : ''}>${c}</td>`).join('')}</tr>`;
  });
  return `<details class="windows"><summary>Every window in a table</summary><table><thead><tr>${head.map((h, k) => `<th${k > 0 && k !== 4 ? ' class="n"' : ''}>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></details>`;
}

/** An ISO instant as a date when it is midnight UTC (calendar windows), else date and time in UTC. */
function instant(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::00(?:\.000)?)?Z$/.exec(iso);
  if (!m) return iso;
  return m[2] === '00:00' ? m[1] : `${m[1]} ${m[2]} UTC`;
}

function severityLegend(): string {
  const steps = SEVERITY_STEPS.map((s, k) => `<span class="sw"><i class="sev${k}"></i>${esc(s.label)}</span>`);
  return `<p class="legend">Severity (1 = the test's threshold): ${steps.join('')}<span class="sw"><i class="sev-na"></i>not tested</span><span class="sw"><i class="sev-empty"></i>empty window</span></p>`;
}

function verdictBadge(drift: boolean): string {
  return drift ? '<span class="badge bad">drift</span>' : '<span class="badge good">no drift</span>';
}

function multivariate(r: DriftReport): string {
  const m = r.multivariate;
  if (!m) return '';
  const features = m.topFeatures.slice(0, 10);
  const top = Math.max(...features.map((f) => f.importance), 1e-12);
  const bars = features.map((f) => `<tr><td><code>${esc(clip(f.feature, 50))}</code></td><td class="barcell"><span class="bar" style="width:${(100 * Math.max(0, f.importance)) / top}%"></span></td><td class="n">${num(f.importance, 3)}</td></tr>`).join('');
  return `<section id="multivariate"><h2>Multivariate drift ${verdictBadge(m.drift)}</h2>
<p>A classifier (${esc(m.model)}) trained to tell current rows from reference rows reached <b>ROC AUC ${num(m.auc, 3)}</b> on held-out folds (${plural(m.rowsPerSide, 'row')} sampled per side). With the side labels shuffled it reached ${num(m.baselineMean, 3)} on average and ${num(m.baselineUpper, 3)} at the 95th percentile over ${plural(m.permutations, 'permutation')}; p = ${pValue(m.pValue)}. AUC near 0.5 means the two sides cannot be told apart; this check catches shifts in how columns move together that no single column shows.</p>
${features.length > 0 ? `<table class="features"><thead><tr><th>Feature the classifier leaned on</th><th></th><th class="n">Importance</th></tr></thead><tbody>${bars}</tbody></table>` : ''}
</section>`;
}

function prediction(r: DriftReport): string {
  const p = r.prediction;
  if (!p) return '';
  const d = p.drift;
  const parts = [`<section id="prediction"><h2>Predictions of ${esc(p.model)}</h2>`];
  parts.push(`<div class="pair"><div><h3>Prediction drift ${verdictBadge(d.drift)}</h3><p>The model's ${p.output === 'label' ? 'predicted labels' : 'predicted values'} on both sides, tested like a column: ${esc(cellText(d))}.</p>${d.histogram ? histogramSvg(d.histogram, 'predictions') : ''}</div>`);
  const right: string[] = [];
  if (p.cbpe) {
    const c = p.cbpe;
    right.push(`<h3>Estimated ${esc(c.metric)} without labels (CBPE)</h3><div class="estimate"><div class="big">${num(c.estimated, 3)}</div><p class="assumptions"><b>Assumptions:</b> ${esc(c.assumptions)}</p></div>`);
    right.push(`<p>Reference realised ${esc(c.metric)}: ${num(c.reference, 3)}${c.realised !== null ? `; realised on the current data: ${num(c.realised, 3)}` : '; the current data has no labels to check it against'}. Calibration error on the reference (ECE, 10 bins): ${num(c.calibrationError, 3)}.</p>`);
    if (c.warning) right.push(`<p class="warnbox">${esc(c.warning)}</p>`);
  }
  if (p.performance) {
    const f = p.performance;
    const bound = lowerIsBetter(f.metric) ? '95th' : '5th';
    right.push(`<h3>Realised ${METRIC_NAMES[f.metric]} ${verdictBadge(f.drift)}</h3><table class="kv"><tbody><tr><th>Reference</th><td class="n">${num(f.reference, 4)}</td></tr><tr><th>Current</th><td class="n">${num(f.current, 4)}</td></tr><tr><th>Change</th><td class="n">${signed(f.delta)}</td></tr>${f.lowerBound !== null ? `<tr><th>Bound: reference bootstrap ${bound} percentile</th><td class="n">${num(f.lowerBound, 4)}</td></tr>` : ''}</tbody></table><p class="note">Label column: <code>${esc(p.label ?? '–')}</code>.</p>`);
  } else {
    right.push(`<p class="note">No realised performance: ${p.label ? `the current data has no <code>${esc(p.label)}</code> column` : 'no label column was given or found'}.</p>`);
  }
  parts.push(`<div>${right.join('')}</div></div></section>`);
  return parts.join('');
}

// headers may wrap (the table must fit a laptop screen); a non-breaking hyphen keeps p-value whole
const TABLE_HEAD = ['Column and type', 'Test', 'Statistic', 'p&#8209;value', 'Threshold', 'Verdict', 'Severity', 'Missing', 'New categories', 'Out of range'];
/** Table cells holding figures: right-aligned so digits line up. */
const NUMERIC_CELLS = new Set([2, 3, 4, 6, 7, 8, 9]);

function verdictTable(r: DriftReport, order: number[]): string {
  const rows = order.map((i) => {
    const c = r.columns[i];
    const band = c.referenceBand ? `reference band ${num(c.referenceBand.lower, 3)}–${num(c.referenceBand.upper, 3)}` : 'no reference band';
    const missing = `<span${c.missingDrift ? ' class="changed" title="the share of missing values changed (p < 0.05)"' : ''}>${percent(c.missingRef)} → ${percent(c.missingCur)}</span>`;
    const verdictCell = c.skipped ? `<span class="badge none" title="${esc(c.skipped)}">not tested</span>` : verdictBadge(c.drift);
    const cells = [
      `<a href="#col-${i}" title="${esc(c.column)}">${esc(clip(c.column, 24))}</a> <span class="type">${esc(c.type)}</span>`,
      esc(c.test ?? '–'),
      num(c.statistic),
      pValue(c.pValue),
      num(c.threshold),
      verdictCell,
      `<span title="${band}">${severityGaugeSvg(c.severity, c.referenceBand)} ${num(c.severity, 3)}</span>`,
      missing,
      c.newCategoryCount > 0 ? count(c.newCategoryCount) : '–',
      c.outOfRange ? `${count(c.outOfRange.below)} / ${count(c.outOfRange.above)}` : '–',
    ];
    return `<tr class="${c.drift ? 'drifted' : ''}">${cells.map((v, k) => `<td${NUMERIC_CELLS.has(k) ? ' class="n"' : k === 0 ? ' class="name"' : ''}>${v}</td>`).join('')}</tr>`;
  });
  return `<section id="columns-table"><h2>Verdict per column</h2>
<p class="note">Severity puts every test on one scale: 1 is the test's threshold and 1 or more is drift (distances: statistic / threshold; p-value tests: log p / log threshold). The gauge shades the band the reference reaches against itself, split into chunks: a severity inside it is within the reference's own variation. Missing: the share of empty cells, reference → current (red when the change is significant). Out of range: current values below / above the reference's smallest and largest.</p>
<div class="scroll"><table class="verdicts"><thead><tr>${TABLE_HEAD.map((h, k) => `<th${NUMERIC_CELLS.has(k) ? ' class="n"' : ''}>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>
</section>`;
}

function columnSections(r: DriftReport, order: number[]): string {
  if (order.length === 0) return '';
  const sections = order.map((i) => columnSection(r.columns[i], i, r.windows));
  return `<section id="columns"><h2>Distributions per column</h2><p class="note">Reference in <span class="ref">blue</span>, current in <span class="cur">orange</span>, each as a share of its own rows on bins both sides share. Drifted columns are open; click any other to expand it.</p>
${sections.join('\n')}
</section>`;
}

function columnSection(c: ReportColumn, i: number, windows: DriftWindow[] | null): string {
  const facts: [string, string][] = [
    ['Type', esc(c.type)],
    ['Test', c.test ? `${esc(c.test)}, threshold ${num(c.threshold)}` : '–'],
    ['Statistic', num(c.statistic)],
    ...(c.pValue !== null ? ([['p-value', pValue(c.pValue)]] as [string, string][]) : []),
    ['Severity', `${num(c.severity, 3)}${c.referenceBand ? ` <span class="muted">(reference band ${num(c.referenceBand.lower, 3)}–${num(c.referenceBand.upper, 3)})</span>` : ''}`],
    ['Missing', `${percent(c.missingRef)} → ${percent(c.missingCur)}${c.missingPValue !== null && c.missingRef !== c.missingCur ? ` <span class="muted">(${c.missingDrift ? 'changed' : 'no significant change'}, p ${pValue(c.missingPValue)})</span>` : ''}`],
  ];
  if (c.outOfRange) facts.push(['Outside reference range', `${count(c.outOfRange.below)} below, ${count(c.outOfRange.above)} above`]);
  if (c.newCategoryCount > 0) facts.push([`New categories (${count(c.newCategoryCount)})`, names(c.newCategories) + (c.newCategoryCount > c.newCategories.length ? ` <span class="muted">(the ${count(c.newCategories.length)} most frequent of ${count(c.newCategoryCount)})</span>` : '')]);
  if (c.skipped) facts.push(['Not tested', esc(c.skipped)]);
  const plot = c.histogram ? histogramPlot(c.histogram, c.column) : '<p class="muted">No histogram: a side has no values.</p>';
  const badge = c.skipped ? '<span class="badge none">not tested</span>' : verdictBadge(c.drift);
  return `<details id="col-${i}" class="col"${c.drift ? ' open' : ''}><summary>${badge} <b>${esc(clip(c.column, 80))}</b> <span class="muted">${esc(c.type)} · ${esc(cellText(c))}</span></summary>
<div class="colbody"><div class="plotbox">${plot}</div><dl class="kv">${facts.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl></div>${c.drift && windows ? windowPlots(c.column, windows) : ''}</details>`;
}

/**
 * For a drifted column of a report over time: its histograms in the newest window and in the window where it drifted
 * most (one plot when they are the same). Only these two, only for drifted columns: a plot per window and column would
 * make the file grow with the windows times the columns.
 */
function windowPlots(column: string, windows: DriftWindow[]): string {
  const results = windows.flatMap((w) => {
    const result = w.empty ? undefined : w.columns.find((x) => x.column === column);
    return result?.histogram ? [{ w, result, histogram: result.histogram }] : [];
  });
  if (results.length === 0) return '';
  const latest = results[results.length - 1];
  const worst = results.reduce((a, b) => ((b.result.severity ?? -1) > (a.result.severity ?? -1) ? b : a));
  const picked = worst === latest ? [{ what: 'Newest window, and its most severe', ...latest }] : [{ what: 'Most severe window', ...worst }, { what: 'Newest window', ...latest }];
  const plots = picked.map((p) => `<figure class="window-plot">${histogramSvg(p.histogram, column, { caption: `${p.what}: ${p.w.label}` })}<figcaption>severity ${num(p.result.severity, 3)} · ${p.result.drift ? '<b class="drift-word">drift</b>' : 'no drift'} · ${plural(p.w.rows, 'row')}</figcaption></figure>`);
  return `<div class="windowplots">${plots.join('')}</div>`;
}

/** The column's histogram; for numbers also its cumulative shares, where a shift in location reads at a glance. */
function histogramPlot(h: DriftHistogram, column: string): string {
  return `<figure class="column-plot">${histogramSvg(h, column)}</figure>${h.kind === 'numeric' ? `<figure class="ecdf-plot">${ecdfSvg(h, column)}</figure>` : ''}`;
}

/** The request as run, so a reader can rerun it: drift share, tests, window, columns. */
function settings(r: DriftReport): string {
  const q = r.request;
  const tests = Object.entries(q.tests ?? {});
  const rows: [string, string][] = [
    ['Dataset drift at', `${percent(q.driftShare)} of tested columns or more`],
    ['Columns', q.columns ? names(q.columns) : 'every column both sides share'],
    ['Tests', tests.length > 0 ? tests.slice(0, LIST_LIMIT).map(([col, t]) => `<code>${esc(clip(col, 60))}</code>: ${esc(t.test)}${t.threshold !== undefined ? ` at ${num(t.threshold)}` : ''}`).join(', ') + (tests.length > LIST_LIMIT ? ` and ${count(tests.length - LIST_LIMIT)} more` : '') : "automatic (Evidently's defaults)"],
    ['Windows', q.window ? esc(windowKind(r)) : 'none'],
    ['Multivariate check', q.multivariate ? 'requested' : 'off'],
    ...(q.label ? ([['Label column', `<code>${esc(q.label)}</code>`]] as [string, string][]) : []),
  ];
  return `<footer id="settings"><h2>How this report was made</h2><dl class="kv">${rows.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl>
<p class="note">Made by Airlock from stored report <code>${esc(r.id)}</code>. This file is self-contained: it loads nothing, and its one small script only opens a folded column when a link points at it. Its JSON twin holds the same figures; JSON cannot hold infinite or not-a-number values, so those are written as null there.</p></footer>`;
}

const STYLE = `
:root{--ink:#1a202c;--muted:#5a6473;--line:#e2e8f0;--bad:#c53030;--good:#2f855a;--warn:#b7791f;--ref:${REFERENCE_COLOUR};--cur:${CURRENT_COLOUR}}
*{box-sizing:border-box}
body{margin:0;background:#f7f8fa;color:var(--ink);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1100px;margin:0 auto;padding:24px 28px 48px;background:#fff;min-height:100vh}
h1{font-size:26px;margin:2px 0 10px;overflow-wrap:anywhere}
h2{font-size:19px;margin:34px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:15px;margin:20px 0 6px}
code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f1f3f6;padding:0 3px;border-radius:3px;overflow-wrap:anywhere}
a{color:#2b6cb0;text-decoration:none}a:hover{text-decoration:underline}
.kicker{margin:0;color:var(--muted);text-transform:uppercase;letter-spacing:.08em;font-size:11px}
.muted{color:var(--muted)}.note{color:var(--muted);font-size:12.5px;margin:4px 0 8px}
.facts{display:flex;flex-wrap:wrap;gap:4px 28px;margin:0}.facts div{display:flex;gap:6px}.facts dt{color:var(--muted)}.facts dd{margin:0;overflow-wrap:anywhere}
.verdict{margin-top:18px;padding:16px 20px;border-radius:8px;border:1px solid var(--line);border-left:8px solid #a0aec0}
.verdict.drift{border-left-color:var(--bad);background:#fff7f7}.verdict.ok{border-left-color:var(--good);background:#f5fbf7}.verdict.caution{border-left-color:var(--warn);background:#fffdf5}
.headline{border:0;margin:0;padding:0;font-size:24px}.drift .headline{color:var(--bad)}.ok .headline{color:var(--good)}.caution .headline{color:#975a16}
.sentence{font-size:15px;margin:4px 0 12px}.caveat{margin:-6px 0 12px;padding:4px 10px;border-left:4px solid var(--warn);background:#fffaf0}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0 12px}
.card{flex:1 1 140px;min-width:140px;padding:8px 12px;background:#fff;border:1px solid var(--line);border-top:4px solid #a0aec0;border-radius:6px}
.card.bad{border-top-color:var(--bad)}.card.good{border-top-color:var(--good)}.card.warn{border-top-color:var(--warn)}
.card-title{font-size:12px;color:var(--muted)}.card-value{font-size:22px;font-weight:650}.card-note{font-size:12px;color:var(--muted)}
.label{font-weight:600;margin:12px 0 4px}
.chips{margin:0;line-height:2}
.chip{display:inline-block;padding:0 8px;border-radius:11px;border:1px solid rgba(0,0,0,.12);color:#1a202c;font-size:13px;line-height:20px;margin:1px 0}
.chip.sev5,.chip.sev6,.chip.sev7{color:#fff}.chip.plain{background:#fff}
.chip .sev{font-size:11px;opacity:.85}
.findings{margin:0;padding-left:20px}.findings li{margin:3px 0}.findings .warn{color:#8a5a00}
.badge{display:inline-block;padding:0 7px;border-radius:9px;font-size:11.5px;font-weight:600;line-height:18px;vertical-align:1px}
.badge.bad{background:#fed7d7;color:#9b2c2c}.badge.good{background:#d7f0df;color:#22543d}.badge.none{background:#edf2f7;color:#4a5568}
table{border-collapse:collapse;width:100%;font-size:12.5px}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:middle}
th{font-weight:600;color:var(--muted);white-space:nowrap;position:sticky;top:0;background:#fff}
td.n,th.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
tr.drifted td:first-child{box-shadow:inset 3px 0 var(--bad)}
.scroll{overflow-x:auto}
.verdicts td.name{white-space:nowrap}.verdicts th{white-space:normal;vertical-align:bottom}.verdicts th,.verdicts td{padding:4px 6px}.type{display:block;font-size:11px;color:var(--muted);line-height:1.2}.changed{color:var(--bad);font-weight:600}.verdicts .badge{white-space:nowrap}
.gauge{vertical-align:middle}
.plot{display:block;max-width:100%;height:auto}
.plot text{font-size:10.5px;fill:#4a5568}.plot .lg{font-size:11.5px;fill:#1a202c}.plot .cat{font-size:11px;fill:#1a202c}.plot .cat.new{fill:var(--bad);font-weight:600}.plot .cat.other{font-style:italic}
.plot a:hover .cat{text-decoration:underline;fill:#2b6cb0}
.grid{stroke:#edf0f4}.axis{stroke:#a0aec0}.threshold{stroke:var(--bad);stroke-dasharray:5 3;stroke-width:1.4}.thr{fill:var(--bad)}
.band{fill:#cbd5e0}.dot{stroke:#1a202c;stroke-width:.8}
${SEVERITY_COLOURS.map((c, k) => `.sev${k}{fill:${c};background:${c}}`).join('')}
.sev-na{fill:#e2e8f0;background:#e2e8f0}.sev-empty{fill:#fff;background:#fff;stroke:#cbd5e0;stroke-dasharray:2 2}
.heat rect:hover{stroke:#1a202c;stroke-width:1.5}
.legend{font-size:12px;color:var(--muted);display:flex;flex-wrap:wrap;gap:4px 12px;align-items:center}
.legend .sw{display:inline-flex;align-items:center;gap:4px}.legend i{display:inline-block;width:14px;height:12px;border:1px solid #cbd5e0}
.legend i.sev-empty{border-style:dashed}
details.col{border:1px solid var(--line);border-radius:6px;margin:6px 0;padding:0 12px}
details.col[open]{padding-bottom:10px}
details.col>summary{cursor:pointer;padding:7px 0;overflow-wrap:anywhere}
details.col:target{outline:2px solid #2b6cb0}
.colbody{display:flex;flex-wrap:wrap;gap:8px 24px;align-items:flex-start}
.plotbox{flex:0 1 460px}.windowplots{display:flex;flex-wrap:wrap;gap:4px 24px;margin-top:6px;padding-top:6px;border-top:1px dashed var(--line)}.window-plot figcaption{font-size:12px;color:var(--muted);padding-left:46px}.drift-word{color:var(--bad)}.colbody .kv{flex:1 1 260px}
figure{margin:0}
.kv{margin:0}.kv div{display:flex;gap:8px;padding:2px 0;border-bottom:1px dotted var(--line)}.kv dt{flex:0 0 170px;color:var(--muted)}.colbody .kv dt{flex-basis:130px}.kv dd{margin:0;overflow-wrap:anywhere}
table.kv th{color:var(--muted);font-weight:normal;position:static}
.pair{display:flex;flex-wrap:wrap;gap:12px 32px}.pair>div{flex:1 1 440px;min-width:0}
.estimate{display:flex;gap:16px;align-items:flex-start;background:#faf5ff;border:1px solid #e9d8fd;border-radius:6px;padding:10px 14px}
.estimate .big{font-size:34px;font-weight:700;color:#553c9a;line-height:1.1}
.assumptions{margin:0;font-size:12.5px}
.warnbox{background:#fffaf0;border:1px solid #f6e05e;border-left:5px solid var(--warn);padding:6px 10px;border-radius:4px}
.features .barcell{width:45%}.bar{display:block;height:10px;background:#805ad5;border-radius:2px}
.ref{color:var(--ref);font-weight:600}.cur{color:var(--cur);font-weight:600}
details.windows{margin-top:14px}details.windows>summary{cursor:pointer;color:#2b6cb0}
footer{margin-top:34px}
@media print{body{background:#fff}main{max-width:none;padding:0}details.col{break-inside:avoid}th{position:static}}
`;
