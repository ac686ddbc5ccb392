// Journey: import 30 MLflow runs with 13 params, compare them, read the parallel coordinates at 1280x800 (labels that
// do not overprint, the param that matters next to the metric), brush two axes to filter the runs, then clear; then a
// 10-trial study over 7 params, whose parallel coordinates order the params by the study's importance.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertOffline, openBrowser, random, root, shot, startServer, tempDir, waitForText, type Server, type Session } from './harness';

const RUNS = 30;
/** the study's search space: seven of the GBDT's params */
const STUDY_SPACE = {
  learning_rate: { type: 'float', low: 0.01, high: 0.3, log: true },
  max_leaf_nodes: { type: 'int', low: 4, high: 32, log: true },
  min_samples_leaf: { type: 'int', low: 5, high: 60, log: true },
  l2_regularization: { type: 'float', low: 1e-6, high: 10, log: true },
  max_iter: { type: 'int', low: 10, high: 60 },
  max_depth: { type: 'int', low: 0, high: 8 },
  early_stopping: { type: 'categorical', choices: [true, false] },
};
const T0 = 1_700_000_000_000;
/** MLflow's 32-hex run ids; the leading letters keep YAML from reading one as a number */
const runId = (i: number) => `ab${(i + 1).toString(16).padStart(30, '0')}`;

/** 13 params named as scikit-learn's HistGradientBoosting names them; the metric follows learning_rate (and a little class_weight) */
function runParams(i: number, next: () => number): Record<string, string> {
  return {
    learning_rate: (10 ** (-3 + 2.5 * ((i * 7) % RUNS) / RUNS)).toPrecision(3),
    max_leaf_nodes: String(8 << Math.floor(next() * 4)),
    min_samples_leaf: String(5 + Math.floor(next() * 50)),
    l2_regularization: (next() * 10).toPrecision(3),
    max_iter: String(50 * (1 + Math.floor(next() * 10))),
    max_bins: String(32 + Math.floor(next() * 7) * 32),
    early_stopping: next() < 0.5 ? 'true' : 'false',
    validation_fraction: (0.1 + next() * 0.2).toPrecision(2),
    n_iter_no_change: String(5 + Math.floor(next() * 20)),
    class_weight: next() < 0.5 ? 'balanced' : 'none',
    interaction_cst: ['pairwise', 'no_interactions', 'none'][Math.floor(next() * 3)],
    scoring: next() < 0.5 ? 'loss' : 'accuracy',
    random_state: String(Math.floor(next() * 1000)),
  };
}

function write(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/** an mlruns folder as MLflow's file store writes it: experiment 0, RUNS finished runs with params and two metrics */
function writeMlruns(dir: string): void {
  const next = random(7);
  write(path.join(dir, '0', 'meta.yaml'), `artifact_location: file://${dir}/0\ncreation_time: ${T0}\nexperiment_id: '0'\nlifecycle_stage: active\nname: Default\n`);
  for (let i = 0; i < RUNS; i++) {
    const id = runId(i);
    const run = path.join(dir, '0', id);
    const start = T0 + i * 60_000;
    write(
      path.join(run, 'meta.yaml'),
      `artifact_uri: file://${run}/artifacts\nend_time: ${start + 30_000}\nexperiment_id: '0'\nlifecycle_stage: active\nrun_id: ${id}\nrun_name: hgb-${i}\nrun_uuid: ${id}\nstart_time: ${start}\nstatus: 3\nuser_id: ada\n`,
    );
    const params = runParams(i, next);
    for (const [key, value] of Object.entries(params)) write(path.join(run, 'params', key), value);
    const loss = 0.3 + 0.25 * (Math.log10(Number(params.learning_rate)) + 1.5) ** 2 + (params.class_weight === 'balanced' ? 0.05 : 0) + 0.01 * next();
    write(path.join(run, 'metrics', 'val_log_loss'), `${start} ${loss} 0\n`);
    write(path.join(run, 'metrics', 'val_accuracy'), `${start} ${1 - loss / 2} 0\n`);
  }
}

interface Box {
  key: string;
  text: string;
  title: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** every axis label of a parallel coordinates chart, with its drawn box in page pixels */
function labelBoxes(page: Page, chart: string): Promise<Box[]> {
  return page.locator(`[data-testid="${chart}"] [data-testid="parallel-label"]`).evaluateAll((nodes) =>
    nodes.map((n) => {
      const r = n.getBoundingClientRect();
      const text = [...n.childNodes].filter((c) => c.nodeType === Node.TEXT_NODE).map((c) => c.textContent).join('');
      return { key: n.getAttribute('data-key') ?? '', text, title: n.querySelector('title')?.textContent ?? '', left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    }),
  );
}

/** pairs of labels whose boxes overlap */
const overlapping = (boxes: Box[]) =>
  boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom).map((b) => `${a.key} / ${b.key}`));

const count = async (page: Page, chart = 'compare-parallel') => Number(/^(\d+) of/.exec(await page.getByTestId(`${chart}-count`).innerText())?.[1]);
const keptLines = (page: Page) => page.locator('[data-testid="compare-parallel"] [data-testid="parallel-line"][data-kept="true"]').count();
const scatterPoints = (page: Page) => page.locator('[data-testid="compare-scatter"] .scatterlayer .point').count();
/** the runs the side-by-side table has columns for (it draws only those in view; aria-colcount counts them all, plus the key column) */
const tableRuns = async (page: Page) => Number(await page.getByTestId('compare-table').getAttribute('aria-colcount')) - 1;

/** waits until `probe` reads `want`, failing with the last value read */
async function waitForValue(probe: () => Promise<number>, want: (n: number) => boolean, what: string): Promise<number> {
  const deadline = Date.now() + 15_000;
  let last = await probe();
  while (!want(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    last = await probe();
  }
  assert.ok(want(last), `${what}: last read ${last}`);
  return last;
}

/** drags along an axis, from `from` to `to` of its height (0 = top) */
async function brush(page: Page, key: string, from: number, to: number, chart = 'compare-parallel'): Promise<void> {
  // the mouse reaches only what is on screen
  await page.getByTestId(chart).scrollIntoViewIfNeeded();
  const box = await page.locator(`[data-testid="${chart}"] [data-testid="parallel-axis"][data-key="${key}"]`).boundingBox();
  assert.ok(box, `the ${key} axis is drawn`);
  const x = box.x + box.width / 2;
  await page.mouse.move(x, box.y + box.height * from);
  await page.mouse.down();
  await page.mouse.move(x, box.y + box.height * to, { steps: 8 });
  await page.mouse.up();
}

describe('parallel coordinates: a compare view with a dozen params, and a study', () => {
  const work = tempDir('parcoords');
  const project = path.join(work, 'project');
  let studyId = '';
  let server: Server | undefined;
  let session: Session | undefined;
  const page = () => {
    assert.ok(session, 'the browser has not started');
    return session.page;
  };

  before(async () => {
    writeMlruns(path.join(work, 'mlruns'));
    const cli = (...args: string[]) => execFileSync(process.execPath, ['bin/airlock.mjs', ...args], { cwd: root, stdio: 'pipe' });
    // the sample project, for a dataset to run a study on
    cli('sample', project);
    cli('mlflow', 'import', path.join(work, 'mlruns'), '--project', project);
    fs.writeFileSync(path.join(work, 'space.json'), JSON.stringify(STUDY_SPACE));
    const study = cli('study', '--project', project, '--dataset', 'lab-measurements', '--target', 'label', '--model', 'gbdt', '--trials', '10', '--sampler', 'random', '--no-prune', '--space', path.join(work, 'space.json'), '--json');
    studyId = (JSON.parse(study.toString()) as { study: string }).study;
    server = await startServer({ project });
    session = await openBrowser(server.url);
  });
  after(async () => {
    await session?.close();
    await server?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('draws the metric first, then the param that drives it, with no two axis labels overprinting at 1280x800', async () => {
    await page().getByTestId('nav-experiments').click();
    await page().evaluate((ids) => (window.location.hash = `#/compare?ids=${ids}`), Array.from({ length: RUNS }, (_, i) => runId(i)).join(','));
    const labels = page().locator('[data-testid="compare-parallel"] [data-testid="parallel-label"]');
    await page().waitForFunction(() => document.querySelectorAll('[data-testid="compare-parallel"] [data-testid="parallel-label"]').length === 14);
    await labels.first().scrollIntoViewIfNeeded();
    assert.deepEqual(page().viewportSize(), { width: 1280, height: 800 });

    const boxes = await labelBoxes(page(), 'compare-parallel');
    assert.equal(boxes[0].key, 'val_log_loss', 'the metric axis comes first');
    assert.equal(boxes[1].key, 'learning_rate', 'the param that moves the metric most stands next to it');
    assert.deepEqual(overlapping(boxes), [], 'label boxes that overlap');
    const svg = await page().getByTestId('compare-parallel').boundingBox();
    assert.ok(svg);
    for (const b of boxes) {
      assert.ok(b.left >= svg.x && b.right <= svg.x + svg.width, `${b.key}'s label stays inside the chart`);
      // a label is whole, or cut with an ellipsis with its full name in the tooltip
      assert.ok(b.text === b.key || (b.text.endsWith('…') && b.key.startsWith(b.text.slice(0, -1))), `${b.key} is drawn as ${b.text}`);
      assert.ok(b.title.startsWith(`${b.key}:`), `${b.key}'s tooltip names it in full`);
    }
    assert.ok(boxes.filter((b) => b.text === b.key).length >= 10, 'most labels are drawn whole');
    await waitForText(page().getByTestId('compare-parallel-count'), new RegExp(`^${RUNS} of ${RUNS} runs`));
    await waitForValue(() => scatterPoints(page()), (n) => n === RUNS, 'the scatter shows every run');
    await page().getByTestId('compare-parallel').scrollIntoViewIfNeeded();
    await shot(page(), 'compare-parallel-01-labels');
  });

  test('a brush on an axis filters the runs in the chart and the scatter; a second brush narrows them further', async () => {
    await brush(page(), 'learning_rate', 0.02, 0.5);
    await waitForText(page().getByTestId('compare-parallel-count'), /^\d+ of 30 runs$/);
    const afterOne = await count(page());
    assert.ok(afterOne > 0 && afterOne < RUNS, `the brush keeps some runs, not all (${afterOne})`);
    assert.equal(await keptLines(page()), afterOne, 'the kept lines are the runs counted');
    await waitForValue(() => scatterPoints(page()), (n) => n === afterOne, `the scatter shows the ${afterOne} brushed runs`);
    await waitForValue(() => tableRuns(page()), (n) => n === afterOne, `the side-by-side table shows the ${afterOne} brushed runs`);
    assert.equal(await page().locator('[data-testid="compare-parallel"] [data-testid="parallel-brush"]').count(), 1);
    assert.equal(await page().getByTestId('compare-parallel-clear').isVisible(), true, 'Clear is offered once something is brushed');

    await brush(page(), 'val_log_loss', 0.7, 1);
    const afterTwo = await waitForValue(() => count(page()), (n) => n !== afterOne, 'the count after the second brush');
    assert.ok(afterTwo < afterOne, `the second brush narrows ${afterOne} runs to ${afterTwo}`);
    assert.equal(await keptLines(page()), afterTwo);
    await page().getByTestId('compare-parallel').scrollIntoViewIfNeeded();
    await shot(page(), 'compare-parallel-02-brushed');
  });

  test('a click on an axis clears its brush, and Clear restores every run', async () => {
    const before = await count(page());
    await page().getByTestId('compare-parallel').scrollIntoViewIfNeeded();
    const box = await page().locator('[data-testid="compare-parallel"] [data-testid="parallel-axis"][data-key="val_log_loss"]').boundingBox();
    assert.ok(box);
    await page().mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await waitForValue(() => count(page()), (n) => n > before, 'the count once the val_log_loss brush is cleared');
    assert.equal(await page().locator('[data-testid="compare-parallel"] [data-testid="parallel-brush"]').count(), 1, 'the learning_rate brush stays');

    await page().getByTestId('compare-parallel-clear').click();
    await waitForText(page().getByTestId('compare-parallel-count'), new RegExp(`^${RUNS} of ${RUNS} runs`));
    assert.equal(await keptLines(page()), RUNS);
    assert.equal(await page().locator('[data-testid="compare-parallel"] [data-testid="parallel-brush"]').count(), 0);
    await waitForValue(() => scatterPoints(page()), (n) => n === RUNS, 'the scatter shows every run again');
    await waitForValue(() => tableRuns(page()), (n) => n === RUNS, 'the table shows every run again');
    assert.equal(await page().getByTestId('compare-parallel-clear').count(), 0, 'nothing left to clear');
    await page().getByTestId('compare-parallel').scrollIntoViewIfNeeded();
    await shot(page(), 'compare-parallel-03-cleared');
  });

  test("a study's parallel coordinates put the objective first, then the params by the study's importance, and brush trials", async () => {
    await page().evaluate((id) => (window.location.hash = `#/studies/${id}`), studyId);
    await page().waitForFunction(() => document.querySelectorAll('[data-testid="study-parallel"] [data-testid="parallel-label"]').length === 8);
    await page().getByTestId('study-parallel').scrollIntoViewIfNeeded();
    const boxes = await labelBoxes(page(), 'study-parallel');
    assert.equal(boxes[0].key, 'val_log_loss', 'the objective comes first');
    assert.deepEqual(boxes.map((b) => b.key).slice(1).sort(), Object.keys(STUDY_SPACE).sort());
    // each param's tooltip gives its share; they fall from left to right
    const shares = boxes.slice(1).map((b) => Number(/explains (\d+)%/.exec(b.title)?.[1]));
    assert.deepEqual(shares, shares.slice().sort((a, b) => b - a), `shares left to right: ${shares.join(', ')}`);
    assert.deepEqual(overlapping(boxes), [], 'label boxes that overlap');
    await waitForText(page().getByTestId('study-parallel-count'), /^10 of 10 trials/);

    await brush(page(), 'val_log_loss', 0.5, 1, 'study-parallel');
    const kept = await waitForValue(() => count(page(), 'study-parallel'), (n) => n < 10, 'trials kept by a brush on the objective');
    assert.ok(kept > 0, 'the brush keeps the better trials');
    assert.equal(await page().locator('[data-testid="study-parallel"] [data-testid="parallel-line"][data-kept="true"]').count(), kept);
    await page().getByTestId('study-parallel-card').scrollIntoViewIfNeeded();
    await shot(page(), 'compare-parallel-04-study');
  });

  test('nothing left the machine', () => {
    assert.ok(session && server);
    assertOffline(session, server);
  });
});
