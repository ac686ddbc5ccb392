// Journey: import an ONNX model and inspect it (a ZipMap output marked not scorable), see a pickle refused in one line,
// register a trained run's model from its run page, then approve the challenger as champion in the dialog: its author
// is refused (four eyes), a second local user signs, and every approval's signature verifies.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { zipMapStump } from '../src/main/models/test-models';
import { assertOffline, call, createProject, createUser, liveApp, root, shot, tempDir, waitForText } from './harness';

/** scikit-learn's random forest on iris, exported with skl2onnx: a real ZipMap output */
const REAL_SKLEARN = path.join(root, '..', 'shared', 'data', 'onnx', '01_skl2onnx_rf_iris_zipmap.onnx');
const PASSPHRASE = 'models e2e passphrase, long enough';

/** rows whose label follows x1 + x2, so a linear model learns it; `noise` decides how well */
function pointsCsv(rows: number): string {
  const lines = ['x1,x2,x3,label'];
  for (let i = 0; i < rows; i++) {
    const x1 = Math.sin(i * 1.7) * 3;
    const x2 = Math.cos(i * 0.9) * 2;
    const x3 = ((i * 37) % 11) / 11;
    lines.push([x1.toFixed(3), x2.toFixed(3), x3.toFixed(3), x1 + x2 + 0.5 * Math.sin(i * 7.3) > 0 ? 'yes' : 'no'].join(','));
  }
  return `${lines.join('\n')}\n`;
}

describe('models', () => {
  const work = tempDir('models');
  const files = {
    onnx: path.join(work, 'iris-forest.onnx'),
    pickle: path.join(work, 'model.pkl'),
    csv: path.join(work, 'points.csv'),
  };
  const runs: string[] = [];

  const app = liveApp({
    workspace: work,
    prepare: () => {
      if (fs.existsSync(REAL_SKLEARN)) fs.copyFileSync(REAL_SKLEARN, files.onnx);
      else {
        console.log(`models e2e: ${REAL_SKLEARN} is absent, so a ZipMap tree built in the test stands in for it`);
        fs.writeFileSync(files.onnx, zipMapStump({ features: 4, feature: 2, threshold: 2.5 }).bytes);
      }
      // a pickle's first bytes (protocol 4): refused before anything reads further
      fs.writeFileSync(files.pickle, Buffer.from([0x80, 0x04, 0x95, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x8c, 0x08, 0x62, 0x75, 0x69, 0x6c, 0x74, 0x69, 0x6e, 0x73, 0x2e]));
      fs.writeFileSync(files.csv, pointsCsv(600));
    },
  });

  test('imports an ONNX model and shows what it holds, its ZipMap output marked not scorable', async () => {
    const { page } = app.session;
    await createProject(page, 'model-registry');

    await page.getByTestId('nav-models').click();
    await page.getByTestId('models-empty').waitFor();
    await page.getByTestId('model-import-file').setInputFiles(files.onnx);
    await page.getByTestId('model-import-name').fill('iris-forest');
    await page.getByTestId('model-import-description').fill('random forest on the iris measurements');
    await page.getByTestId('model-import-start').click();
    await waitForText(page.getByTestId('model-import-succeeded'), /iris-forest v1 · 1 input · 2 outputs/);
    await waitForText(page.getByTestId('model-row'), /iris-forest/);
    await shot(page, 'models-01-imported');

    await page.getByTestId('model-import-open').click();
    await page.getByTestId('inspection').waitFor();
    const input = page.locator('[data-testid="inspection-input"][data-name="float_input"]');
    // the batch dimension is unnamed and dynamic: shown as '?'
    await waitForText(input, /FLOAT \[\?, 4\]/);
    const zipMap = page.locator('[data-testid="inspection-output"][data-name="output_probability"]');
    await waitForText(zipMap, /sequence<map<INT64, .*not scorable: tensor outputs are scored/i);
    const label = page.locator('[data-testid="inspection-output"][data-name="output_label"]');
    assert.equal(await label.getByTestId('inspection-not-scorable').count(), 0, 'the label tensor is scorable');
    await waitForText(page.getByTestId('inspection-opsets'), /ai\.onnx\.ml/);
    await waitForText(page.getByTestId('inspection-operators'), /ai\.onnx\.ml:TreeEnsembleClassifier/);
    const sha = await page.getByTestId('inspection-sha256').textContent();
    assert.match(sha ?? '', /^[0-9a-f]{64}$/);
    await waitForText(page.getByTestId('version-lineage'), /not known \(imported file\)/);
    await shot(page, 'models-02-inspection');
  });

  test('refuses a pickle with the reason, in one line, and stores nothing', async () => {
    const { page } = app.session;
    await page.getByTestId('nav-models').click();
    await page.getByTestId('model-import-file').setInputFiles(files.pickle);
    await page.getByTestId('model-import-name').fill('pickled');
    await page.getByTestId('model-import-start').click();
    const message = await waitForText(page.getByTestId('model-import-refused-message'), /model\.pkl was refused: .*pickle.*UNSUPPORTED_FORMAT/);
    assert.ok(!message.includes('\n'), 'the refusal is one line');
    await shot(page, 'models-03-pickle-refused');
    const list = await call<{ name: string }[]>(page, 'models.list', {});
    assert.deepEqual(
      list.map((m) => m.name),
      ['iris-forest'],
      'the refused file made no model',
    );
  });

  test('registers a trained run’s model from its run page, authored by a local user', async () => {
    const { page } = app.session;
    createUser(app.server.dataDir, 'alice', PASSPHRASE);
    createUser(app.server.dataDir, 'bob', PASSPHRASE);
    await page.getByTestId('nav-datasets').click();
    await page.getByTestId('import-file').setInputFiles(files.csv);
    await page.getByTestId('import-name').fill('points');
    await page.getByTestId('import-start').click();
    await waitForText(page.getByTestId('import-succeeded'), /points v1/, 60_000);

    for (const [model, name] of [
      ['logreg', 'baseline'],
      ['mlp', 'challenger net'],
    ] as const) {
      const { jobId } = await call<{ jobId: string }>(page, 'train.start', { dataset: 'points', version: 1, target: 'label', features: ['x1', 'x2', 'x3'], model, name });
      const job = await call<{ state: string; result: { run: string } | null }>(page, 'jobs.wait', { id: jobId, timeoutMs: 120_000 });
      assert.equal(job.state, 'succeeded', `${model} trains`);
      assert.ok(job.result);
      runs.push(job.result.run);
    }

    // a finished run keeps its model as an artifact until a person registers it
    for (const run of runs) {
      await page.evaluate((id) => (window.location.hash = `#/runs/${id}`), run);
      await page.getByTestId('run-page').waitFor();
      assert.equal(await page.getByTestId('run-model-version').count(), 0, 'nothing is registered by training alone');
      await page.getByTestId('register-model').click();
      await page.getByTestId('register-model-form').waitFor();
      await page.getByTestId('register-model-name').fill('points-label');
      await page.getByTestId('register-model-author').fill('alice');
      if (run === runs[1]) await shot(page, 'models-04-register-from-run');
      await page.getByTestId('register-model-submit').click();
      await waitForText(page.getByTestId('register-model-done'), new RegExp(`points-label v${runs.indexOf(run) + 1}`));
      await waitForText(page.getByTestId('run-model-version'), new RegExp(`points-label v${runs.indexOf(run) + 1}`));
    }

    await page.getByTestId('run-model-version').click();
    await page.getByTestId('version-page').waitFor();
    await waitForText(page.getByTestId('version-lineage'), /points@1/);
    await waitForText(page.getByTestId('version-lineage'), /alice/);
    await page.getByTestId('version-run-link').waitFor();
  });

  test('registers a study’s best trial from the study page as a new model', async () => {
    const { page } = app.session;
    const { jobId } = await call<{ jobId: string }>(page, 'studies.start', {
      train: { dataset: 'points', version: 1, target: 'label', features: ['x1', 'x2', 'x3'], model: 'logreg' },
      trials: 3,
      sampler: 'random',
      name: 'points search',
    });
    const job = await call<{ state: string; result: { study: string; best_run: string | null } | null }>(page, 'jobs.wait', { id: jobId, timeoutMs: 120_000 });
    assert.equal(job.state, 'succeeded', 'the study runs');
    assert.ok(job.result?.best_run);
    await page.evaluate((id) => (window.location.hash = `#/studies/${id}`), job.result.study);
    await page.getByTestId('study-best').waitFor();
    await page.getByTestId('register-model').click();
    await page.getByTestId('register-model-name').fill('points-tuned');
    await page.getByTestId('register-model-submit').click();
    await waitForText(page.getByTestId('register-model-done'), /points-tuned v1/);
    await page.getByTestId('register-model-done').click();
    await page.getByTestId('version-page').waitFor();
    await waitForText(page.getByTestId('version-run-link'), new RegExp(`run ${job.result.best_run.slice(0, 8)}`));
  });

  test('approves the challenger as champion: its author is refused, a second person signs, and the signatures verify', async () => {
    const { page } = app.session;
    // v1 is today's champion and v2 the challenger, both approved by bob
    for (const [version, alias] of [
      [1, 'champion'],
      [2, 'challenger'],
    ] as const) {
      await call(page, 'models.approve', { ref: `points-label@${version}`, alias, user: 'bob', passphrase: PASSPHRASE, reason: `v${version} as ${alias}` });
    }
    // evidence for the promotion: the challenger scored on the data it was trained on
    const { jobId } = await call<{ jobId: string }>(page, 'models.score', { model: 'points-label@challenger', dataset: { dataset: 'points', version: 1 }, target: 'label' });
    const scored = await call<{ state: string }>(page, 'jobs.wait', { id: jobId, timeoutMs: 120_000 });
    assert.equal(scored.state, 'succeeded', 'the challenger scores');

    await page.evaluate(() => (window.location.hash = '#/models/points-label/2'));
    await page.getByTestId('version-page').waitFor();
    await page.getByTestId('version-approve').click();
    await page.getByTestId('approve-user').waitFor();
    await page.getByTestId('approve-user').fill('alice');
    await page.getByTestId('approve-passphrase').fill(PASSPHRASE);
    await page.getByTestId('approve-reason').fill('Scores better than v1 on points@1; see the scoring report.');
    await page.getByTestId('approve-evidence-item').first().click();
    await page.getByTestId('approve-submit').click();
    const refusal = await waitForText(page.getByTestId('approve-refused-message'), /FOUR_EYES/);
    assert.match(refusal, /alice/);
    await shot(page, 'models-05-four-eyes-refused');

    await page.getByTestId('approve-user').fill('bob');
    await page.getByTestId('approve-submit').click();
    await page.getByTestId('approve-user').waitFor({ state: 'hidden' });
    await waitForText(page.getByTestId('page-title'), /v2.*champion/);

    // the evidence cited is listed with the version and opens as its report
    await page.getByTestId('version-tab-evaluations').click();
    await waitForText(page.getByTestId('evaluation-row'), /scoring.*points@1/);
    await page.getByTestId('evaluation-row').first().click();
    await page.getByTestId('evaluation-view').waitFor();
    await page.goBack();
    await page.getByTestId('version-model-link').click();
    await page.getByTestId('model-page').waitFor();
    await waitForText(page.locator('[data-testid="approval-row"]').first(), /champion.*v2.*\(was v1\).*bob.*Scores better.*scoring/);
    assert.equal(await page.getByTestId('approval-row').count(), 3);
    await page.getByTestId('verify-approvals-button').click();
    await waitForText(page.getByTestId('verify-approvals-ok'), /All 3 approval signatures are valid/);
    await shot(page, 'models-06-approvals-verified');
    await page.getByTestId('models-back').click();
    await waitForText(page.locator('[data-testid="model-row"][data-name="points-label"]'), /points-label.*2.*challenger → v2.*champion → v2/);
    await shot(page, 'models-07-list');
    assertOffline(app.session, app.server);
  });
});
