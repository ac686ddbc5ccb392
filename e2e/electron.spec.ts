// The same journey in the desktop window, when the Electron binary is installed (an offline install may lack it).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { _electron as electron } from 'playwright-core';
import { root, shot, tempDir } from './harness';
// @ts-expect-error: a plain .mjs script without types; it returns the Electron-ABI build of better-sqlite3
import { electronSqliteBinding } from '../scripts/electron-native.mjs';

const electronPresent = fs.existsSync(path.join(root, 'node_modules', 'electron', 'path.txt'));
const skipReason = 'Electron binary not present (offline install): skipping the Electron variant';

describe('electron', () => {
  if (!electronPresent) console.log(skipReason);

  test('opens the sample project in the desktop window', { skip: electronPresent ? false : skipReason }, async () => {
    const home = tempDir('electron-home');
    const app = await electron.launch({
      args: ['.', '--no-sandbox', '--disable-gpu'],
      cwd: root,
      env: {
        ...process.env,
        HOME: home,
        AIRLOCK_DATA_DIR: path.join(home, '.airlock'),
        AIRLOCK_NETWORK_LOG: path.join(home, 'network.log'),
        AIRLOCK_SQLITE_BINDING: (electronSqliteBinding(root) as string | null) ?? '',
      },
    });
    try {
      const page = await app.firstWindow();
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.getByTestId('welcome').waitFor();
      // the IPC host validates like the others: malformed input comes back as a typed error, never a stack
      const bad = (await page.evaluate(() =>
        (window as unknown as { airlock: { call(c: string, i: unknown): Promise<unknown> } }).airlock.call('datasets.rows', { dataset: 'x', version: 'one', offset: -1, limit: 1 }),
      )) as { ok: boolean; error: { code: string; where?: { field?: string } } };
      assert.equal(bad.ok, false);
      assert.equal(bad.error.code, 'BAD_INPUT');
      assert.equal(bad.error.where?.field, 'version');
      await page.getByTestId('open-sample').click();
      await page.getByTestId('dataset-link').first().click();
      await page.locator('[data-testid="column-histogram"] svg.main-svg').first().waitFor();
      await shot(page, 'electron-01-sample-profile');
      assert.equal(fs.existsSync(path.join(home, 'network.log')) ? fs.readFileSync(path.join(home, 'network.log'), 'utf8') : '', '');
    } finally {
      await app.close();
    }
  });
});
