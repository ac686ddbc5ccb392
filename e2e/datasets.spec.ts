// Journey: create a project in the workspace folder, import a CSV, read its profile, import a changed file as version 2,
// diff, export it as a download, cancel a big import.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertOffline, openBrowser, shot, startServer, tempDir, waitForText, type Server, type Session } from './harness';

const SEGMENTS = ['retail', 'wholesale', 'online', 'partner'];
const WORDS = ['late', 'priority', 'gift', 'repeat', 'bulk', 'fragile', 'express', 'return', 'promo', 'local'];

/** deterministic pseudo-random numbers (mulberry32), so every run writes the same files */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** one CSV line per id: integer, numeric (5% empty), categorical, free text, date, boolean, and optionally a score */
function customerRow(id: number, rnd: () => number, withScore: boolean): string {
  const amount = rnd() < 0.05 ? '' : (20 + rnd() * 480).toFixed(2);
  const segment = SEGMENTS[Math.floor(rnd() * SEGMENTS.length)];
  const comment = `order ${id} ${WORDS[Math.floor(rnd() * WORDS.length)]} ${WORDS[Math.floor(rnd() * WORDS.length)]}`;
  const day = new Date(Date.UTC(2023, 0, 1) + (id % 700) * 86_400_000).toISOString().slice(0, 10);
  const active = rnd() < 0.7 ? 'true' : 'false';
  const cells = [id, amount, segment, comment, day, active];
  if (withScore) cells.push((rnd() * 100).toFixed(1));
  return cells.join(',');
}

/** rows 1..rows, the same values for the same ids whichever file they are in */
function customersCsv(rows: number, withScore: boolean): string {
  const header = ['id', 'amount', 'segment', 'comment', 'signup_date', 'active', ...(withScore ? ['score'] : [])].join(',');
  const lines = [header];
  for (let id = 1; id <= rows; id++) lines.push(customerRow(id, random(id), withScore));
  return `${lines.join('\n')}\n`;
}

/** a ~90 MB CSV, written in chunks so the test never holds it whole */
function writeBigCsv(file: string, targetBytes: number): number {
  const fd = fs.openSync(file, 'w');
  let bytes = fs.writeSync(fd, 'id,amount,segment,comment,signup_date,active\n');
  const rnd = random(7);
  let id = 0;
  while (bytes < targetBytes) {
    const chunk: string[] = [];
    for (let i = 0; i < 20_000; i++) chunk.push(customerRow(++id, rnd, false));
    bytes += fs.writeSync(fd, `${chunk.join('\n')}\n`);
  }
  fs.closeSync(fd);
  return bytes;
}

describe('datasets', () => {
  const work = tempDir('datasets');
  const v1File = path.join(work, 'customers.csv');
  const v2File = path.join(work, 'customers-2024.csv');
  const bigFile = path.join(work, 'customers-full-export.csv');
  let server: Server;
  let session: Session;

  before(async () => {
    fs.writeFileSync(v1File, customersCsv(2000, false));
    fs.writeFileSync(v2File, customersCsv(2300, true));
    server = await startServer({ workspace: work });
    session = await openBrowser(server.url);
  });

  after(async () => {
    await session?.close();
    await server?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  async function importFile(file: string, name: string) {
    const { page } = session;
    await page.getByTestId('nav-datasets').click();
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByTestId('import-name').fill(name);
    await page.getByTestId('import-start').click();
  }

  test('creates a project by name in the workspace folder the server was started with', async () => {
    const { page } = session;
    await page.getByTestId('workspace-root').waitFor();
    await shot(page, 'datasets-00-welcome-workspace');
    await page.getByTestId('new-project-name').fill('credit-project');
    await page.getByTestId('create-project').click();
    await waitForText(page.getByTestId('project-name'), /credit-project/);
    await page.getByTestId('datasets-empty').waitFor();
    await shot(page, 'datasets-01-new-project');
  });

  test('imports a CSV and shows its profile with a histogram per column', async () => {
    const { page } = session;
    await importFile(v1File, 'customers');
    await waitForText(page.getByTestId('import-succeeded'), /customers v1.*2,000 rows.*6 columns/);
    await shot(page, 'datasets-02-imported');

    await page.getByTestId('dataset-link').filter({ hasText: 'customers' }).click();
    await page.getByTestId('profile-table').waitFor();
    const columns = await page.getByTestId('profile-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-column')));
    assert.deepEqual(columns, ['id', 'amount', 'segment', 'comment', 'signup_date', 'active']);
    await waitForText(page.locator('[data-column="amount"] [data-testid="profile-type"]'), /numeric/);
    await waitForText(page.locator('[data-column="active"] [data-testid="profile-type"]'), /boolean/);
    await page.locator('[data-column="amount"] [data-testid="column-histogram"] svg.main-svg').first().waitFor();
    const plotted = await page.locator('[data-testid="column-histogram"]').filter({ has: page.locator('svg, canvas') }).count();
    assert.ok(plotted >= 4, `expected a plot for most columns, found ${plotted}`);
    await page.locator('[data-testid="column-histogram"] .bars path').first().waitFor();
    await shot(page, 'datasets-03-profile');
  });

  test('previews rows in the virtualized grid', async () => {
    const { page } = session;
    await page.getByTestId('tab-preview').click();
    const grid = page.getByTestId('data-grid');
    await waitForText(grid, /order 1 /);
    assert.ok((await grid.getByRole('row').count()) < 200, 'the grid renders only the rows near the viewport');
    await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await waitForText(grid, /order 2000 /);
    await shot(page, 'datasets-04-preview');
  });

  test('imports a changed file under the same name as version 2 and diffs it', async () => {
    const { page } = session;
    await importFile(v2File, 'customers');
    await waitForText(page.getByTestId('import-succeeded'), /customers v2.*2,300 rows.*7 columns/);
    await waitForText(page.locator('[data-name="customers"] [data-testid="dataset-version-count"]'), /^2$/);

    await page.getByTestId('dataset-link').filter({ hasText: 'customers' }).click();
    await waitForText(page.getByTestId('dataset-version'), /^v2$/);
    assert.equal(await page.getByTestId('version-item').count(), 2);
    await page.getByTestId('tab-diff').click();
    await waitForText(page.getByTestId('diff-rows-from'), /^2,000$/);
    await waitForText(page.getByTestId('diff-rows-to'), /^2,300$/);
    // the added column is left out of the row comparison: the 300 appended rows are added, none removed
    await waitForText(page.getByTestId('diff-rows-added'), /^\+300$/);
    await waitForText(page.getByTestId('diff-rows-removed'), /^−0$/);
    await waitForText(page.getByTestId('diff-compared-on'), /compared on the 6 columns/);
    await waitForText(page.getByTestId('diff-columns-added'), /score/);
    assert.equal(await page.getByTestId('diff-columns-added').getAttribute('data-count'), '1');
    assert.equal(await page.getByTestId('diff-columns-removed').getAttribute('data-count'), '0');
    await shot(page, 'datasets-05-diff');
  });

  test('exports version 2 as a CSV download whose SHA-256 the page and the audit log show', async () => {
    const { page } = session;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-start').click()]);
    assert.equal(download.suggestedFilename(), 'customers-v2.csv');
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    assert.equal(bytes.toString('utf8').trimEnd().split('\n').length, 2301, 'a header and 2,300 rows');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await waitForText(page.getByTestId('export-succeeded'), new RegExp(`customers-v2\\.csv.*2,300 rows.*${sha256.slice(0, 16)}`));
    assert.ok(!fs.readdirSync(work).includes('customers-v2.csv'), 'nothing was written beside the project');
    await shot(page, 'datasets-05b-exported');

    await page.getByTestId('nav-audit').click();
    const entry = page.getByTestId('audit-row').filter({ hasText: 'dataset.export' }).first();
    await waitForText(entry, /dataset:customers@2/);
    assert.ok((await entry.innerHTML()).includes(sha256), 'the audit entry carries the file\'s SHA-256');
    await page.getByTestId('nav-datasets').click();
  });

  test('a malformed CSV is refused with its place and a hint, and stores nothing', async () => {
    const { page } = session;
    const broken = path.join(work, 'broken.csv');
    fs.writeFileSync(broken, 'id,amount,segment\n1,10.5,retail\n2,11.0,online,EXTRA\n3,12.5,partner\n');
    await importFile(broken, 'broken');
    const banner = page.getByTestId('import-panel').getByTestId('error-banner');
    await banner.waitFor();
    await waitForText(banner.getByTestId('error-place'), /line 3/);
    assert.ok((await banner.textContent())?.includes('broken.csv'), 'the banner names the file');
    assert.equal(await page.locator('[data-name="broken"]').count(), 0, 'no dataset was created');
    await shot(page, 'datasets-06-bad-csv');
  });

  test('cancels a big import midway: the job ends cancelled and no version appears', async () => {
    const { page } = session;
    const bytes = writeBigCsv(bigFile, 90 * 1024 * 1024);
    console.log(`big file: ${(bytes / 1024 / 1024).toFixed(0)} MB`);
    await importFile(bigFile, 'customers');
    const progress = page.getByTestId('import-progress');
    await waitForText(progress, /Importing/, 60_000);
    // midway: the job has reported progress but is far from done
    await waitForText(progress.getByTestId('progress-percent'), /^([1-9]|[1-5]\d)%$/, 60_000);
    await shot(page, 'datasets-07-import-running');
    await progress.getByTestId('progress-cancel').click();
    await page.getByTestId('import-cancelled').waitFor();
    await shot(page, 'datasets-08-import-cancelled');

    await waitForText(page.locator('[data-name="customers"] [data-testid="dataset-version-count"]'), /^2$/);
    await page.getByTestId('nav-jobs').click();
    const bigJob = page.getByTestId('jobs-table-row').filter({ hasText: /customers-full-export|customers/ }).first();
    await waitForText(bigJob.getByTestId('job-state'), /^cancelled$/);
    await shot(page, 'datasets-09-jobs');

    await page.getByTestId('nav-datasets').click();
    await page.getByTestId('dataset-link').filter({ hasText: 'customers' }).click();
    await waitForText(page.getByTestId('dataset-version'), /^v2$/);
    assert.equal(await page.getByTestId('version-item').count(), 2, 'the cancelled import added no version');
  });

  test('nothing left the machine', () => assertOffline(session, server));
});
