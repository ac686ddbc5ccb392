// Journey: import a reference and two later versions of sensor readings, train a model on the reference, create a
// monitor in the UI, read its verdict table and heatmap, open a cell's overlaid histograms, add an alert rule that
// fires on the next import and starts a retraining run, then download the HTML report and open it offline.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { assertOffline, call, choose, chromiumArgs, liveApp, random, shot, tempDir, waitForInput, waitForText, waitForTraces } from './harness';

function normal(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}

/**
 * Hourly sensor readings from `start`: temperature, pressure, humidity (some empty), site, and a fault label that
 * depends on temperature and pressure. `shift` moves temperature up, adds a site never seen before and more gaps.
 */
function readingsCsv(rows: number, seed: number, start: string, shift: boolean): string {
  const rnd = random(seed);
  const lines = ['ts,temperature,pressure,humidity,site,label'];
  const t0 = Date.parse(start);
  const sites = shift ? ['north', 'south', 'east', 'harbour'] : ['north', 'south', 'east'];
  for (let i = 0; i < rows; i++) {
    const ts = new Date(t0 + i * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
    const temperature = 20 + 2 * normal(rnd) + (shift ? 4 : 0);
    const pressure = 1000 + 8 * normal(rnd);
    const humidity = rnd() < (shift ? 0.25 : 0.03) ? '' : (55 + 10 * normal(rnd)).toFixed(1);
    const site = sites[Math.floor(rnd() * sites.length)];
    const fault = temperature + (pressure - 1000) / 4 + normal(rnd) > 23;
    lines.push([ts, temperature.toFixed(2), pressure.toFixed(1), humidity, site, fault ? 'fault' : 'ok'].join(','));
  }
  return `${lines.join('\n')}\n`;
}

describe('monitoring', () => {
  const work = tempDir('monitoring');
  const files = {
    reference: path.join(work, 'readings-jan.csv'),
    feb: path.join(work, 'readings-feb.csv'),
    mar: path.join(work, 'readings-mar.csv'),
  };
  let modelVersion = '';

  const app = liveApp({
    workspace: work,
    prepare: () => {
      fs.writeFileSync(files.reference, readingsCsv(1200, 1, '2025-01-01T00:00:00Z', false));
      fs.writeFileSync(files.feb, readingsCsv(900, 2, '2025-02-01T00:00:00Z', false));
      fs.writeFileSync(files.mar, readingsCsv(900, 3, '2025-03-01T00:00:00Z', true));
    },
  });

  async function importFile(file: string, version: number) {
    const { page } = app.session;
    await page.getByTestId('nav-datasets').click();
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByTestId('import-name').fill('readings');
    await page.getByTestId('import-start').click();
    await waitForText(page.getByTestId('import-succeeded'), new RegExp(`readings v${version}`), 60_000);
  }

  test('imports the reference and a later month, trains a model on the reference and registers it', async () => {
    const { page } = app.session;
    await page.getByTestId('workspace-root').waitFor();
    await page.getByTestId('new-project-name').fill('plant-monitoring');
    await page.getByTestId('create-project').click();
    await waitForText(page.getByTestId('project-name'), /plant-monitoring/);
    await importFile(files.reference, 1);
    await importFile(files.feb, 2);

    const { jobId } = await call<{ jobId: string }>(page, 'train.start', {
      dataset: 'readings',
      version: 1,
      target: 'label',
      features: ['temperature', 'pressure', 'humidity', 'site'],
      model: 'logreg',
      name: 'fault classifier',
    });
    const job = await call<{ state: string; result: { run: string } | null }>(page, 'jobs.wait', { id: jobId, timeoutMs: 120_000 });
    assert.equal(job.state, 'succeeded', 'the model trains');
    // a finished run's model is an artifact until someone registers it, as a person does from the run page
    const registered = await call<{ id: string }>(page, 'models.register', { run: job.result?.run, name: 'fault-classifier' });
    assert.equal(registered.id, 'fault-classifier@1', 'the run registers as the first version of its model');
    modelVersion = registered.id;
  });

  test('creates a monitor in the form; its first run compares February with January', async () => {
    const { page } = app.session;
    await page.getByTestId('nav-monitoring').click();
    await page.getByTestId('monitoring-area').waitFor();
    await page.getByTestId('monitors-empty').waitFor();
    await page.getByTestId('monitoring-new-monitor').click();
    await page.getByTestId('report-form').waitFor();
    await page.getByTestId('report-form-name').fill('readings-watch');
    await waitForInput(page, 'report-form-reference-version', /^v2/);
    await choose(page, 'report-form-reference-version', /^v1 ·/);
    await choose(page, 'report-form-model', new RegExp(`^${modelVersion}`));
    // one window per imported version from February on, so the time axis grows with each import
    await page.getByTestId('report-form-window').getByText('One per version').click();
    await page.getByTestId('report-form-from').fill('2');
    await shot(page, 'monitoring-01-new-monitor');
    await page.getByTestId('report-form-submit').click();

    await page.getByTestId('monitor-view').waitFor();
    await page.getByTestId('monitor-last').waitFor({ timeout: 120_000 });
    await waitForText(page.getByTestId('monitor-last'), /readings@2 against\s+readings@1/);
    assert.equal(await page.getByTestId('report-row').count(), 1, 'one report so far');
    await shot(page, 'monitoring-02-monitor');
  });

  test('opens the report: verdict first, the verdict table, the heatmap; a cell opens overlaid histograms', async () => {
    const { page } = app.session;
    await page.getByTestId('monitor-last-open').click();
    await page.getByTestId('report-view').waitFor();
    await waitForText(page.getByTestId('report-verdict'), /dataset drift/i);
    const rows = page.getByTestId('verdict-row');
    assert.equal(await rows.count(), 5, 'every shared column but the timestamp has a verdict');
    for (const column of ['temperature', 'pressure', 'humidity', 'site', 'label']) {
      assert.equal(await page.locator(`[data-testid="verdict-row"][data-column="${column}"]`).count(), 1, `${column} has a verdict`);
    }
    // later readings lie later by construction: the timestamp is listed as not compared, not counted as drift
    await waitForText(page.getByTestId('report-not-compared'), /ts/);
    // February looks like January: the same process, another seed
    assert.equal(await page.locator('[data-testid="verdict-row"][data-column="temperature"]').getAttribute('data-drift'), 'false');
    await page.getByTestId('drift-heatmap').waitFor();
    assert.equal(await page.getByTestId('heatmap-cell').count(), 5 * 2, 'one whole-report cell and one window cell per column');
    await page.locator('[data-testid="heatmap-cell"][data-column="temperature"][data-window="all"]').click();
    await page.getByTestId('column-detail').waitFor();
    await waitForTraces(page, 'detail-histogram', 2);
    await waitForTraces(page, 'detail-ecdf', 2);
    await page.mouse.move(0, 0);
    await shot(page, 'monitoring-03-report-feb');
  });

  test('an alert rule fires on the next import and starts a retraining run recorded as a candidate', async () => {
    const { page } = app.session;
    await page.getByTestId('report-monitor-link').click();
    await page.getByTestId('monitor-view').waitFor();
    await page.getByTestId('rules-empty').waitFor();
    await choose(page, 'rule-metric', /drifted share/);
    await choose(page, 'rule-op', '>=');
    await page.getByTestId('rule-threshold').fill('0.3');
    await choose(page, 'rule-scope', /newest window/);
    await page.getByTestId('rule-name').fill('a third of columns moved');
    await page.getByTestId('rule-retrain').check();
    await page.getByTestId('rule-add').click();
    await waitForText(page.getByTestId('rules-table'), /a third of columns moved.*drift_share >= 0\.3.*the newest window.*retrains.*rule-[0-9a-f]{8}/s);

    // March: warmer, a new site, more gaps. Importing it re-runs the monitor by itself.
    await importFile(files.mar, 3);
    await waitForText(page.getByTestId('alerts-indicator'), /1 alert/, 120_000);
    await page.getByTestId('alerts-indicator').click();
    await page.getByTestId('monitor-row').click();
    await page.getByTestId('monitor-view').waitFor();
    await waitForText(page.getByTestId('monitor-last'), /readings@3/);
    const alert = page.getByTestId('alert-row');
    await waitForText(alert, /a third of columns moved/);
    await page.getByTestId('alert-retrain-run').waitFor({ timeout: 120_000 });
    await page.getByTestId('alerts-table').scrollIntoViewIfNeeded();
    await shot(page, 'monitoring-04-alert-retrained');

    await page.getByTestId('alert-retrain-run').click();
    await page.getByTestId('run-page').waitFor();
    await waitForText(page.getByTestId('run-status'), /finished/);
    await waitForText(page.getByTestId('run-page'), /airlock\.candidate/);
    await waitForText(page.getByTestId('run-page'), /retrain of fault classifier/);
    await shot(page, 'monitoring-05-candidate-run');
  });

  test('the March report shows drift in the verdict table and the heatmap, and a drifted cell opens its histograms', async () => {
    const { page } = app.session;
    await page.getByTestId('nav-monitoring').click();
    await page.getByTestId('report-row').first().click();
    await page.getByTestId('report-view').waitFor();
    await waitForText(page.getByTestId('report-summary'), /readings@3/);
    const temperature = page.locator('[data-testid="verdict-row"][data-column="temperature"]');
    assert.equal(await temperature.getAttribute('data-drift'), 'true', 'a 2-sigma warmer March drifts');
    await waitForText(page.locator('[data-testid="verdict-row"][data-column="site"]'), /harbour/);
    assert.equal(await page.getByTestId('heatmap-window').count(), 2, 'February and March are windows');
    const cell = page.locator('[data-testid="heatmap-cell"][data-column="temperature"][data-window="readings@3"]');
    assert.equal(await cell.getAttribute('data-drift'), 'true');
    await cell.click();
    await page.mouse.move(0, 0);
    await waitForText(page.getByTestId('column-detail-title'), /temperature · readings@3/);
    await waitForTraces(page, 'detail-histogram', 2);
    await waitForTraces(page, 'detail-severity', 1);
    await page.getByTestId('prediction-panel').waitFor();
    await waitForText(page.getByTestId('cbpe-assumptions'), /Assumes/);
    await page.getByTestId('report-summary').scrollIntoViewIfNeeded();
    await shot(page, 'monitoring-06-report-mar');
    await page.getByTestId('column-detail').scrollIntoViewIfNeeded();
    await shot(page, 'monitoring-07-cell-histograms');
  });

  test('runs a one-off report from the form: weekly windows on the date column, PSI for one column, progress then the verdict', async () => {
    const { page } = app.session;
    await page.getByTestId('nav-monitoring').click();
    await page.getByTestId('monitoring-new-report').click();
    await page.getByTestId('report-form').waitFor();
    await waitForInput(page, 'report-form-reference-version', /^v3/);
    await choose(page, 'report-form-reference-version', /^v1 ·/);
    await waitForInput(page, 'report-form-current-version', /^v3/);
    await page.getByTestId('report-form-window').getByText('By date column').click();
    await choose(page, 'report-form-time-column', 'ts');
    await choose(page, 'report-form-time-unit', /ISO week/);
    await page.getByTestId('report-form-add-test').click();
    const override = page.getByTestId('report-form-override');
    await override.getByPlaceholder('column').click();
    await page.getByRole('option', { name: 'pressure' }).click();
    await page.getByTestId('report-form-multivariate').uncheck();
    await page.getByTestId('report-form-name').fill('March by week');
    await shot(page, 'monitoring-08-new-report');
    await page.getByTestId('report-form-submit').click();
    await page.getByTestId('report-succeeded').waitFor({ timeout: 120_000 });
    await page.getByTestId('report-open').click();
    await page.getByTestId('report-view').waitFor();
    await waitForText(page.getByTestId('page-title'), /March by week/);
    // 900 hourly readings from Saturday 1 March to Monday 7 April: parts of seven ISO weeks
    assert.equal(await page.getByTestId('heatmap-window').count(), 7);
    await waitForText(page.locator('[data-testid="verdict-row"][data-column="pressure"]'), /psi/);
    await waitForTraces(page, 'report-share', 2);
    await page.mouse.move(0, 0);
    await shot(page, 'monitoring-09-weekly-report');
  });

  test('downloads the HTML report and opens it offline', async () => {
    const { page } = app.session;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-download-html').click()]);
    const saved = path.join(work, 'report.html');
    await download.saveAs(saved);
    await waitForText(page.getByTestId('report-exported'), /SHA-256 [0-9a-f]{64}/);
    const html = fs.readFileSync(saved, 'utf8');
    assert.ok(html.length < 2_000_000, `the report is small (${html.length} bytes)`);
    assert.doesNotMatch(html, /(src|href)\s*=\s*["']?https?:/i, 'no remote resource');

    // a browser with no network at all: everything it shows is in the file
    const browser = await chromium.launch({ executablePath: process.env.AIRLOCK_CHROMIUM, headless: true, args: chromiumArgs });
    try {
      const context = await browser.newContext({ offline: true, viewport: { width: 1280, height: 800 } });
      const requests: string[] = [];
      context.on('request', (r) => requests.push(r.url()));
      const offline = await context.newPage();
      await offline.goto(`file://${saved}`);
      assert.match((await offline.textContent('body')) ?? '', /temperature/);
      assert.ok((await offline.locator('svg').count()) >= 5, 'plots are inline SVG');
      assert.deepEqual(
        requests.filter((u) => !u.startsWith('file://') && !/^(data|blob|about):/.test(u)),
        [],
        'the report asked for nothing outside itself',
      );
      await shot(offline, 'monitoring-10-html-report-offline');
    } finally {
      await browser.close();
    }
  });

  test('nothing left the machine', () => assertOffline(app.session, app.server));
});

