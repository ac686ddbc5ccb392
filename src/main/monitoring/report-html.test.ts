import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { driftRequest, type DriftReport } from '../../shared/monitoring';
import { importDataset } from '../datasets/import-dataset';
import { quietProgress, tempProject } from '../datasets/test-project';
import { buildDriftReport } from './build-drift-report';
import { columnOrder, renderReportHtml } from './report-html';
import { sampleDriftReport } from './sample-drift-report';
import { driftCsv } from './test-drift-data';

const MARKUP_NAMES = ['<script>alert(1)</script>', '"><img src=x onerror=alert(2)>', "it's & <b>bold</b>", 'https://evil.example/x.png'];

/** Every tag the report itself writes: any other tag in the output came from data that escaped escaping. */
const OUR_TAGS = new Set(
  'html head meta title style body main header footer section h1 h2 h3 p b i span a code dl dt dd div ul li table thead tbody tr th td details summary figure figcaption script svg rect line text path circle g title'.split(' '),
);

/** Every attribute of every tag: escaped data holds no raw < or >, so a tag runs from < to the next >. */
function attributes(html: string): { tag: string; name: string; value: string }[] {
  const out: { tag: string; name: string; value: string }[] = [];
  for (const [, tag, body] of html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g)) {
    for (const [, name, value] of body.matchAll(/([^\s=/]+)(?:="([^"]*)")?/g)) out.push({ tag: tag.toLowerCase(), name: name.toLowerCase(), value: value ?? '' });
  }
  return out;
}

/** The page with its one script element cut out, and that script's text. */
function splitScript(html: string): { page: string; script: string } {
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)];
  expect(scripts).toHaveLength(1);
  return { page: html.replace(scripts[0][0], ''), script: scripts[0][1] };
}

function sectionIds(html: string): string[] {
  return [...html.matchAll(/<(?:section|header|footer)\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
}

function between(html: string, startId: string): string {
  const start = html.indexOf(`id="${startId}"`);
  const end = html.indexOf('</section>', start);
  return html.slice(start, end);
}

describe('renderReportHtml', () => {
  const report = sampleDriftReport({ columns: 12, windows: 6, referenceRows: 1500, currentRows: 1200, model: true });
  const html = renderReportHtml(report);

  it('opens with the dataset verdict, before the plots over time, the multivariate and prediction sections, the table and the distributions', () => {
    expect(sectionIds(html)).toEqual(['verdict', 'over-time', 'multivariate', 'prediction', 'columns-table', 'columns', 'settings']);
    const verdict = between(html, 'verdict');
    expect(verdict).toContain(report.datasetDrift ? 'Dataset drift detected' : 'No dataset drift');
    expect(verdict).toContain(`${report.driftedColumns} of ${report.testedColumns} tested columns drifted`);
  });

  it('says dataset drift when the report does, and no dataset drift when it does not', () => {
    const drifted = renderReportHtml({ ...report, datasetDrift: true });
    const calm = renderReportHtml({ ...report, datasetDrift: false, multivariate: null, prediction: null, windows: null });
    expect(between(drifted, 'verdict')).toMatch(/class="verdict drift"[\s\S]*Dataset drift detected/);
    expect(between(calm, 'verdict')).toMatch(/class="verdict ok"[\s\S]*No dataset drift/);
    // calm by the columns' share, but the domain classifier disagrees: amber, not green
    expect(between(renderReportHtml({ ...report, datasetDrift: false }), 'verdict')).toMatch(/class="verdict caution"[\s\S]*No dataset drift/);
    expect(calm).not.toContain('Dataset drift detected');
  });

  it('says what else disagrees with a calm headline: joint drift, prediction drift, worse performance, drifting windows', () => {
    const calm = between(renderReportHtml({ ...report, datasetDrift: false }), 'verdict');
    const caveat = calm.match(/<p class="caveat">[\s\S]*?<\/p>/)?.[0] ?? '';
    expect(caveat).toContain('the domain classifier tells current from reference rows apart (AUC 0.71)');
    expect(caveat).toContain("the model's realised accuracy got worse (0.874 → 0.81)");
    const drifting = (report.windows ?? []).filter((w) => w.datasetDrift).length;
    expect(caveat).toContain(drifting === 1 ? '1 window has dataset drift' : `${drifting} windows have dataset drift`);
    const quiet: DriftReport = { ...report, datasetDrift: false, multivariate: null, prediction: null, windows: null };
    expect(renderReportHtml(quiet)).not.toContain('class="caveat"');
    expect(renderReportHtml({ ...report, datasetDrift: true })).not.toContain('class="caveat"');
  });

  it('lists exactly the drifted columns in the verdict, most severe first', () => {
    const listed = [...between(html, 'verdict').split('Also worth a look')[0].matchAll(/href="#col-(\d+)"/g)].map((m) => Number(m[1]));
    const drifted = report.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.drift);
    expect(drifted.length).toBeGreaterThan(1);
    expect(new Set(listed)).toEqual(new Set(drifted.map(({ i }) => i)));
    const severities = listed.map((i) => report.columns[i].severity ?? -1);
    expect(severities).toEqual([...severities].sort((a, b) => b - a));
  });

  it('names at most 20 drifted columns on the first screen and links the rest to the table', () => {
    const many = sampleDriftReport({ columns: 30, windows: 0, referenceRows: 400, currentRows: 400, shiftEvery: 1 });
    expect(many.driftedColumns).toBe(30);
    const verdict = between(renderReportHtml(many), 'verdict').split('Also worth a look')[0];
    expect(verdict.match(/href="#col-\d+"/g)).toHaveLength(20);
    expect(verdict).toContain('<a href="#columns-table">and 10 more in the verdict table</a>');
  });

  it('orders columns drifted first by severity, then the rest by severity, untested last', () => {
    const base = report.columns[0];
    const columns = [
      { ...base, column: 'calm', drift: false, severity: 0.2 },
      { ...base, column: 'untested', drift: false, severity: null, skipped: 'no values' },
      { ...base, column: 'worst', drift: true, severity: Infinity },
      { ...base, column: 'near', drift: false, severity: 0.9 },
      { ...base, column: 'bad', drift: true, severity: 1.5 },
    ];
    expect(columnOrder(columns).map((i) => columns[i].column)).toEqual(['worst', 'bad', 'near', 'calm', 'untested']);
  });

  it('draws one histogram per column, each in the section its table row and heatmap row link to', () => {
    const plots = [...html.matchAll(/<details id="col-(\d+)"[\s\S]*?<\/details>/g)];
    expect(plots).toHaveLength(report.columns.length);
    for (const [section, index] of plots) {
      const column = report.columns[Number(index)];
      expect(section.match(/<figure class="column-plot"><svg/g)).toHaveLength(1);
      expect(section).toContain(`aria-label="${column.histogram?.kind === 'numeric' ? 'Histogram' : 'Category shares'} of ${column.column}`);
      expect(between(html, 'columns-table')).toContain(`href="#col-${index}"`);
      expect(between(html, 'over-time')).toContain(`href="#col-${index}"`);
    }
    // drifted columns open, the rest folded
    const open = plots.filter(([s]) => /^<details id="col-\d+" class="col" open>/.test(s)).map(([, i]) => Number(i));
    expect(open.sort()).toEqual(report.columns.flatMap((c, i) => (c.drift ? [i] : [])).sort());
  });

  it('shows a drifted column in its newest window and its most severe one, and no window plots for a column that did not drift', () => {
    const windows = (report.windows ?? []).filter((w) => !w.empty);
    const newest = windows[windows.length - 1];
    for (const [section, index] of html.matchAll(/<details id="col-(\d+)"[\s\S]*?<\/details>/g)) {
      const column = report.columns[Number(index)];
      const plots = [...section.matchAll(/<figure class="window-plot"><svg[^>]*aria-label="([^"]*)"/g)].map((m) => m[1]);
      if (!column.drift) {
        expect(plots).toEqual([]);
        continue;
      }
      const severities = windows.map((w) => w.columns.find((c) => c.column === column.column)?.severity ?? -1);
      const worst = windows[severities.indexOf(Math.max(...severities))];
      const expected = worst === newest ? [`Newest window, and its most severe: ${newest.label}`] : [`Most severe window: ${worst.label}`, `Newest window: ${newest.label}`];
      expect(plots).toEqual(expected.map((e) => `${column.histogram?.kind === 'numeric' ? 'Histogram' : 'Category shares'} of ${column.column}: reference and current, ${e}`));
    }
  });

  it('draws a heatmap cell for every column in every window, coloured by that window\'s severity', () => {
    const heat = html.match(/<svg[^>]*class="plot heat"[\s\S]*?<\/svg>/)?.[0] ?? '';
    const cells = [...heat.matchAll(/<rect [^>]*class="(sev[^"]*)"><title>([^<]*)<\/title>/g)];
    const windows = report.windows ?? [];
    expect(cells).toHaveLength(report.columns.length * windows.length);
    const emptyWindow = windows.findIndex((w) => w.empty);
    expect(emptyWindow).toBeGreaterThan(-1);
    const first = columnOrder(report.columns)[0];
    windows.forEach((w, k) => {
      const [, cls, title] = cells[k];
      if (w.empty) {
        expect(cls).toBe('sev-empty');
        expect(title).toContain('empty window');
        return;
      }
      const result = w.columns.find((c) => c.column === report.columns[first].column);
      expect(title).toContain(result?.drift ? 'DRIFT' : 'no drift');
      // a drifting cell is drawn in the warm half of the scale (sev4..sev7), any other in the pale half
      expect(cls).toMatch(result?.drift ? /^sev[4-7]$/ : /^sev[0-3]$/);
    });
  });

  it('marks drifting windows on the drift-share line and draws the threshold at the report\'s drift share', () => {
    const overTime = between(html, 'over-time');
    expect(overTime).toContain(`dataset drift at ${(report.driftShare * 100).toFixed(1)}%`);
    const markers = [...overTime.split('Severity per column')[0].matchAll(/<circle [^>]*r="(3\.5|2\.2)"/g)].map((m) => m[1] === '3.5');
    const filled = (report.windows ?? []).filter((w) => !w.empty);
    expect(markers).toEqual(filled.map((w) => w.datasetDrift));
  });

  it('puts the CBPE assumptions and the calibration warning next to the estimate', () => {
    const p = between(html, 'prediction');
    const estimate = p.match(/<div class="estimate">[\s\S]*?<\/div><\/div>/)?.[0] ?? '';
    expect(estimate).toContain('0.832');
    expect(estimate).toContain('Assumptions:');
    expect(estimate).toContain('calibrated');
    expect(p).toContain('Calibration error on the reference is 0.071');
  });

  it('shows a regression model\'s error with the bound it was held to, and no label-free estimate', () => {
    const r = sampleDriftReport({ columns: 3, windows: 0, referenceRows: 300, currentRows: 300, model: true });
    const base = r.columns[0];
    if (!r.prediction || base.histogram?.kind !== 'numeric') throw new Error('the sample has a model and a numeric first column');
    r.prediction = { ...r.prediction, output: 'value', drift: { ...base, column: 'prediction' }, cbpe: null, performance: { metric: 'rmse', reference: 1.2, current: 1.9, delta: 0.7, drift: true, lowerBound: 1.45 } };
    const p = between(renderReportHtml(r), 'prediction');
    expect(p).toContain('predicted values');
    expect(p).toMatch(/Realised RMSE <span class="badge bad">drift/);
    expect(p).toContain('Bound: reference bootstrap 95th percentile</th><td class="n">1.45');
    expect(p).toContain('+0.7');
    expect(p).not.toContain('CBPE');
    expect(p.match(/<svg[^>]*class="plot hist"/g)).toHaveLength(1);
  });

  it('leaves out the sections a report has nothing for', () => {
    const plain = renderReportHtml({ ...sampleDriftReport({ columns: 4, windows: 0, referenceRows: 200, currentRows: 200 }), multivariate: null, multivariateSkipped: 'fewer than 20 rows on a side' });
    expect(sectionIds(plain)).toEqual(['verdict', 'columns-table', 'columns', 'settings']);
    expect(plain).toContain('Multivariate check skipped</b>: fewer than 20 rows on a side');
  });

  it('says no column could be tested when none could, instead of calling it no drift', () => {
    const r = sampleDriftReport({ columns: 3, windows: 0, referenceRows: 50, currentRows: 50 });
    const none: DriftReport = { ...r, columns: r.columns.map((c) => ({ ...c, test: null, statistic: null, pValue: null, severity: null, drift: false, skipped: 'no non-null values in the current data: no test possible' })), testedColumns: 0, driftedColumns: 0, share: 0, datasetDrift: false };
    const page = renderReportHtml(none);
    expect(page).toContain('No column could be tested');
    expect(page).not.toContain('No dataset drift');
    expect(page).toContain('no non-null values in the current data');
  });

  it('writes an infinite severity and a p-value of 0 as such, not as NaN or 0', () => {
    const r = sampleDriftReport({ columns: 3, windows: 0, referenceRows: 100, currentRows: 100 });
    r.columns[0] = { ...r.columns[0], test: 'ks', pValue: 0, threshold: 0.05, severity: Infinity, drift: true };
    const page = renderReportHtml(r);
    expect(page).toContain('< 1e-300');
    expect(page).toContain('∞');
    expect(page).not.toMatch(/NaN|Infinity|undefined|\[object/);
    expect(renderReportHtml(report)).not.toMatch(/NaN|Infinity|undefined|\[object/);
  });

  it('escapes every string the data provides: column names, categories, dataset, model and window names', () => {
    const r = sampleDriftReport({ columns: 6, windows: 3, referenceRows: 300, currentRows: 300, model: true, names: MARKUP_NAMES });
    r.name = '<script>alert("name")</script>';
    r.reference = '<i>ref</i>@1';
    r.onlyInCurrent = ['<svg onload=alert(3)>'];
    r.incompatible = [{ column: '<u>x</u>', reference: 'numeric', current: 'categorical' }];
    if (r.windows) r.windows[0].label = '<marquee>w</marquee>';
    r.columns[4].newCategories = ['<iframe src=//evil.example>'];
    r.columns[4].newCategoryCount = 1;
    const { page, script } = splitScript(renderReportHtml(r));
    // the one script is the report's own, the same whatever the data
    expect(script).toBe(splitScript(html).script);
    expect(page).not.toMatch(/<script|<img|<iframe|<marquee|<svg onload|<u>|<i>ref/i);
    for (const tag of page.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)) expect(OUR_TAGS.has(tag[1].toLowerCase()), `tag <${tag[1]}>`).toBe(true);
    const names = new Set(attributes(page).map((a) => a.name));
    expect([...names].filter((n) => n.startsWith('on') || n === 'src')).toEqual([]);
    // a quote in a name must not end an attribute early: the title attribute holds the whole name
    expect(attributes(page).some((a) => a.name === 'title' && a.value === '&quot;&gt;&lt;img src=x onerror=alert(2)&gt;')).toBe(true);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(page).toContain('it&#39;s &amp; &lt;b&gt;bold&lt;/b&gt;');
  });

  it('refers to no remote resource, and its Content-Security-Policy forbids loading any and running any script but its own', () => {
    const r = sampleDriftReport({ columns: 6, windows: 3, referenceRows: 300, currentRows: 300, names: MARKUP_NAMES });
    const { page, script } = splitScript(renderReportHtml(r));
    const hash = createHash('sha256').update(script).digest('base64');
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'">`);
    expect(page).not.toMatch(/url\(|@import|<link|<script|<img|<iframe|<object|<embed/i);
    const links = attributes(page).filter((a) => ['src', 'href', 'xlink:href', 'srcset', 'action', 'poster', 'data'].includes(a.name));
    expect(links.length).toBeGreaterThan(0);
    // every link points into the document itself, at an element that exists
    const ids = new Set(attributes(page).filter((a) => a.name === 'id').map((a) => a.value));
    for (const link of links) {
      expect(`${link.name}=${link.value}`).toMatch(/^href=#[a-z0-9-]+$/);
      expect(ids.has(link.value.slice(1)), link.value).toBe(true);
    }
    // the SVG namespace is a name, not a load; a column named like a URL stays text (and a tooltip)
    for (const a of attributes(page).filter((x) => x.name === 'xmlns')) expect(a.value).toBe('http://www.w3.org/2000/svg');
    expect(page).toContain('<b>https://evil.example/x.png</b>');
  });

  it('renders the same report to the same bytes', () => {
    const again = renderReportHtml(sampleDriftReport({ columns: 12, windows: 6, referenceRows: 1500, currentRows: 1200, model: true }));
    expect(again).toBe(html);
    expect(renderReportHtml(structuredClone(report))).toBe(html);
  });

  it('stays under 2 MB for 50 columns x 52 windows, every column drifting, with long column names', () => {
    const names = Array.from({ length: 50 }, (_, j) => `measurement ${j} of the upstream sensor array, calibrated against the lab's reference standard (unit: mV)`);
    const big = sampleDriftReport({ columns: 50, windows: 52, referenceRows: 2000, currentRows: 52 * 60, model: true, names, shiftEvery: 1 });
    expect(big.driftedColumns).toBe(50);
    const page = renderReportHtml(big);
    expect(page.match(/<figure class="column-plot">/g)).toHaveLength(50);
    // the worst case for size: every column drifted, so every column also shows its newest and most severe window
    expect(page.match(/<figure class="window-plot">/g)?.length).toBeGreaterThanOrEqual(50);
    expect(Buffer.byteLength(page)).toBeLessThan(2 * 1024 * 1024);
  });

  it('does not grow with the rows behind the report', () => {
    const small = sampleDriftReport({ columns: 10, windows: 4, referenceRows: 500, currentRows: 400 });
    const large = sampleDriftReport({ columns: 10, windows: 4, referenceRows: 50_000, currentRows: 40_000 });
    // an ID-like column brings a new category per row: the report names the most frequent and counts the rest
    small.columns[4].newCategories = Array.from({ length: 50 }, (_, i) => `id-${i}`);
    small.columns[4].newCategoryCount = 400;
    large.columns[4].newCategories = Array.from({ length: 50 }, (_, i) => `id-${i}`);
    large.columns[4].newCategoryCount = 40_000;
    const a = Buffer.byteLength(renderReportHtml(small));
    const b = Buffer.byteLength(renderReportHtml(large));
    // what may differ: digits of counts and figures, and bins a few hundred rows leave empty (an empty bin draws no bar)
    expect(Math.abs(b - a)).toBeLessThan(0.1 * a);
    expect(renderReportHtml(large)).toContain('New categories (40,000)');
    expect(renderReportHtml(large)).toContain('the 50 most frequent of 40,000');
  });
});

describe('renderReportHtml on a report built from a real project', () => {
  it('renders what buildDriftReport made from two imported versions: weekly windows, rows without a timestamp, the domain classifier', async () => {
    const p = tempProject();
    try {
      const load = async (name: string, csv: string) => {
        const file = p.file(`${name}.csv`, csv);
        await importDataset(p.store, { path: file, fileName: path.basename(file), name }, quietProgress());
      };
      await load('train', driftCsv({ rows: 1500, seed: 1 }));
      // x shifts; every 50th row loses its day, so it is compared but in no window
      const current = driftCsv({ rows: 3000, seed: 2, shift: 0.6, start: '2026-02-02', rowsPerDay: 60 });
      await load('prod', current.split('\n').map((line, i) => (i > 0 && i % 50 === 0 ? line.replace(/^[^,]*,/, ',') : line)).join('\n'));
      const request = driftRequest.parse({ reference: { dataset: 'train', version: 1 }, current: { dataset: 'prod', version: 1 }, window: { kind: 'time', column: 'day', unit: 'week' } });
      const report = await buildDriftReport(p.store, request, { progress: () => undefined, checkCancelled: () => undefined }, { id: 'drift-00112233aabbccdd', createdAt: '2026-11-28T01:30:00.000Z', createdBy: 'tester', monitorId: null });
      const html = renderReportHtml(report);

      expect(sectionIds(html)).toEqual(['verdict', 'over-time', 'multivariate', 'columns-table', 'columns', 'settings']);
      const x = report.columns.findIndex((c) => c.column === 'x');
      expect(report.columns[x].drift).toBe(true);
      expect(between(html, 'verdict')).toMatch(new RegExp(`Drifted columns, most severe first</p><p class="chips"><a class="chip sev\\d" href="#col-${x}"`));
      expect(html.match(/<figure class="column-plot">/g)).toHaveLength(report.columns.length);
      const windows = report.windows ?? [];
      expect(windows.length).toBeGreaterThan(3);
      for (const w of windows) expect(between(html, 'over-time')).toContain(`>${w.label}<title>`);
      expect(report.unwindowedRows).toBe(60);
      expect(between(html, 'over-time')).toContain('60 current rows (2.0%) have no timestamp in <code>day</code>');
      expect(between(html, 'multivariate')).toContain(`ROC AUC ${Number(report.multivariate?.auc.toPrecision(3))}`);
    } finally {
      p.cleanup();
    }
  });
});
