// Journey: write a requirement's acceptance criteria in its editor: a line that does not parse says why and where as
// it is typed, Save stores the rest, each shows pass / fail / no evidence with the reason naming the evidence, the
// link whose evidence breaks one turns failing, and a new evaluation of the linked model version shows at once.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertOffline, call, liveApp, shot, tempDir, waitForText } from './harness';
import { buildTraceProject, runJob, type TraceFixture } from './trace-fixture';

const goTo = (page: Page, hash: string): Promise<void> => page.evaluate((h) => void (window.location.hash = h), hash);

describe('acceptance criteria', () => {
  const work = tempDir('acceptance-criteria');
  const app = liveApp({ workspace: work });
  let built: TraceFixture | undefined;

  test('checks criteria as they are typed, saves them and shows each verdict and the failing link', async () => {
    const { page } = app.session;
    built = await buildTraceProject(page, 'plant-criteria');
    await call(page, 'trace.link', { requirement: 'ML-1', target: built.evaluation, type: 'verifies' });
    await goTo(page, '#/requirements/document?id=ML-1');
    const section = page.locator('[data-testid="requirement-editor"][data-id="ML-1"] [data-testid="acceptance-criteria"]');
    await section.getByTestId('criteria-none').waitFor();

    const criteria = section.getByTestId('criterion');
    for (const text of ['accuracy >= 0.5 on dataset readings', 'accuracy is at least 0.99']) {
      await section.getByTestId('criterion-add').click();
      await criteria.last().getByTestId('criterion-input').fill(text);
    }
    await waitForText(criteria.nth(1).getByTestId('criterion-error'), /^expected a comparison \(>=, <=, >, <\), found 'is' at column 10$/);
    assert.ok(await section.getByTestId('criteria-save').isDisabled(), 'a line that does not parse cannot be saved');
    await section.scrollIntoViewIfNeeded();
    await shot(page, 'acceptance-criteria-01-typing');

    await criteria.nth(1).getByTestId('criterion-input').fill('accuracy > 1');
    await section.getByTestId('criterion-add').click();
    await criteria.last().getByTestId('criterion-input').fill('recall>=0.8');
    await section.getByTestId('criteria-save').click();
    await section.locator('[data-testid="criteria-status"][data-status="fail"]').waitFor();
    assert.deepEqual(await criteria.evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))), ['pass', 'fail', 'no-evidence']);
    assert.equal(await criteria.nth(2).getByTestId('criterion-input').inputValue(), 'recall >= 0.8', 'stored in canonical form');
    await waitForText(criteria.nth(1).getByTestId('criterion-reason'), new RegExp(`^accuracy .+ <= 1 on readings@2 \\(${built.evaluation.id}\\)$`));
    await waitForText(criteria.nth(2).getByTestId('criterion-reason'), /^no evidence measures recall$/);
    const links = page.locator('[data-testid="requirement-editor"][data-id="ML-1"] [data-testid="requirement-links"]');
    const failing = links.locator(`[data-testid="trace-link"][data-target="evaluation:${built.evaluation.id}"][data-status="failing"]`);
    await failing.waitFor({ timeout: 15_000 });
    await waitForText(failing.getByTestId('link-failing-criterion'), /^fails: accuracy .+ <= 1 on readings@2/);
    await failing.scrollIntoViewIfNeeded();
    await shot(page, 'acceptance-criteria-02-verdicts');
  });

  test('a new scoring of the linked model version shows in the verdicts at once', async () => {
    const { page } = app.session;
    assert.ok(built, 'the shared project was not built');
    const section = page.locator('[data-testid="requirement-editor"][data-id="ML-1"] [data-testid="acceptance-criteria"]');
    const criteria = section.getByTestId('criterion');
    await criteria.nth(1).getByTestId('criterion-remove').click();
    await section.getByTestId('criteria-save').click();
    await section.locator('[data-testid="criteria-status"][data-status="no-evidence"]').waitFor();
    // the section asks the model version's evaluations through its link: a fresh scoring arrives as new evidence
    await call(page, 'trace.link', { requirement: 'ML-1', target: built.model, type: 'evaluated-by' });
    await runJob(page, 'models.score', { model: built.model.id, dataset: { dataset: 'readings', version: 1 }, target: 'label' });
    await waitForText(criteria.nth(0).getByTestId('criterion-reason'), /on readings@1 \(eval-/);
    await shot(page, 'acceptance-criteria-03-new-evidence');
    assertOffline(app.session, app.server);
  });
});
