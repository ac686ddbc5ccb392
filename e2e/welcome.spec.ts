// Journey: a first start shows the welcome screen, and one click opens the sample project with real content.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertOffline, liveApp, shot, waitForText } from './harness';

describe('welcome', () => {
  const app = liveApp();

  test('a first start shows the welcome screen and leaves no launch code or token in the address bar', async () => {
    const { page } = app.session;
    await page.getByTestId('welcome').waitFor();
    await page.getByTestId('recent-empty').waitFor();
    assert.ok(!/[?&](token|launch)=/.test(page.url()), `a secret is still in the address bar: ${page.url()}`);
    await shot(page, 'welcome-01-first-start');
  });

  test('"Open sample project" opens a project with datasets in one click', async () => {
    const { page } = app.session;
    await page.getByTestId('open-sample').click();
    await page.getByTestId('nav').waitFor();
    await page.getByTestId('dataset-row').first().waitFor();
    // the sample's imports report through live job events until none is left running
    await waitForText(page.getByTestId('jobs-indicator'), /No jobs running/, 60_000);
    assert.ok((await page.getByTestId('dataset-row').count()) >= 1);
    await shot(page, 'welcome-02-sample-datasets');

    await page.getByTestId('dataset-link').first().click();
    await page.getByTestId('profile-table').waitFor();
    await page.locator('[data-testid="column-histogram"] svg.main-svg').first().waitFor();
    await waitForText(page.getByTestId('dataset-version'), /^v\d+$/);
    await shot(page, 'welcome-03-sample-profile');
  });

  test('nothing left the machine', () => assertOffline(app.session, app.server));
});
