// Journey: the signed audit package on the shared traceability project: choose standards, sign as a local user,
// export with progress, download the zip, check it offline with `airlock audit verify`, open its HTML report and read
// its PDF report's pages; a wrong passphrase is refused in one line and starts nothing.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { unzipSync, zipSync } from 'fflate';
import { assertOffline, call, choose, createUser, liveApp, root, shot, tempDir, waitForText } from './harness';
import { buildTraceProject, type TraceFixture } from './trace-fixture';

const PASSPHRASE = 'correct horse battery';

/** The text a PDF shows, page by page: the literal strings of each page's uncompressed content stream, unescaped. */
function pdfPages(pdf: Buffer): string[][] {
  const text = pdf.toString('latin1');
  const streams = [...text.matchAll(/stream\n([\s\S]*?)\nendstream/g)].map((m) => m[1]);
  return streams.map((s) =>
    [...s.matchAll(/\(((?:\\.|[^\\)])*)\) Tj/g)].map((m) => m[1].replace(/\\([0-7]{3}|.)/g, (_, e: string) => (e.length === 3 ? String.fromCharCode(parseInt(e, 8)) : e))),
  );
}

describe('audit package', () => {
  const work = tempDir('audit-package');
  const app = liveApp({ workspace: work });
  let built: TraceFixture | undefined;
  let zip = '';

  test('builds the shared project, links evidence and confirms a clause, and opens the audit package page', async () => {
    const { page } = app.session;
    built = await buildTraceProject(page);
    createUser(app.server.dataDir, 'auditor', PASSPHRASE);
    await call(page, 'trace.link', { requirement: 'ML-1', target: built.evaluation, type: 'verifies' });
    await call(page, 'trace.link', { requirement: 'ML-3', target: built.driftReport, type: 'monitored-by' });
    await call(page, 'trace.mapClause', { standard: 'annex4', clause: '1.a', target: { kind: 'requirement', id: 'SYS-1' }, state: 'confirmed' });
    await page.getByTestId('nav-trace').click();
    await page.getByTestId('trace-tab-package').click();
    await page.getByTestId('package-page').waitFor();
    await page.getByTestId('package-standard-check-iec62304').click();
    await choose(page, 'package-models', /fault-classifier@1/);
    await page.keyboard.press('Escape');
    await page.getByTestId('package-user').fill('auditor');
    await shot(page, 'audit-package-01-form');
  });

  test('refuses a wrong passphrase in one line, starting no job', async () => {
    const { page } = app.session;
    const jobsBefore = (await call<unknown[]>(page, 'jobs.list', {})).length;
    await page.getByTestId('package-passphrase').fill('wrong horse');
    await page.getByTestId('package-export').click();
    const banner = await waitForText(page.getByRole('alert'), /passphrase/i);
    assert.doesNotMatch(banner, /\n/);
    assert.equal((await call<unknown[]>(page, 'jobs.list', {})).length, jobsBefore, 'no job was started');
    await shot(page, 'audit-package-02-refused');
    await page.getByRole('alert').getByRole('button').first().click();
  });

  test('exports the package as a download, with the file list, its SHA-256 and coverage per standard', async () => {
    const { page } = app.session;
    await page.getByTestId('package-passphrase').fill(PASSPHRASE);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('package-export').click()]);
    zip = path.join(work, 'audit-package.zip');
    await download.saveAs(zip);
    await page.getByTestId('package-result').waitFor();
    const sha = await waitForText(page.getByTestId('package-result-sha256'), /^[0-9a-f]{64}$/);
    const files = await page.getByTestId('package-files').textContent();
    for (const f of ['model-cards/fault-classifier@1.html', 'datasheets/readings@1.html', 'trace/matrix.xlsx', 'audit-log.jsonl', 'soup.html', 'requirements.reqif', 'standards/annex4.pdf', 'standards/iec62304.pdf']) {
      assert.ok(files?.includes(f), `the package lists ${f}`);
    }
    await waitForText(page.getByTestId('package-standard-annex4'), /1 covered/);
    const exported = (await call<{ action: string; details: { models: string[]; sha256: string } }[]>(page, 'audit.list', { limit: 5 })).find((e) => e.action === 'audit.export');
    assert.deepEqual(exported?.details.models, ['fault-classifier@1'], 'the chosen model version is the one included');
    assert.equal(exported?.details.sha256, sha, 'the audit log records the SHA-256 of the zip');
    const { createHash } = await import('node:crypto');
    assert.equal(createHash('sha256').update(fs.readFileSync(zip)).digest('hex'), sha, 'the page shows the downloaded file\'s SHA-256');
    await shot(page, 'audit-package-03-exported');
  });

  test('verifies offline with airlock audit verify, and a changed byte is named', () => {
    const ok = execFileSync(process.execPath, ['bin/airlock.mjs', 'audit', 'verify', zip], { cwd: root, encoding: 'utf8' });
    assert.match(ok, /^audit package intact: \d+ files, signed by auditor/);
    const entries = unzipSync(fs.readFileSync(zip));
    entries['standards/annex4.html'][200] ^= 1;
    const tampered = path.join(work, 'tampered.zip');
    fs.writeFileSync(tampered, zipSync(entries));
    const bad = spawnSync(process.execPath, ['bin/airlock.mjs', 'audit', 'verify', tampered], { cwd: root, encoding: 'utf8' });
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /^changed: standards\/annex4\.html$/m);
  });

  test('opens the HTML standard report and model card, and reads the PDF report page by page', async () => {
    const entries = unzipSync(fs.readFileSync(zip));
    const out = path.join(work, 'unpacked');
    for (const name of ['standards/annex4.html', 'model-cards/fault-classifier@1.html', 'datasheets/readings@1.html']) {
      fs.mkdirSync(path.join(out, path.dirname(name)), { recursive: true });
      fs.writeFileSync(path.join(out, name), entries[name]);
    }
    // a context of its own: the report is a local file, and the app's network recorder watches only the app's context
    const context = await app.session.browser.newContext({ viewport: { width: 1100, height: 900 } });
    try {
      const viewer = await context.newPage();
      await viewer.goto(pathToFileURL(path.join(out, 'standards/annex4.html')).href);
      assert.equal(await viewer.locator('h1').textContent(), 'EU AI Act, Annex IV');
      assert.match((await viewer.locator('main').textContent()) ?? '', /1\.a Intended purpose, provider and version.*covered.*requirement SYS-1 Fault detection/s);
      await shot(viewer, 'audit-package-04-annex4-html');
      await viewer.goto(pathToFileURL(path.join(out, 'model-cards/fault-classifier@1.html')).href);
      assert.match((await viewer.locator('main').textContent()) ?? '', /Quantitative analysis.*score\.accuracy/s);
      assert.ok((await viewer.locator('dd.gap').count()) > 0, 'the gaps a person must write are marked');
      await viewer.setViewportSize({ width: 1100, height: 1400 });
      await shot(viewer, 'audit-package-05-model-card');
      await viewer.goto(pathToFileURL(path.join(out, 'datasheets/readings@1.html')).href);
      assert.match((await viewer.locator('main').textContent()) ?? '', /1\. Motivation.*7\. Maintenance/s);
      await shot(viewer, 'audit-package-06-datasheet');
    } finally {
      await context.close();
    }

    const pages = pdfPages(Buffer.from(entries['standards/annex4.pdf']));
    assert.ok(pages.length >= 2, `the Annex IV report runs over ${pages.length} pages`);
    assert.equal(pages[0][1], 'EU AI Act, Annex IV');
    pages.forEach((lines, i) => assert.equal(lines[lines.length - 1], `EU AI Act, Annex IV: coverage: page ${i + 1} of ${pages.length}`));
    const all = pages.flat();
    assert.ok(all.includes('\x95 1.a Intended purpose, provider and version'));
    assert.ok(all.includes('Status: covered; Evidence: requirement SYS-1 Fault detection'));
    assert.ok(all.some((l) => /^Checklist items covered: 1 of \d+ applicable/.test(l)));
  });

  test('reached nothing outside the machine', () => {
    assertOffline(app.session, app.server);
  });
});
