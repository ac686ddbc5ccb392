#!/usr/bin/env node
// Runs-table benchmark: a project seeded with 100,000 runs x 1,000 metrics, served in browser mode; times the HTTP API
// (a page of the runs table, a 50-run comparison) and, in Chromium, the runs table's first paint, a sort, a filter,
// Compare on 50 runs and the overlaid curves of 20 runs x 10,000 steps.
// Usage: node bench/runs/run.mjs [--quick] [--runs N] [--metrics N] [--repeat N] [--no-build] [--renderer DIR] [--no-ui]
// Builds the app first when out/ is older than src/, the vite config or the lockfile. --renderer DIR serves an already built renderer folder instead.
// --quick: 2,000 runs x 200 metrics (the 20 long-curve runs among them). The seeded project is kept in bench/data/ and reused.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBeforeRun, failureReason } from '../lib/measure.mjs';
import { machineInfo, writeResult } from '../lib/results.mjs';
import { CHROMIUM_FLAGS, serve } from '../lib/serve.mjs';
import { positiveIntFlag } from '../lib/args.mjs';
import { buildIfStale } from '../lib/app-build.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SEED = 20240108;
/** the goals of issue 17 (bench/README.md), seconds per UI figure, judged on the median of the repeats */
const GOAL = { firstPaintSeconds: 1, sortSeconds: 0.3, filterSeconds: 0.3, compareSeconds: 0.5, curvesDrawSeconds: 1 };
const COMPARE_RUNS = 50;
const VISIBLE_COLUMNS = 50;
const PAGE_ROWS = 100;

function parseArgs(argv) {
  const quick = argv.includes('--quick');
  const num = (flag, fallback) => positiveIntFlag(argv, flag, fallback);
  const runs = num('--runs', quick ? 2000 : 100_000);
  const metrics = num('--metrics', quick ? 200 : 1000);
  const custom = argv.includes('--runs') || argv.includes('--metrics');
  return {
    runs,
    metrics,
    repeat: num('--repeat', 3),
    renderer: argv.includes('--renderer') ? path.resolve(argv[argv.indexOf('--renderer') + 1]) : path.join(root, 'out', 'renderer'),
    build: !argv.includes('--no-build') && !argv.includes('--renderer'),
    ui: !argv.includes('--no-ui'),
    label: custom ? `runs-${runs}-metrics-${metrics}` : quick ? 'quick' : 'full',
  };
}

/** The line of a failed command's stderr that says what went wrong, not the stack around it. */

/** Seeds the project once: `airlock init`, then seed-project.ts, in a temporary folder renamed into place when whole. */
function ensureProject(runs, metrics) {
  const dir = path.join(root, 'bench', 'data', `runs-${runs}x${metrics}-seed${SEED}`);
  const seedFile = path.join(dir, 'seed.json');
  if (fs.existsSync(seedFile)) return { project: path.join(dir, 'project'), seed: JSON.parse(fs.readFileSync(seedFile, 'utf8')), reused: true };
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const env = { ...process.env, AIRLOCK_DATA_DIR: path.join(tmp, 'data') };
  const init = spawnSync(process.execPath, ['bin/airlock.mjs', 'init', path.join(tmp, 'project')], { cwd: root, env, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`airlock init failed: ${failureReason(init.stderr)}`);
  console.log(`seeding ${runs.toLocaleString('en')} runs x ${metrics.toLocaleString('en')} metrics (once; reused by later runs)...`);
  const seed = spawnSync(process.execPath, ['--import', 'tsx', 'bench/runs/seed-project.ts', path.join(tmp, 'project'), String(runs), String(metrics), String(SEED)], { cwd: root, encoding: 'utf8' });
  if (seed.status !== 0) throw new Error(`seeding failed: ${failureReason(seed.stderr)}`);
  fs.writeFileSync(path.join(tmp, 'seed.json'), seed.stdout.trim());
  fs.rmSync(path.join(tmp, 'data'), { recursive: true, force: true });
  fs.renameSync(tmp, dir);
  return { project: path.join(dir, 'project'), seed: JSON.parse(seed.stdout), reused: false };
}

async function call(base, cookie, channel, input) {
  const headers = { 'content-type': 'application/json', cookie: `${cookie.name}=${cookie.value}`, origin: new URL(base).origin };
  const res = await fetch(new URL(`/api/call/${channel}`, base), { method: 'POST', headers, body: JSON.stringify(input) });
  const text = await res.text();
  const body = JSON.parse(text);
  if (!body.ok) throw new Error(`${channel}: ${body.error.code}: ${body.error.message}`);
  return { data: body.data, bytes: Buffer.byteLength(text) };
}

/** Wall time of one API call over HTTP, the body parsed: what the renderer waits for. The first call is reported apart (cold statements and caches). */
async function timeCall(base, cookie, channel, input, repeat) {
  const times = [];
  let last;
  for (let i = 0; i < repeat + 1; i++) {
    const t = performance.now();
    last = await call(base, cookie, channel, input);
    times.push((performance.now() - t) / 1000);
  }
  return { firstSeconds: times[0], bestSeconds: Math.min(...times.slice(1)), allSeconds: times, responseBytes: last.bytes, data: last.data };
}

async function apiTimings(base, cookie, repeat) {
  const columns = await timeCall(base, cookie, 'runs.columns', {}, repeat);
  const catalogue = columns.data;
  // 50 visible columns as a user might pick them: a few attributes, a few params, the rest metrics.
  const attrs = catalogue.filter((c) => c.kind === 'attr').slice(0, 5).map((c) => c.ref);
  const params = catalogue.filter((c) => c.kind === 'param').slice(0, 5).map((c) => c.ref);
  const metrics = catalogue.filter((c) => c.kind === 'metric').map((c) => c.ref);
  const visible = [...attrs, ...params, ...metrics.slice(0, VISIBLE_COLUMNS - attrs.length - params.length)];
  const sortColumn = metrics.includes('metric:val_accuracy') ? 'metric:val_accuracy' : metrics[0];
  const query = await timeCall(base, cookie, 'runs.query', { sort: { column: sortColumn, desc: true }, offset: 0, limit: PAGE_ROWS, columns: visible }, repeat);
  const ids = query.data.rows.slice(0, COMPARE_RUNS).map((r) => r.id);
  const compare = await timeCall(base, cookie, 'runs.compare', { ids }, repeat);
  const strip = ({ data: _data, ...rest }) => rest;
  return {
    catalogueColumns: catalogue.length,
    columns: strip(columns),
    query: { ...strip(query), rows: query.data.rows.length, total: query.data.total, columns: visible.length, sortedBy: sortColumn },
    compare: { ...strip(compare), runs: compare.data.runs.length, differingMetrics: compare.data.differingMetrics.length },
  };
}

async function findChromium() {
  if (process.env.AIRLOCK_CHROMIUM && fs.existsSync(process.env.AIRLOCK_CHROMIUM)) return process.env.AIRLOCK_CHROMIUM;
  if (fs.existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return (await import('@sparticuz/chromium')).default.executablePath();
}

/**
 * Injected before the app loads: records, on the page's clock (ms since navigation start), the first frame in which a
 * runs-table data row exists, and the frames in which a comparison's table (all its run columns) and its curves exist.
 * A requestAnimationFrame after the DOM change lands at the next frame, i.e. when the browser paints it.
 */
function pageProbe(compareRuns) {
  const marks = {};
  window.__benchMarks = marks;
  const painted = (name) => {
    if (marks[name] !== undefined || marks[`${name}Pending`]) return;
    marks[`${name}Pending`] = true;
    requestAnimationFrame(() => (marks[name] = performance.now()));
  };
  // rows of the current query are on screen: the total is known (not 'loading') and the first row has its run
  const rowsShown = () => !/loading/.test(document.querySelector('[data-testid="runs-total"]')?.textContent ?? 'loading') && !!document.querySelector('[data-testid="runs-row"][data-run]');
  const check = () => {
    if (document.querySelector('[data-testid="runs-row"]')) painted('rowsPainted');
    const total = document.querySelector('[data-testid="runs-total"]')?.textContent ?? '';
    if (marks.sortClicked !== undefined && /sorted by/.test(total) && rowsShown()) painted('sortPainted');
    if (marks.filterClicked !== undefined && document.querySelector('[data-testid="filter-chip"]') && rowsShown()) painted('filterPainted');
    if (document.querySelectorAll('[data-testid="compare-run-column"]').length >= compareRuns) painted('compareTablePainted');
    if (document.querySelector('[data-testid="compare-curves"] .main-svg')) painted('compareCurvesPainted');
    if (document.querySelectorAll('[data-testid="compare-curves"] .scatterlayer .trace').length >= window.__benchCurveRuns) painted('longCurvesPainted');
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['data-run'] });
  document.addEventListener('click', (e) => {
    if (!(e.target instanceof Element)) return;
    if (e.target.closest('[data-testid="runs-compare"]')) marks.compareClicked = performance.now();
    if (e.target.closest('[data-testid="runs-header"]')) marks.sortClicked = performance.now();
    if (e.target.closest('[data-testid="filter-add"]')) marks.filterClicked = performance.now();
  }, true);
}

/**
 * Where the time went, from the page's resource timing (ms since navigation start, as the marks): each API call's
 * request start and response end, and when the app's script bundle finished loading.
 */
function resourceBreakdown() {
  return performance.getEntriesByType('resource').map((e) => ({
    what: e.name.includes('/api/call/') ? e.name.slice(e.name.indexOf('/api/call/') + 10) : e.name.slice(e.name.lastIndexOf('/') + 1),
    start: Math.round(e.startTime),
    end: Math.round(e.responseEnd),
    bytes: e.transferSize,
  }));
}

/** The filter the bench adds in the UI: about one run in ten passes it. */
const FILTER = { key: 'val_accuracy', op: '>', value: 0.9 };

/** The id the API puts first for a query, to check that the row the UI painted first is the right one. */
async function firstId(url, cookie, query) {
  return (await call(url, cookie, 'runs.query', { offset: 0, limit: 1, columns: [], ...query })).data.rows[0]?.id ?? null;
}

async function uiTimings(url, cookie, repeat, longCurveIds) {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return { skipped: 'playwright-core is not installed (npm install)' };
  }
  const executablePath = await findChromium();
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
  const runsUrl = `${url}#/runs`;
  const figures = { firstPaint: [], sort: [], filter: [], compareTable: [], compareCurves: [], longCurves: [], longCurvesDraw: [] };
  const breakdowns = [];
  const compareDom = [];
  const waitMark = (page, name) =>
    page.waitForFunction((n) => window.__benchMarks[n] !== undefined, name, { timeout: 60_000 }).catch((e) => {
      throw new Error(`waiting for ${name}: ${e.message.split('\n')[0]}`);
    });
  try {
    for (let i = 0; i < repeat; i++) {
      // A fresh context each time: empty HTTP cache and storage, as a new window would have.
      // Tall enough that 50 rows of the virtualized grid are on screen to tick.
      const context = await browser.newContext({ viewport: { width: 1600, height: 2200 } });
      await context.addCookies([{ ...cookie, url, httpOnly: true, sameSite: 'Strict' }]);
      const page = await context.newPage();
      await page.addInitScript(pageProbe, COMPARE_RUNS);
      await page.goto(runsUrl);
      await waitMark(page, 'rowsPainted');
      figures.firstPaint.push((await page.evaluate(() => window.__benchMarks.rowsPainted)) / 1000);
      await page.locator('[data-testid="runs-row"][data-run]').first().waitFor({ timeout: 60_000 });

      // sort: a click on the first metric column's header (ascending) -> the first frame with the sorted rows
      const header = page.locator('[data-testid="runs-header"][data-column^="metric:"]').first();
      const sortColumn = await header.getAttribute('data-column');
      await header.click();
      await waitMark(page, 'sortPainted');
      const sorted = await page.evaluate(() => window.__benchMarks);
      figures.sort.push((sorted.sortPainted - sorted.sortClicked) / 1000);
      const sortedFirst = await page.locator('[data-testid="runs-row"]').first().getAttribute('data-run');
      const sort = { column: sortColumn, desc: false };
      if (sortedFirst !== (await firstId(url, cookie, { sort }))) throw new Error(`after sorting by ${sortColumn} the first row is ${sortedFirst}, not the API's first`);

      // filter: metric > value added through the filter bar (typing not timed), the click on Filter -> filtered rows painted
      await page.getByTestId('filter-column').fill(FILTER.key);
      await page.getByRole('option', { name: FILTER.key, exact: true }).click();
      await page.getByTestId('filter-value').fill(String(FILTER.value));
      await page.getByTestId('filter-add').click();
      await waitMark(page, 'filterPainted');
      const filtered = await page.evaluate(() => window.__benchMarks);
      figures.filter.push((filtered.filterPainted - filtered.filterClicked) / 1000);
      const filteredFirst = await page.locator('[data-testid="runs-row"]').first().getAttribute('data-run');
      const filters = [{ column: `metric:${FILTER.key}`, op: FILTER.op, value: FILTER.value }];
      if (filteredFirst !== (await firstId(url, cookie, { sort, filters }))) throw new Error(`after filtering ${FILTER.key} ${FILTER.op} ${FILTER.value} the first row is ${filteredFirst}, not the API's first`);

      const boxes = page.locator('[data-testid="runs-row"] [data-testid="run-select"]');
      await boxes.nth(COMPARE_RUNS - 1).waitFor({ timeout: 30_000 });
      for (let r = 0; r < COMPARE_RUNS; r++) await boxes.nth(r).click();
      await page.locator('[data-testid="runs-compare"]').click();
      await waitMark(page, 'compareTablePainted');
      const m1 = await page.evaluate(() => window.__benchMarks);
      figures.compareTable.push((m1.compareTablePainted - m1.compareClicked) / 1000);
      // virtualized: the table holds far fewer row elements than it has rows
      compareDom.push(
        await page.evaluate(() => ({
          rows: Number(document.querySelector('[data-testid="compare-table"]')?.getAttribute('data-rows')),
          rowElements: document.querySelectorAll('[data-testid="compare-table"] [role="row"]').length,
          elements: document.querySelectorAll('[data-testid="compare-table"] *').length,
        })),
      );
      await page.waitForFunction(() => window.__benchMarks.compareCurvesPainted !== undefined, null, { timeout: 60_000 }).catch(() => {});
      const m2 = await page.evaluate(() => window.__benchMarks);
      if (m2.compareCurvesPainted !== undefined) figures.compareCurves.push((m2.compareCurvesPainted - m2.compareClicked) / 1000);
      breakdowns.push({ marks: Object.fromEntries(Object.entries(m2).filter(([k]) => !k.endsWith('Pending')).map(([k, v]) => [k, Math.round(v)])), resources: await page.evaluate(resourceBreakdown) });
      const columns = await page.locator('[data-testid="compare-run-column"]').count();
      if (columns !== COMPARE_RUNS) throw new Error(`the comparison shows ${columns} runs, not ${COMPARE_RUNS}`);

      // overlaid curves of the long-curve runs, opened by their link: navigation start -> all curves painted; and the
      // draw alone, from the curves' response to that frame
      const curvesPage = await context.newPage();
      await curvesPage.addInitScript(pageProbe, COMPARE_RUNS);
      await curvesPage.addInitScript((n) => (window.__benchCurveRuns = n), longCurveIds.length);
      await curvesPage.goto(`${url}#/compare?ids=${longCurveIds.join(',')}`);
      await waitMark(curvesPage, 'longCurvesPainted');
      const painted = await curvesPage.evaluate(() => window.__benchMarks.longCurvesPainted);
      const curvesResponse = (await curvesPage.evaluate(resourceBreakdown)).filter((r) => r.what === 'runs.curves').at(-1);
      figures.longCurves.push(painted / 1000);
      if (curvesResponse) figures.longCurvesDraw.push((painted - curvesResponse.end) / 1000);
      await context.close();
    }
  } catch (e) {
    return { skipped: `the experiments UI did not behave as expected: ${e.message.split('\n')[0]}`, ...figures };
  } finally {
    await browser.close();
  }
  const summary = (xs) => (xs.length ? { firstSeconds: xs[0], bestSeconds: Math.min(...xs), medianSeconds: [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)], allSeconds: xs } : null);
  return {
    chromium: executablePath,
    runsTableFirstPaint: summary(figures.firstPaint),
    sortPainted: summary(figures.sort),
    filterPainted: summary(figures.filter),
    compareTablePainted: summary(figures.compareTable),
    compareCurvesPainted: summary(figures.compareCurves),
    longCurvesPainted: summary(figures.longCurves),
    longCurvesDraw: summary(figures.longCurvesDraw),
    compareDom,
    breakdowns,
  };
}

/** Whether the built renderer carries the runs table and its Compare button (the experiments UI is wired into the app). */
function builtWithRunsTable(renderer) {
  const assets = path.join(renderer, 'assets');
  const code = fs.readdirSync(assets).filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(assets, f), 'utf8')).join('\n');
  return code.includes('runs-row') && code.includes('runs-compare');
}

const fmt = (s) => (s === undefined || s === null ? '-' : `${(s * 1000).toFixed(0)} ms`);

async function main() {
  const { runs, metrics, repeat, build: doBuild, renderer, ui, label } = parseArgs(process.argv.slice(2));
  const loadBefore = loadBeforeRun();
  const { project, seed, reused } = ensureProject(runs, metrics);
  const sqliteBytes = fs.statSync(path.join(project, 'project.sqlite')).size;
  console.log(`runs bench (${label}): ${runs.toLocaleString('en')} runs x ${metrics.toLocaleString('en')} metrics, project.sqlite ${(sqliteBytes / 1e6).toFixed(0)} MB${reused ? ' (reused)' : `, seeded in ${seed.insertSeconds.toFixed(1)} s`}`);
  const buildSeconds = doBuild ? buildIfStale(root) : null;
  if (buildSeconds !== null) console.log(`built the app in ${buildSeconds.toFixed(1)} s`);
  else if (doBuild) console.log('the build in out/ is newer than the sources: not rebuilt');

  const server = await serve(project, renderer, 'runs');
  let serverPeakRssMb = null;
  let api;
  let uiResult;
  try {
    api = await apiTimings(server.url, server.cookie, repeat);
    console.log(`HTTP API, first call / best of ${repeat} after it:`);
    console.log(`  runs.columns (${api.catalogueColumns} columns)                                   ${fmt(api.columns.firstSeconds)} / ${fmt(api.columns.bestSeconds)}, ${(api.columns.responseBytes / 1e3).toFixed(0)} kB`);
    console.log(`  runs.query (${api.query.rows} of ${api.query.total} rows x ${api.query.columns} columns, sorted by ${api.query.sortedBy})  ${fmt(api.query.firstSeconds)} / ${fmt(api.query.bestSeconds)}, ${(api.query.responseBytes / 1e3).toFixed(0)} kB`);
    console.log(`  runs.compare (${api.compare.runs} runs)                                           ${fmt(api.compare.firstSeconds)} / ${fmt(api.compare.bestSeconds)}, ${(api.compare.responseBytes / 1e3).toFixed(0)} kB`);
    if (!ui) uiResult = { skipped: '--no-ui' };
    else if (!fs.existsSync(path.join(renderer, 'index.html'))) uiResult = { skipped: 'the app is not built (run without --no-build)' };
    else if (!builtWithRunsTable(renderer)) uiResult = { skipped: `the built app has no runs table yet (no data-testid "runs-row" and "runs-compare" in ${path.relative(root, renderer)})` };
    else {
      const longCurves = await call(server.url, server.cookie, 'runs.query', { experiment: seed.longCurveExperiment, offset: 0, limit: 100, columns: [] });
      uiResult = await uiTimings(server.url, server.cookie, repeat, longCurves.data.rows.map((r) => r.id));
    }
  } finally {
    serverPeakRssMb = await server.stop();
  }

  const verdicts = [];
  if (uiResult.skipped) {
    console.log(`Chromium: skipped: ${uiResult.skipped}`);
  } else {
    const row = (label, figure) => console.log(`  ${label.padEnd(78)} ${fmt(figure?.firstSeconds)} / ${fmt(figure?.medianSeconds)} / ${fmt(figure?.bestSeconds)}`);
    console.log(`Chromium (fresh browser context each time), first / median / best of ${repeat}:`);
    row('(a) runs table, navigation start -> first painted frame with data rows', uiResult.runsTableFirstPaint);
    row('(b) click a metric header (sort ascending) -> sorted rows painted', uiResult.sortPainted);
    row(`(c) click Filter (${FILTER.key} ${FILTER.op} ${FILTER.value}) -> filtered rows painted`, uiResult.filterPainted);
    row(`(d) click Compare on ${COMPARE_RUNS} runs -> comparison table painted`, uiResult.compareTablePainted);
    row('    ... -> overlaid curves painted (plotly)', uiResult.compareCurvesPainted);
    row(`(e) open the comparison of ${seed.longCurveRuns} runs x ${seed.longCurveSteps} steps -> all curves painted`, uiResult.longCurvesPainted);
    row('    ... of which drawing: runs.curves answered -> curves painted', uiResult.longCurvesDraw);
    for (const d of uiResult.compareDom) console.log(`      comparison table: ${d.rows} rows, ${d.rowElements} row elements in the page (${d.elements} elements in all)`);
    for (const b of uiResult.breakdowns) {
      const api = (channel) => b.resources.filter((r) => r.what === channel).map((r) => `${r.start}-${r.end}`).join(', ') || '-';
      const m = b.marks;
      console.log(`      page ms: rows painted ${m.rowsPainted} (runs.columns ${api('runs.columns')}, runs.query ${api('runs.query')}); ` +
        `compare clicked ${m.compareClicked}, runs.compare ${api('runs.compare')}, table painted ${m.compareTablePainted}, curves painted ${m.compareCurvesPainted ?? '-'}`);
    }
    const judged = [
      ['runs table first paint', uiResult.runsTableFirstPaint, GOAL.firstPaintSeconds],
      ['sort', uiResult.sortPainted, GOAL.sortSeconds],
      ['filter', uiResult.filterPainted, GOAL.filterSeconds],
      [`compare ${COMPARE_RUNS} runs`, uiResult.compareTablePainted, GOAL.compareSeconds],
      ['overlaid long curves draw', uiResult.longCurvesDraw, GOAL.curvesDrawSeconds],
    ];
    for (const [name, figure, goal] of judged) {
      if (!figure) verdicts.push(`${name} not measured`);
      else if (figure.medianSeconds > goal) verdicts.push(`${name} ${fmt(figure.medianSeconds)} (goal < ${goal * 1000} ms)`);
    }
  }
  const verdict = uiResult.skipped ? 'UI not judged: skipped' : verdicts.length === 0 ? 'goal met' : `GOAL MISSED: ${verdicts.join('; ')}`;
  console.log(`airlock serve peak RSS ${serverPeakRssMb === null ? '-' : `${serverPeakRssMb.toFixed(0)} MB`}`);
  console.log(verdict);

  const result = {
    bench: 'runs',
    label,
    at: new Date().toISOString(),
    machine: { ...machineInfo(loadBefore), loadAvg1mAfter: os.loadavg()[0] },
    project: { path: path.relative(root, project), ...seed, sqliteBytes, reused },
    buildSeconds,
    renderer: path.relative(root, renderer),
    serveStartSeconds: server.startSeconds,
    server: { peakRssMb: serverPeakRssMb },
    api,
    ui: uiResult,
    goal: GOAL,
    verdict,
  };
  writeResult(root, 'runs', label, result);
}

await main();
