// Journey: the trace matrix editor on the shared traceability project: link cells with the keyboard (one, then a
// Shift range), remove them with Delete, undo and redo by keys and buttons, fold the hierarchy, filter by search,
// coverage and kind, turn the grid round, and export the matrix as CSV, XLSX and HTML downloads.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { assertOffline, call, choose, liveApp, shot, tempDir, waitForText } from './harness';
import { buildTraceProject, TRACE_REQUIREMENTS, upload, type TraceFixture } from './trace-fixture';

interface LinkRow {
  requirement: string;
  target: { kind: string; id: string };
  type: string;
}

const cell = (page: Page, requirement: string, target: { kind: string; id: string }): Locator =>
  page.locator(`[data-testid="matrix-cell"][data-requirement="${requirement}"][data-target="${target.kind}:${target.id}"]`);

/** waits until the cell's links read `links` ('' for none), e.g. 'trained-on:ok' */
async function waitForLinks(page: Page, requirement: string, target: { kind: string; id: string }, links: RegExp): Promise<string> {
  const deadline = Date.now() + 15_000;
  let last = '';
  while (Date.now() < deadline) {
    last = (await cell(page, requirement, target).getAttribute('data-links', { timeout: 5_000 }).catch(() => null)) ?? '(not drawn)';
    if (links.test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${requirement} x ${target.kind}:${target.id} never showed ${links}; last: ${last}`);
}

async function shownRows(page: Page): Promise<string[]> {
  return page.getByTestId('matrix-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id') ?? ''));
}

async function waitForRows(page: Page, expected: string[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  let rows: string[] = [];
  while (Date.now() < deadline) {
    rows = await shownRows(page);
    if (JSON.stringify(rows) === JSON.stringify(expected)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual(rows, expected);
}

/** the live links between the fixture's requirements and one target, as the backend holds them */
async function storedLinks(page: Page, target: { kind: string; id: string }): Promise<string[]> {
  const links = await call<LinkRow[]>(page, 'trace.links', { target });
  return links.map((l) => `${l.requirement} ${l.type}`).sort();
}

describe('trace matrix', () => {
  const work = tempDir('trace-matrix');
  const app = liveApp({ workspace: work });
  let built: TraceFixture | undefined;
  const fixture = (): TraceFixture => {
    assert.ok(built, 'the shared project was not built');
    return built;
  };

  test('builds the shared project and opens the matrix: requirements in document order against every artifact', async () => {
    const { page } = app.session;
    built = await buildTraceProject(page);
    await page.getByTestId('nav-trace').click();
    await page.getByTestId('matrix-grid').waitFor();
    await waitForRows(page, TRACE_REQUIREMENTS.map((r) => r.id));
    const { datasets, run, model, evaluation, monitor, driftReport } = fixture();
    for (const target of [...datasets, run, model, evaluation, monitor, driftReport]) {
      assert.equal(await page.locator(`[data-testid="matrix-column"][data-id="${target.kind}:${target.id}"]`).count(), 1, `${target.kind} ${target.id} is a column`);
    }
    await waitForText(page.getByTestId('matrix-summary'), /7 of 7 rows .* 0 links/);
    await shot(page, 'trace-matrix-01-empty');
  });

  test('links a cell with Space, the next row after ArrowDown, and a Shift range of two with one press', async () => {
    const { page } = app.session;
    const { datasets, evaluation } = fixture();
    await cell(page, 'ML-1', datasets[0]).click();
    await page.keyboard.press('Space');
    await waitForLinks(page, 'ML-1', datasets[0], /^trained-on:/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await waitForLinks(page, 'ML-2', datasets[0], /^trained-on:/);

    await cell(page, 'ML-1', evaluation).click();
    await page.keyboard.press('Shift+ArrowDown');
    assert.equal(await page.locator('[data-testid="matrix-cell"][data-selected]').count(), 2, 'the Shift range holds two cells');
    await page.keyboard.press('Space');
    await waitForLinks(page, 'ML-1', evaluation, /^verifies:/);
    await waitForLinks(page, 'ML-2', evaluation, /^verifies:/);
    assert.deepEqual(await storedLinks(page, datasets[0]), ['ML-1 trained-on', 'ML-2 trained-on']);
    assert.deepEqual(await storedLinks(page, evaluation), ['ML-1 verifies', 'ML-2 verifies']);
    await shot(page, 'trace-matrix-02-linked');
  });

  test('picks a link type for the next toggle, and refuses one the column cannot take in one line', async () => {
    const { page } = app.session;
    const { model, datasets } = fixture();
    await choose(page, 'matrix-link-type', 'evaluated-by');
    await cell(page, 'ML-1', model).click();
    await page.keyboard.press('Space');
    await waitForLinks(page, 'ML-1', model, /^evaluated-by:/);
    await choose(page, 'matrix-link-type', 'verifies');
    await cell(page, 'SYS-3', datasets[1]).click();
    await page.keyboard.press('Space');
    const refusal = await waitForText(page.getByTestId('error-message'), /verifies/);
    assert.ok(!refusal.includes('\n'), 'the refusal is one line');
    await shot(page, 'trace-matrix-03-refused');
    await page.getByTestId('error-banner').getByRole('button').click();
    await choose(page, 'matrix-link-type', /usual type/);
    assert.equal(await cell(page, 'SYS-3', datasets[1]).getAttribute('data-links'), '', 'the refused link was not made');
  });

  test('removes a selection with Delete, then undoes and redoes by keys and by buttons', async () => {
    const { page } = app.session;
    const { evaluation } = fixture();
    await cell(page, 'ML-1', evaluation).click();
    await cell(page, 'ML-2', evaluation).click({ modifiers: ['Shift'] });
    await page.keyboard.press('Delete');
    await waitForLinks(page, 'ML-1', evaluation, /^$/);
    await waitForLinks(page, 'ML-2', evaluation, /^$/);
    assert.deepEqual(await storedLinks(page, evaluation), []);

    await page.keyboard.press('Control+z');
    await waitForLinks(page, 'ML-1', evaluation, /^verifies:/);
    await waitForLinks(page, 'ML-2', evaluation, /^verifies:/);
    await page.keyboard.press('Control+Shift+z');
    await waitForLinks(page, 'ML-2', evaluation, /^$/);
    await page.getByTestId('matrix-undo').click();
    await waitForLinks(page, 'ML-2', evaluation, /^verifies:/);
    await page.getByTestId('matrix-redo').click();
    await waitForLinks(page, 'ML-2', evaluation, /^$/);
    await page.getByTestId('matrix-undo').click();
    await waitForLinks(page, 'ML-2', evaluation, /^verifies:/);
    assert.deepEqual(await storedLinks(page, evaluation), ['ML-1 verifies', 'ML-2 verifies']);
    // the removals and re-links are in the audit log, as every mutation is
    const audit = await call<{ action: string }[]>(page, 'audit.list', { limit: 100 });
    assert.ok(audit.filter((e) => e.action === 'trace.unlink').length >= 4, 'each removal is audited');
  });

  test('folds a parent, filters by search, coverage and kind, and turns the grid round', async () => {
    const { page } = app.session;
    await page.locator('[data-testid="matrix-fold"][data-id="SYS-1"]').click();
    await waitForRows(page, ['SYS-1', 'SYS-2', 'ML-3', 'SYS-3']);
    await page.locator('[data-testid="matrix-fold"][data-id="SYS-1"]').click();
    await waitForRows(page, TRACE_REQUIREMENTS.map((r) => r.id));

    await page.getByTestId('matrix-search').fill('SYS');
    await waitForRows(page, ['SYS-1', 'SYS-2', 'SYS-3']);
    await page.getByTestId('matrix-search').fill('');
    // ML-1 and ML-2 are verified by the evaluation; nothing verifies the rest
    await choose(page, 'matrix-filter-coverage', 'covered');
    await waitForRows(page, ['ML-1', 'ML-2']);
    await choose(page, 'matrix-filter-coverage', 'uncovered');
    await waitForRows(page, ['SYS-1', 'SW-1', 'SYS-2', 'ML-3', 'SYS-3']);
    await shot(page, 'trace-matrix-04-uncovered');
    await choose(page, 'matrix-filter-coverage', 'covered');
    await page.getByTestId('matrix-filter-kinds').click();
    await page.getByRole('option', { name: 'Evaluations' }).click();
    await page.keyboard.press('Escape');
    const columns = await page.getByTestId('matrix-column').evaluateAll((cs) => cs.map((c) => c.getAttribute('data-id')));
    assert.deepEqual(columns, [`evaluation:${fixture().evaluation.id}`]);

    await page.getByTestId('matrix-direction').getByText('By artifact').click();
    await waitForRows(page, [`evaluation:${fixture().evaluation.id}`]);
    const requirementColumns = await page.getByTestId('matrix-column').evaluateAll((cs) => cs.map((c) => c.getAttribute('data-id')));
    assert.deepEqual(requirementColumns, ['ML-1', 'ML-2']);
    await shot(page, 'trace-matrix-05-backward');
    await page.getByTestId('matrix-direction').getByText('By requirement').click();
  });

  test('marks a changed requirement’s links suspect as soon as the host says so, and filters them by status', async () => {
    const { page } = app.session;
    const { datasets, evaluation, model } = fixture();
    await page.getByTestId('matrix-clear-filters').click();
    await waitForRows(page, TRACE_REQUIREMENTS.map((r) => r.id));
    // a new revision with another fingerprint, made elsewhere (the requirements editor, the CLI): no reload here
    await call(page, 'requirements.edit', { id: 'ML-1', text: 'The fault classifier shall reach a recall of at least 0.9 on the readings holdout.' });
    for (const target of [datasets[0], evaluation, model]) await waitForLinks(page, 'ML-1', target, /^[a-z-]+:suspect$/);
    await waitForLinks(page, 'ML-2', evaluation, /^verifies:ok$/);
    await choose(page, 'matrix-filter-status', 'suspect');
    await waitForRows(page, ['ML-1']);
    await cell(page, 'ML-1', evaluation).hover();
    await shot(page, 'trace-matrix-06-suspect');
    await page.getByTestId('matrix-clear-filters').click();
  });

  test('exports the matrix as CSV, XLSX and HTML downloads holding the links', async () => {
    const { page } = app.session;
    const saved: Record<string, string> = {};
    for (const format of ['csv', 'xlsx', 'html'] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`matrix-export-${format}`).click()]);
      saved[format] = path.join(work, `matrix.${format}`);
      await download.saveAs(saved[format]);
      await waitForText(page.getByTestId('matrix-exported'), new RegExp(`${format.toUpperCase()}.*SHA-256 [0-9a-f]{64}`));
    }
    const csv = fs.readFileSync(saved.csv, 'utf8');
    assert.match(csv, /ML-1/);
    assert.match(csv, /verifies/);
    assert.equal(fs.readFileSync(saved.xlsx).subarray(0, 2).toString(), 'PK', 'the XLSX is a zip');
    const html = fs.readFileSync(saved.html, 'utf8');
    assert.match(html, /ML-2/);
    assert.doesNotMatch(html, /(src|href)\s*=\s*["']?https?:/i, 'no remote resource');
    await shot(page, 'trace-matrix-07-exported');
  });

  test('draws only the rows in view of a 3,000-requirement document, and Ctrl+End reaches its last cell', async () => {
    const { page } = app.session;
    const lines = ['id,text', ...Array.from({ length: 3_000 }, (_, i) => `F-${i + 1},The gateway shall forward the telemetry of unit ${i + 1} within ${100 + (i % 50)} ms.`)];
    await call(page, 'requirements.import', { source: await upload(page, 'fleet.csv', `${lines.join('\n')}\n`), fileName: 'fleet.csv', document: 'Fleet' });
    // the page reads the project again when it is opened
    await page.getByTestId('nav-requirements').click();
    await page.getByTestId('nav-trace').click();
    await choose(page, 'matrix-document', 'Fleet');
    await waitForText(page.getByTestId('matrix-summary'), /3,000 of 3,000 rows/);
    const grid = page.getByTestId('matrix-grid');
    assert.equal(await grid.getAttribute('data-rows'), '3000');
    const drawn = await page.getByTestId('matrix-row').count();
    assert.ok(drawn > 10 && drawn < 80, `only the rows in view are drawn (${drawn})`);
    await page.locator('[data-testid="matrix-cell"][data-requirement="F-1"]').first().click();
    await page.keyboard.press('Control+End');
    await page.locator('[data-testid="matrix-cell"][data-focused][data-requirement="F-3000"]').waitFor();
    await page.locator('[data-testid="matrix-row"][data-id="F-3000"]').waitFor();
    assert.equal(await page.locator('[data-testid="matrix-row"][data-id="F-1"]').count(), 0, 'the first rows are no longer drawn');
    assert.ok((await page.getByTestId('matrix-cell').count()) < 1_000, 'only the cells in view are drawn');
    await page.keyboard.press('PageUp');
    await page.keyboard.press('Space');
    const focused = page.locator('[data-testid="matrix-cell"][data-focused]');
    const requirement = await focused.getAttribute('data-requirement');
    assert.match(requirement ?? '', /^F-29\d\d$/, 'a page up from the last row');
    await waitForLinks(page, requirement ?? '', fixture().evaluation, /^verifies:/);
    await shot(page, 'trace-matrix-08-large-document');
  });

  test('nothing left the machine', () => assertOffline(app.session, app.server));
});
