// Journey: a project with loan applicants and two registered versions of a credit model (set up through the API),
// then in a version's Evaluate tab: score a dataset version and open the predictions, run a benchmark, explain the
// model (permutation importance, partial dependence, SHAP), check its fairness across a sensitive column, compare it
// with the other version.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertOffline, call, choose, liveApp, random, shot, tempDir, waitForInput, waitForText, waitForTraces } from './harness';

/** applicants: age, income and debt decide approval (with noise); group is a sensitive column the model never sees */
function applicantsCsv(rows: number, seed: number): string {
  const rnd = random(seed);
  const lines = ['age,income,debt,group,approved'];
  for (let i = 0; i < rows; i++) {
    const group = rnd() < 0.4 ? 'B' : 'A';
    const age = 20 + Math.floor(rnd() * 50);
    // group B earns a little less here, so a model on income alone selects it less often: a disparity to report
    const income = 25 + 60 * rnd() - (group === 'B' ? 8 : 0);
    const debt = 30 * rnd();
    const approved = income - debt + 0.1 * age + 10 * (rnd() - 0.5) > 35;
    lines.push([age, income.toFixed(1), debt.toFixed(1), group, approved ? 'yes' : 'no'].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** scrolls the element's top to the window's top, for screenshots of what lies below the form */
async function scrollToTop(page: Page, testId: string) {
  await page.getByTestId(testId).first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
}

describe('model evaluations', () => {
  const work = tempDir('model-evaluations');
  const file = path.join(work, 'applicants.csv');

  const app = liveApp({
    workspace: work,
    prepare: () => {
      fs.writeFileSync(file, applicantsCsv(600, 7));
    },
  });

  /** the version's Evaluate tab with one form open; the dataset picked takes its newest version */
  async function openForm(form: string, formTestId: string) {
    const { page } = app.session;
    await page.evaluate(() => (window.location.hash = '#/models/credit/1?tab=evaluate'));
    await page.getByTestId('evaluate-tab').waitFor();
    // the last report shown in place goes, so the next one waited for is the new one
    const stored = page.getByTestId('evaluation-stored');
    if ((await stored.count()) > 0) await stored.getByRole('button').click();
    await page.getByTestId('evaluation-view').waitFor({ state: 'detached' });
    await page.getByTestId('evaluate-form-kind').getByText(form, { exact: true }).click();
    await page.getByTestId(formTestId).waitFor();
    await choose(page, `${formTestId}-dataset`, 'applicants');
    await waitForInput(page, `${formTestId}-version`, /^v1/);
  }

  /** the report opened in place under the form once its job succeeded */
  async function waitForReport(kind: string) {
    const { page } = app.session;
    await page.getByTestId('evaluation-stored').waitFor({ timeout: 120_000 });
    await page.getByTestId('evaluation-view').waitFor();
    await waitForText(page.getByTestId('evaluation-kind'), new RegExp(kind));
    await waitForText(page.getByTestId('evaluation-sha256'), /^[0-9a-f]{64}$/);
  }

  test('sets up a project with applicants and two registered versions of a credit model', async () => {
    const { page } = app.session;
    await page.getByTestId('workspace-root').waitFor();
    await page.getByTestId('new-project-name').fill('credit-review');
    await page.getByTestId('create-project').click();
    await waitForText(page.getByTestId('project-name'), /credit-review/);
    await page.getByTestId('nav-datasets').click();
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByTestId('import-name').fill('applicants');
    await page.getByTestId('import-start').click();
    await waitForText(page.getByTestId('import-succeeded'), /applicants v1/, 60_000);

    for (const [model, name] of [
      ['logreg', 'credit logreg'],
      ['gbdt', 'credit gbdt'],
    ]) {
      const { jobId } = await call<{ jobId: string }>(page, 'train.start', { dataset: 'applicants', version: 1, target: 'approved', features: ['age', 'income', 'debt'], model, name });
      const job = await call<{ state: string; result: { run: string } | null }>(page, 'jobs.wait', { id: jobId, timeoutMs: 120_000 });
      assert.equal(job.state, 'succeeded', `the ${model} model trains`);
      await call(page, 'models.register', { run: job.result?.run, name: 'credit' });
    }
    const detail = await call<{ versions: { id: string; hasOnnx: boolean }[] }>(page, 'models.get', { name: 'credit' });
    assert.deepEqual(
      detail.versions.map((v) => [v.id, v.hasOnnx]),
      [
        ['credit@2', true],
        ['credit@1', true],
      ],
    );
  });

  test('scores a dataset version and opens the predictions', async () => {
    const { page } = app.session;
    await openForm('Score a dataset', 'score-form');
    await choose(page, 'score-form-target', /^approved/);
    // the providers this host has: cpu runs; the others are listed, and disabled when they cannot run here
    await page.getByTestId('score-form-provider').click();
    await page.getByRole('option', { name: /^cpu/ }).waitFor();
    const providers = await call<{ name: string; available: boolean; reason?: string }[]>(page, 'models.providers', {});
    for (const p of providers.filter((q) => !q.available)) {
      const option = page.getByRole('option', { name: new RegExp(`^${p.name} — `) });
      assert.equal(await option.getAttribute('data-combobox-disabled'), 'true', `${p.name} is listed, disabled, with its reason`);
    }
    await shot(page, 'model-eval-01-score-form');
    await page.keyboard.press('Escape');
    await page.getByTestId('score-form-submit').click();
    await waitForText(page.getByTestId('evaluation-scored'), /Scored 600 rows on cpu/, 120_000);
    await shot(page, 'model-eval-02-scored');

    await page.getByTestId('evaluation-open-metrics').click();
    await page.getByTestId('scoring-metrics').waitFor();
    await waitForText(page.getByTestId('scoring-metrics'), /accuracy/);
    await shot(page, 'model-eval-03-scoring-report');

    await page.getByTestId('scoring-output').click();
    await waitForText(page.getByTestId('page-title'), /applicants-scored/);
    await shot(page, 'model-eval-04-predictions');
  });

  test('runs a benchmark: latency and throughput per batch size on the CPU', async () => {
    const { page } = app.session;
    await page.evaluate(() => (window.location.hash = '#/models/credit/1?tab=evaluate'));
    await page.getByTestId('evaluate-tab').waitFor();
    await page.getByTestId('evaluate-form-kind').getByText('Benchmark', { exact: true }).click();
    await page.getByTestId('bench-form-batches').fill('1, 16, 128');
    await page.getByTestId('bench-form-runs').fill('5');
    await page.getByTestId('bench-form-submit').click();
    await waitForReport('benchmark');
    assert.equal(await page.getByTestId('bench-table').locator('tbody tr').count(), 3, 'one row per batch size on cpu');
    await waitForTraces(page, 'bench-latency', 1);
    await waitForTraces(page, 'bench-throughput', 1);
    await scrollToTop(page, 'evaluation-view');
    await shot(page, 'model-eval-05-benchmark');
  });

  test('explains the model with permutation importance', async () => {
    const { page } = app.session;
    await openForm('Explain', 'explain-form');
    await choose(page, 'explain-form-target', /^approved/);
    await page.getByTestId('explain-form-repeats').fill('3');
    await page.getByTestId('explain-form-max-rows').fill('300');
    await page.getByTestId('explain-form-submit').click();
    await waitForReport('explanation');
    await waitForText(page.getByTestId('explanation-permutation-table'), /income/);
    await waitForTraces(page, 'explanation-permutation', 1);
    // income decides approval most, by construction
    const first = await page.getByTestId('explanation-permutation-table').locator('tbody tr').first().textContent();
    assert.match(first ?? '', /^income/);
    await scrollToTop(page, 'evaluation-view');
    await shot(page, 'model-eval-06-permutation');
  });

  test('draws partial dependence over ICE lines, and SHAP values globally and for one row', async () => {
    const { page } = app.session;
    await openForm('Explain', 'explain-form');
    await page.getByTestId('explain-form-method').getByText('Partial dependence + ICE', { exact: true }).click();
    await page.getByTestId('explain-form-columns').click();
    await page.getByRole('option', { name: 'income', exact: true }).click();
    await page.getByRole('option', { name: 'debt', exact: true }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('explain-form-max-rows').fill('200');
    await page.getByTestId('explain-form-submit').click();
    await waitForReport('explanation');
    assert.equal(await page.getByTestId('explanation-pdp').count(), 2, 'one plot per column varied');
    // the ICE lines and the partial dependence line over them
    await waitForTraces(page, 'explanation-pdp', 3);
    await scrollToTop(page, 'evaluation-view');
    await shot(page, 'model-eval-07-pdp');

    await openForm('Explain', 'explain-form');
    await page.getByTestId('explain-form-method').getByText('KernelSHAP', { exact: true }).click();
    await page.getByTestId('explain-form-columns').click();
    await page.getByRole('option', { name: 'age', exact: true }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('explain-form-rows').fill('0, 5');
    await page.getByTestId('explain-form-background').fill('8');
    await page.getByTestId('explain-form-submit').click();
    await waitForReport('explanation');
    await waitForTraces(page, 'explanation-shap-global', 1);
    await waitForTraces(page, 'explanation-shap-row', 1);
    await choose(page, 'explanation-shap-pick-row', 'row 5');
    await waitForText(page.getByTestId('explanation-shap-row-card'), /Row 5: contributions/);
    await scrollToTop(page, 'evaluation-view');
    await shot(page, 'model-eval-08-shap');
  });

  test('cancels a long SHAP explanation from its progress bar, and nothing is stored', async () => {
    const { page } = app.session;
    const before = await call<unknown[]>(page, 'evaluations.list', { model: 'credit@1' });
    await openForm('Explain', 'explain-form');
    await page.getByTestId('explain-form-method').getByText('KernelSHAP', { exact: true }).click();
    // every row, many coalitions against a large background: minutes of work, so Cancel lands while it runs
    await page.getByTestId('explain-form-max-rows').fill('600');
    await page.getByTestId('explain-form-background').fill('200');
    await page.getByTestId('explain-form-samples').fill('100000');
    await page.getByTestId('explain-form-submit').click();
    const progress = page.getByTestId('evaluation-progress');
    await waitForText(progress.getByTestId('progress-message'), /\S/);
    await shot(page, 'model-eval-09-progress');
    await progress.getByTestId('progress-cancel').click();
    await waitForText(page.getByTestId('evaluation-cancelled'), /was cancelled; nothing was stored/, 60_000);
    const after = await call<unknown[]>(page, 'evaluations.list', { model: 'credit@1' });
    assert.equal(after.length, before.length, 'a cancelled job stores no evaluation');
  });

  test('checks fairness across the sensitive column', async () => {
    const { page } = app.session;
    await openForm('Fairness', 'fairness-form');
    await choose(page, 'fairness-form-target', /^approved/);
    await choose(page, 'fairness-form-sensitive', /^group/);
    await page.getByTestId('fairness-form-resamples').fill('50');
    await page.getByTestId('fairness-form-submit').click();
    await waitForReport('fairness');
    assert.equal(await page.getByTestId('fairness-groups').locator('tbody tr').count(), 3, 'groups A and B, then all rows');
    await waitForText(page.getByTestId('fairness-four-fifths'), /Four-fifths rule/);
    await page.getByTestId('fairness-check-demographicParityDifference').waitFor();
    await waitForTraces(page, 'fairness-rates', 3);
    await scrollToTop(page, 'fairness-view');
    await shot(page, 'model-eval-10-fairness');
    await scrollToTop(page, 'fairness-disparities');
    await shot(page, 'model-eval-11-fairness-disparities-plot');
  });

  test('compares the version with the other one and opens the report on its own page', async () => {
    const { page } = app.session;
    await openForm('Compare', 'compare-form');
    await page.getByTestId('compare-form-challenger').fill('credit@2');
    await choose(page, 'compare-form-target', /^approved/);
    await page.getByTestId('compare-form-bootstrap').fill('50');
    await page.getByTestId('compare-form-submit').click();
    await waitForReport('comparison');
    await waitForText(page.getByTestId('comparison-metrics'), /accuracy/);
    await waitForText(page.getByTestId('comparison-agreement'), /agree on \d+(\.\d)?%/);
    await scrollToTop(page, 'evaluation-view');
    await shot(page, 'model-eval-12-comparison');

    await page.getByTestId('evaluation-open-report').click();
    await page.waitForURL(/#\/evaluations\/eval-[0-9a-f]{16}$/);
    await page.getByTestId('evaluation-view').waitFor();
    await waitForText(page.getByTestId('evaluation-other-model'), /credit@2/);
    await shot(page, 'model-eval-13-comparison-page');
    assertOffline(app.session, app.server);
  });
});
