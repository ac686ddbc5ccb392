// Journey: open the sample, train a model with live curves, read its run, tune with a 20-trial study, compare three runs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertOffline, liveApp, shot, waitForText } from './harness';

/** how many plotly traces a chart drew (lines, markers, bars or heatmap cells) */
async function traces(page: Page, testId: string): Promise<number> {
  return page.locator(`[data-testid="${testId}"] .scatterlayer .trace, [data-testid="${testId}"] .barlayer .trace, [data-testid="${testId}"] .heatmaplayer .hm`).count();
}

async function waitForTraces(page: Page, testId: string, atLeast: number, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let n = 0;
  while (Date.now() < deadline) {
    n = await traces(page, testId);
    if (n >= atLeast) return n;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${testId} drew ${n} traces, expected at least ${atLeast}`);
}

async function choose(page: Page, selectTestId: string, option: string | RegExp) {
  await page.getByTestId(selectTestId).click();
  await page.getByRole('option', { name: option }).first().click();
}

describe('experiments', () => {
  const app = liveApp();

  test('opens the sample project and the Experiments area', async () => {
    const { page } = app.session;
    await page.getByTestId('open-sample').click();
    await page.getByTestId('nav').waitFor();
    await waitForText(page.getByTestId('jobs-indicator'), /No jobs running/, 60_000);
    await page.getByTestId('nav-experiments').click();
    await page.getByTestId('experiments-area').waitFor();
    await page.getByTestId('experiments-tab-train').click();
    await page.getByTestId('train-form').waitFor();
  });

  test('trains gradient-boosted trees through the form and watches the loss curves draw live', async () => {
    const { page } = app.session;
    await choose(page, 'train-dataset', 'lab-measurements');
    // the target defaults to the column named like a label
    await page.waitForFunction(() => (document.querySelector('[data-testid="train-target"]') as HTMLInputElement | null)?.value === 'label · categorical');
    await choose(page, 'train-model', /^gbdt/);
    // the model's own hyperparameters, with their defaults
    assert.equal(await page.getByTestId('param-max_leaf_nodes').inputValue(), '31');
    await page.getByTestId('param-max_iter').fill('300');
    await page.getByTestId('train-start').click();

    await page.getByTestId('train-progress').waitFor();
    const live = await waitForTraces(page, 'train-live-plot', 1);
    assert.ok(live >= 1, 'the live plot has a curve while the job runs');
    await shot(page, 'experiments-01-training-live');

    await page.getByTestId('train-succeeded').waitFor({ timeout: 90_000 });
    assert.ok((await traces(page, 'train-live-plot')) >= 2, 'train_loss and val_loss are both drawn');
    await waitForText(page.getByTestId('train-parity'), /ONNX parity passed/);
    await waitForText(page.getByTestId('train-metrics'), /accuracy/);
    await shot(page, 'experiments-02-training-done');

    await page.getByTestId('train-run-link').click();
    await page.getByTestId('run-page').waitFor();
    await waitForText(page.getByTestId('run-status'), /finished/);
    await waitForText(page.getByTestId('run-params'), /max_iter\s*300/);
    await waitForText(page.getByTestId('run-metrics'), /val_accuracy/);
    await waitForTraces(page, 'run-curves', 2);
    await shot(page, 'experiments-03-run');

    await page.getByTestId('run-note').fill('300 rounds: validation loss turns up after ~40, try early stopping.');
    await page.getByTestId('run-note-save').click();
    await waitForText(page.getByTestId('run-note-save'), /Save note/);
    await page.getByTestId('run-tab-evaluation').click();
    await waitForTraces(page, 'run-confusion', 1);
    await waitForTraces(page, 'run-roc', 3);
    await shot(page, 'experiments-04-run-evaluation');
  });

  test('runs a 20-trial Gaussian-process study and reads its optimisation history', async () => {
    const { page } = app.session;
    await page.getByTestId('experiments-tab-train').click();
    await page.getByTestId('train-mode').getByText('Study (tune hyperparameters)').click();
    await page.getByTestId('study-trials').waitFor();
    await choose(page, 'train-model', /^logreg/);
    assert.equal(await page.getByTestId('study-trials').inputValue(), '20');
    assert.equal(await page.getByTestId('param-C').inputValue(), 'by the study');
    await choose(page, 'study-sampler', /^Gaussian process/);
    await page.getByTestId('train-start').click();

    await page.getByTestId('study-progress').waitFor();
    await waitForTraces(page, 'study-live-plot', 1, 60_000);
    await shot(page, 'experiments-05-study-live');
    await page.getByTestId('study-succeeded').waitFor({ timeout: 90_000 });

    await page.getByTestId('study-link').click();
    await page.getByTestId('study-page').waitFor();
    await waitForText(page.getByTestId('study-state'), /finished/);
    await page.getByText(/ · gp sampler · /).waitFor();
    await waitForTraces(page, 'study-history', 2);
    await waitForTraces(page, 'study-parallel', 1);
    assert.equal(await page.getByTestId('study-trial').count(), 20);
    assert.equal(await page.locator('[data-testid="study-trial"][data-best="true"]').count(), 1, 'the best trial is marked');
    await shot(page, 'experiments-06-study');
  });

  test('selects three runs in the table and compares them side by side', async () => {
    const { page } = app.session;
    await page.getByTestId('experiments-tab-runs').click();
    const grid = page.getByTestId('runs-grid');
    // the table shown before the study reloads when it ends: wait for the trained run and the 20 trials to be counted
    await waitForText(page.getByTestId('runs-total'), /^(2[1-9]|[3-9]\d|\d{3,}) runs/);
    await grid.getByTestId('run-link').first().waitFor();

    // sort by a metric on the host, then pick three trials of the study (they differ in C)
    await grid.locator('[data-testid="runs-header"][data-column="metric:val_accuracy"]').click();
    await waitForText(page.getByTestId('runs-total'), /sorted by val_accuracy/);
    const trials = grid.getByTestId('runs-row').filter({ hasText: /trial \d+/ });
    for (let i = 0; i < 3; i++) await trials.nth(i).getByTestId('run-select').check();
    await waitForText(page.getByTestId('runs-compare'), /Compare 3/);
    await shot(page, 'experiments-07-runs-selected');

    await page.getByTestId('runs-compare').click();
    await page.getByTestId('compare-table').waitFor();
    assert.equal(await page.getByTestId('compare-run-column').count(), 3, 'one column per run');
    const differing = page.locator('[data-testid="compare-params-row"][data-key="C"]');
    assert.equal(await differing.getAttribute('data-differs'), 'true', 'C is marked as differing');
    // every row, not only the differing ones: the table counts them all and draws only those in view (virtualized)
    const table = page.getByTestId('compare-table');
    const differingRows = Number(await table.getAttribute('data-rows'));
    await page.getByTestId('compare-only-diff').click();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="compare-table"]')?.getAttribute('data-rows')) > n, differingRows);
    const allRows = Number(await table.getAttribute('data-rows'));
    const drawn = await table.locator('[data-testid$="-row"]').count();
    assert.ok(drawn > 0 && drawn <= allRows, `${drawn} rows drawn of ${allRows}`);
    await table.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.locator('[data-testid="compare-metrics-row"]').last().waitFor();
    await page.getByTestId('compare-only-diff').click();
    await table.evaluate((el) => el.scrollTo(0, 0));
    await page.locator('[data-testid="compare-parallel"] [data-testid="parallel-line"]').first().waitFor();
    await waitForTraces(page, 'compare-scatter', 1);
    await shot(page, 'experiments-08-compare');
  });

  test('nothing left the machine', () => assertOffline(app.session, app.server));
});
