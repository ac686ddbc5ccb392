// Journey: review traceability on the shared project: link a requirement from a model version's page ("Link to
// requirement…"), edit the requirement in its editor and watch its links turn suspect, open its impact view with the
// causes and word diff, clear one link with a reason and re-verify another with new evidence, then read coverage and
// the clause gap report, confirming a clause suggested for a requirement.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { assertOffline, call, choose, liveApp, shot, tempDir, waitForText } from './harness';
import { buildTraceProject, type TraceFixture } from './trace-fixture';

const linkCard = (scope: Page | Locator, target: { kind: string; id: string }): Locator => scope.locator(`[data-testid="trace-link"][data-target="${target.kind}:${target.id}"]`);

/** waits until the link card to `target` inside `scope` has `status` */
async function waitForStatus(scope: Page | Locator, target: { kind: string; id: string }, status: string): Promise<void> {
  await scope.locator(`[data-testid="trace-link"][data-target="${target.kind}:${target.id}"][data-status="${status}"]`).waitFor({ timeout: 15_000 });
}

const goTo = (page: Page, hash: string): Promise<void> => page.evaluate((h) => void (window.location.hash = h), hash);

describe('trace review', () => {
  const work = tempDir('trace-review');
  const app = liveApp({ workspace: work });
  let built: TraceFixture | undefined;
  const fixture = (): TraceFixture => {
    assert.ok(built, 'the shared project was not built');
    return built;
  };

  test('links a requirement from a model version page with "Link to requirement…"', async () => {
    const { page } = app.session;
    built = await buildTraceProject(page, 'plant-review');
    const { model } = fixture();
    await goTo(page, '#/models/fault-classifier/1');
    await page.getByTestId('version-page').waitFor();
    await page.getByTestId('link-to-requirement').click();
    const dialog = page.getByRole('dialog');
    await choose(page, 'link-requirement', /^ML-1/);
    await choose(page, 'link-type', 'satisfies');
    await dialog.getByTestId('link-reason').fill('the classifier the requirement asks for');
    await dialog.getByTestId('link-submit').click();
    await waitForStatus(dialog, model, 'ok');
    await waitForText(linkCard(dialog, model), /ML-1.*satisfies.*fault-classifier@1/);
    const stored = await call<{ requirement: string; type: string; reason: string }[]>(page, 'trace.links', { target: model });
    assert.deepEqual(stored.map((l) => [l.requirement, l.type, l.reason]), [['ML-1', 'satisfies', 'the classifier the requirement asks for']]);
    await shot(page, 'trace-review-01-link-from-model');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await waitForText(page.getByTestId('link-to-requirement-count'), /^1$/);
  });

  test('an edit of the requirement in its editor turns its links suspect', async () => {
    const { page } = app.session;
    const { model, evaluation } = fixture();
    await call(page, 'trace.link', { requirement: 'ML-1', target: evaluation, type: 'verifies', reason: 'scored on the holdout month' });
    await goTo(page, '#/requirements/document?id=ML-1');
    const editor = page.locator('[data-testid="requirement-editor"][data-id="ML-1"]');
    await editor.waitFor();
    const links = editor.getByTestId('requirement-links');
    await waitForStatus(links, model, 'ok');
    await waitForStatus(links, evaluation, 'ok');
    await page.getByTestId('requirement-text').fill('The fault classifier shall reach a recall of at least 0.9 on the readings holdout.');
    await page.getByTestId('requirement-save').click();
    await waitForText(page.getByTestId('editor-revision'), /revision 2/);
    await waitForStatus(links, model, 'suspect');
    await waitForStatus(links, evaluation, 'suspect');
    await links.scrollIntoViewIfNeeded();
    await shot(page, 'trace-review-02-editor-suspect');
  });

  test('the impact view lists the suspect links with their cause and word diff, and what the change reaches', async () => {
    const { page } = app.session;
    const { model } = fixture();
    await page.getByTestId('requirement-open-impact').click();
    const impact = page.locator('[data-testid="impact"][data-requirement="ML-1"]');
    await impact.waitFor();
    await waitForText(impact.getByTestId('impact-suspect-count'), /2 suspect/);
    const cause = linkCard(impact, model).getByTestId('suspect-cause');
    await waitForText(cause, /ML-1 changed from revision 1 to 2/);
    await waitForText(linkCard(impact, model).getByTestId('cause-diff'), /(?=.*0\.8)(?=.*0\.9)/);
    assert.match((await linkCard(impact, model).locator('del').allTextContents()).join(''), /0\.8/);
    assert.match((await linkCard(impact, model).locator('ins').allTextContents()).join(''), /0\.9/);
    // the model version reaches the run that produced it and the dataset version it was trained on
    await impact.locator('[data-testid="affected-group"][data-kind="run"]').waitFor();
    await impact.locator('[data-testid="affected-group"][data-kind="dataset_version"]').waitFor();
    await shot(page, 'trace-review-03-impact');
  });

  test('clears one suspect link with a reason and re-verifies the other with a drift report as new evidence', async () => {
    const { page } = app.session;
    const { model, evaluation, driftReport } = fixture();
    const impact = page.getByTestId('impact');
    await linkCard(impact, model).getByTestId('link-clear').click();
    const dialog = page.getByRole('dialog');
    assert.ok(await dialog.getByTestId('review-submit').isDisabled(), 'a clear needs a reason');
    await dialog.getByTestId('review-reason').fill('a stricter recall still holds for this version');
    await dialog.getByTestId('review-submit').click();
    await waitForStatus(impact, model, 'ok');
    await dialog.waitFor({ state: 'hidden' });
    await waitForText(linkCard(impact, model).getByTestId('link-reviewed'), /cleared by .*a stricter recall still holds/);

    await linkCard(impact, evaluation).getByTestId('link-reverify').click();
    await choose(page, 'reverify-evidence', /^drift report/);
    await page.getByRole('dialog').getByTestId('review-reason').fill('the drift report covers the holdout month');
    await shot(page, 'trace-review-04-reverify-dialog');
    await page.getByRole('dialog').getByTestId('review-submit').click();
    await linkCard(impact, driftReport).waitFor({ timeout: 15_000 });
    await waitForText(linkCard(impact, driftReport).getByTestId('link-reviewed'), /reverified by .*drift report covers/);
    assert.equal(await linkCard(impact, evaluation).count(), 0, 'the link moved to the new evidence');
    assert.equal(await impact.locator('[data-testid="trace-link"][data-status="suspect"]').count(), 0, 'nothing is suspect any more');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await shot(page, 'trace-review-05-reviewed');
  });

  test('coverage counts the requirements with ok verifying evidence and lists the uncovered ones into the impact view', async () => {
    const { page } = app.session;
    await page.getByTestId('trace-tab-coverage').click();
    await page.getByTestId('coverage-page').waitFor();
    await waitForText(page.getByTestId('coverage-requirements'), /^\d+$/);
    const uncovered = page.getByTestId('uncovered-requirement');
    await page.locator('[data-testid="uncovered-requirement"][data-id="SYS-3"]').waitFor();
    assert.equal(await page.locator('[data-testid="uncovered-requirement"][data-id="ML-1"]').count(), 0, 'ML-1 has an ok verifying link');
    assert.ok((await uncovered.count()) > 0);
    await shot(page, 'trace-review-06-coverage');
    await page.locator('[data-testid="uncovered-requirement"][data-id="SYS-3"]').getByTestId('uncovered-open-impact').click();
    await page.locator('[data-testid="impact"][data-requirement="SYS-3"]').waitFor();
    await page.getByTestId('impact-no-links').waitFor();
  });

  test('a drift report page shows the link moved onto it, and a dataset version page links with its usual type', async () => {
    const { page } = app.session;
    const { driftReport, datasets } = fixture();
    await goTo(page, `#/monitoring/reports/${encodeURIComponent(driftReport.id)}`);
    await page.getByTestId('report-view').waitFor();
    await waitForText(page.getByTestId('link-to-requirement-count'), /^1$/);
    await page.getByTestId('link-to-requirement').click();
    await waitForStatus(page.getByRole('dialog'), driftReport, 'ok');
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });

    await goTo(page, '#/datasets/readings?tab=profile&v=1');
    await page.getByTestId('dataset-title').waitFor();
    await page.getByTestId('link-to-requirement').click();
    const dialog = page.getByRole('dialog');
    assert.equal(await dialog.getByTestId('link-type').inputValue(), 'trained-on', 'a dataset version is usually what a model was trained on');
    await choose(page, 'link-requirement', /^ML-2/);
    await dialog.getByTestId('link-submit').click();
    await waitForText(linkCard(dialog, datasets[0]), /ML-2.*trained-on.*readings@1/);
    await shot(page, 'trace-review-07-link-from-dataset');
    await dialog.getByRole('button', { name: 'Close' }).click();
    const stored = await call<{ requirement: string; type: string }[]>(page, 'trace.links', { target: datasets[0] });
    assert.deepEqual(stored.map((l) => `${l.requirement} ${l.type}`), ['ML-2 trained-on']);
  });

  test('the clauses page confirms a clause suggested for a requirement, and shows the gap report at a level', async () => {
    const { page } = app.session;
    await page.getByTestId('nav-trace').click();
    await page.getByTestId('trace-tab-clauses').click();
    await choose(page, 'clauses-standard', /ISO 26262/);
    await page.getByTestId('clause-tree').waitFor();
    const uncovered = async () => Number((await waitForText(page.getByTestId('clause-uncovered'), /\d+ uncovered/)).match(/\d+/)?.[0]);
    const before = await uncovered();
    await choose(page, 'clause-suggest-requirement', /^SYS-1/);
    const first = page.getByTestId('clause-suggestion').first();
    await first.waitFor();
    const clause = await first.getAttribute('data-clause');
    assert.ok(clause, 'a clause is suggested');
    await first.getByTestId('clause-suggestion-confirm').click();
    // without a level every clause applies, so the confirmed one is covered
    const row = page.locator(`[data-testid="clause"][data-clause="${clause}"]`);
    await waitForText(row.getByTestId('clause-confirmed'), /requirement: SYS-1/);
    assert.equal(await row.getAttribute('data-status'), 'covered');
    assert.ok((await uncovered()) <= before, 'a confirmation never uncovers a clause');
    await row.scrollIntoViewIfNeeded();
    await shot(page, 'trace-review-08-clauses');

    // ASIL A leaves out the coverage clauses of the higher ASILs
    assert.equal(await page.locator('[data-testid="clause"][data-status="not-applicable"]').count(), 0);
    await choose(page, 'clauses-level', 'A');
    await page.locator('[data-testid="clause"][data-status="not-applicable"]').first().waitFor();
    assert.equal(await page.getByTestId('clauses-level').inputValue(), 'A');
    assert.match(await page.getByTestId('clause-suggest-requirement').inputValue(), /^SYS-1/, 'the chosen requirement stays');
    await shot(page, 'trace-review-09-clauses-level');
  });

  test('nothing left the machine', () => assertOffline(app.session, app.server));
});
