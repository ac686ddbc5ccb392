// Proof of offline: visit every page with real data and show that every request went to the loopback host.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertOffline, liveApp, shot, waitForText } from './harness';

describe('network', () => {
  const app = liveApp();

  test('every page of the app loads with requests to 127.0.0.1 only', async () => {
    const { page } = app.session;
    await page.getByTestId('open-sample').click();
    await page.getByTestId('dataset-link').first().click();
    await page.locator('[data-testid="column-histogram"] svg.main-svg').first().waitFor();
    await page.getByTestId('tab-preview').click();
    await page.getByTestId('data-grid').waitFor();
    await page.getByTestId('data-grid').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await page.getByTestId('tab-diff').click();
    await page.getByTestId('diff-rows-added').waitFor();
    await page.getByTestId('nav-jobs').click();
    await page.getByTestId('page-title').filter({ hasText: 'Jobs' }).waitFor();
    await page.getByTestId('nav-audit').click();
    await waitForText(page.getByTestId('audit-verify-result'), /Chain intact/);
    assert.ok((await page.getByTestId('audit-row').count()) > 0, 'the audit log shows entries');
    await shot(page, 'network-01-audit');

    const hosts = new Set(app.session.network.urls.map((u) => (/^https?:/.test(u) ? new URL(u).host : u.split(':')[0])));
    console.log(`requests: ${app.session.network.urls.length}, hosts: ${[...hosts].join(', ')}`);
    assertOffline(app.session, app.server);
  });

  test('the session cookie is out of the page script\'s reach, and a call without it is refused', async () => {
    const { page } = app.session;
    assert.equal(await page.evaluate(() => document.cookie), '', 'the page can read a cookie: the token is not HttpOnly');
    const status = await page.evaluate(async () => (await fetch('/api/call/app.info', { method: 'POST', body: '{}', credentials: 'omit' })).status);
    assert.equal(status, 401);
  });
});
