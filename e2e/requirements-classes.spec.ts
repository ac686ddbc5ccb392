// Journey: requirements with a planted duplicate and conflict come in as a CSV; the classifier page classifies them
// (the shipped default registered on first use), a person corrects one class in the table, retrains with a labelled
// CSV of their own and sees the candidate beside the classifier in use on held-out rows, then promotes it by a signed
// approval, after which a further retraining waits for its own approval; on the pairs page the duplicate and the
// conflict show side by side, one is dismissed with a reason and stays dismissed after a reload until it is restored.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertOffline, call, createProject, createUser, importRequirementsFile, liveApp, shot, tempDir, waitForText } from './harness';

const PASSPHRASE = 'requirements e2e passphrase, long enough';

/** R-2 says what R-1 says in other words; R-4 bounds R-3's response time differently */
const requirementsCsv = `id,title,text,level
R-1,Speed display,The infotainment unit shall display the current speed to the driver.,software
R-2,Speed display (HMI),The infotainment unit shall show the driver the current speed.,software
R-3,Brake response,The brake controller shall respond to a pedal request within 200 ms.,system
R-4,Brake response (supplier),The brake controller shall respond to a pedal request within 0.5 s.,system
R-5,Door lock,The door control unit shall lock every door when the vehicle speed exceeds 15 km/h.,system
R-6,Diagnostic access,The telematics unit shall authenticate every diagnostic session with a signed certificate.,software
R-7,Phone pairing,A first-time user shall be able to pair a phone with the head unit in no more than three steps.,software
R-8,Event log,The logger shall keep the last 1000 diagnostic events in non-volatile memory.,software
R-9,Targets,The control software shall build for ARM and x86 targets without changes to its source code.,software
R-10,Type approval,The vehicle shall comply with UN Regulation No. 155 on cyber security management systems.,system
R-11,Air in line,The infusion pump shall stop the infusion and raise an alarm within 2 s when air in the line is detected.,system
R-12,Service availability,The fleet portal shall be available 99.9% of the time in each calendar month.,software
`;

/** the user's own labelled sentences (text,label), a retraining's extra rows */
const labelsCsv = `text,label
"The parking assistant shall keep its warning tone below 70 dB(A) at the driver's ear.",usability
"The charging flap shall open only when the vehicle is unlocked.",security
"The telematics unit shall encrypt every message to the backend with TLS 1.3.",security
"The wiper controller shall restart the wipers within 1 s after a blocked blade is freed.",fault-tolerance
"The battery management system shall open the main contactors when a cell exceeds 60 °C.",safety
"The head unit shall show the same icons in day and night themes.",look-and-feel
"The map service shall serve 10000 concurrent vehicles without a longer response time.",scalability
"The diagnostic tester shall read the fault memory of every control unit.",functional
`;

/** a screenshot once every transition (a menu closing, a dialog fading in) has finished */
async function settledShot(page: Page, name: string): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  await shot(page, name);
}

describe('requirements classes', () => {
  const work = tempDir('requirements-classes');
  const specFile = path.join(work, 'brake-spec.csv');
  const labelsFile = path.join(work, 'my-domain-labels.csv');
  const app = liveApp({
    workspace: work,
    prepare: () => {
      fs.writeFileSync(specFile, requirementsCsv);
      fs.writeFileSync(labelsFile, labelsCsv);
    },
  });

  test('classifies imported requirements from the classifier page, the shipped default registered on first use', async () => {
    const { page } = app.session;
    await createProject(page, 'brake-spec');
    await page.getByTestId('nav-requirements').click();
    await importRequirementsFile(page, specFile, /brake-spec\.csv: 1 document, 12 requirements \(12 new/);
    await page.getByTestId('requirements-tab-classifier').click();
    await page.getByTestId('classifier-page').waitFor();
    await page.getByTestId('classifier-classify').click();
    await waitForText(page.getByTestId('classifier-classified'), /Classified 12 requirements with requirements-classifier@1/, 120_000);
    await waitForText(page.getByTestId('classifier-active'), /requirements-classifier@1/);
    await waitForText(page.getByTestId('classifier-pinned'), /newest version/);
    assert.ok((await page.getByTestId('cv-figure').count()) > 0, 'the shipped default comes with its cross-validated figures');
    await settledShot(page, 'requirements-classes-01-classified');
  });

  test('shows each class with its confidence in the table and takes a person’s correction, set apart from the verdict', async () => {
    const { page } = app.session;
    await page.getByTestId('requirements-tab-table').click();
    const cell = page.getByTestId('class-R-7');
    await cell.waitFor();
    const verdict = await cell.getAttribute('data-class');
    assert.ok(verdict, 'R-7 is classified');
    await waitForText(cell.getByTestId('class-model'), /\d+%/);
    // correct it to a class the classifier did not give
    const corrected = verdict === 'usability' ? 'look-and-feel' : 'usability';
    await page.getByTestId('class-menu-R-7').click();
    await page.getByTestId(`class-correct-${corrected}`).click();
    await waitForText(page.getByTestId('class-R-7').getByTestId('class-person'), new RegExp(corrected));
    assert.equal(await page.getByTestId('class-R-7').getAttribute('data-label'), corrected);
    // and accept another's verdict as it is, once the first menu has closed (its items would take the click)
    await page.getByRole('menu').waitFor({ state: 'detached' });
    await page.getByTestId('class-menu-R-11').click();
    await page.getByTestId('class-accept').click();
    await waitForText(page.getByTestId('class-R-11').getByTestId('class-person'), new RegExp((await page.getByTestId('class-R-11').getAttribute('data-class')) ?? '^$'));
    await settledShot(page, 'requirements-classes-02-corrected');

    const labels = await call<{ label: string | null; id: string }[]>(page, 'requirements.table', {});
    assert.equal(labels.find((r) => r.id === 'R-7')?.label, corrected, 'the correction is stored');
  });

  test('retrains on the corrections and a labelled CSV, compares on held-out rows, and promotes by a signed approval', async () => {
    const { page } = app.session;
    createUser(app.server.dataDir, 'bob', PASSPHRASE);
    await page.getByTestId('requirements-tab-classifier').click();
    await waitForText(page.getByTestId('classifier-corrections'), /2 given, 2 not yet learnt/);
    // a retraining cancelled midway stores nothing: no dataset version, no run, no classifier version
    await page.getByTestId('classifier-train').click();
    await page.getByTestId('classifier-job-progress').getByTestId('progress-cancel').click();
    await waitForText(page.getByTestId('classifier-job-cancelled'), /Retrain the classifier was cancelled; nothing was stored/);
    const versions = await call<{ versions: unknown[] }>(page, 'models.get', { name: 'requirements-classifier' });
    assert.equal(versions.versions.length, 1, 'the cancelled retraining registered no version');
    await page.getByTestId('classifier-job-cancelled').getByRole('button').click();

    await page.getByTestId('classifier-labels-file').setInputFiles(labelsFile);
    await waitForText(page.getByTestId('classifier-labels-file-label'), /my-domain-labels\.csv/);
    await page.getByTestId('classifier-folds').fill('3');
    await page.getByTestId('classifier-train').click();
    await page.getByTestId('classifier-job-progress').waitFor();
    // while it runs (the bar moves, so no waiting for transitions to settle)
    await shot(page, 'requirements-classes-03-retraining');

    await page.getByTestId('classifier-trained').waitFor({ timeout: 300_000 });
    await waitForText(page.getByTestId('classifier-trained-version'), /requirements-classifier@2/);
    await waitForText(page.getByTestId('held-out-candidate'), /requirements-classifier@2/);
    await waitForText(page.getByTestId('held-out-current'), /requirements-classifier@1/);
    assert.equal(await page.getByTestId('held-out-row').count(), 2);
    // v1's file is compared itself only where held-out rows are new to it (labelled-CSV rows the split held out)
    await page.locator('[data-testid="held-out-unseen-current"], [data-testid="held-out-unseen-none"]').first().waitFor();
    assert.ok((await page.getByTestId('classifier-trained-cv').getByTestId('cv-figure').count()) > 0);
    await waitForText(page.getByTestId('classifier-trained'), /2 corrections and 8 rows from the file/);
    // nothing pinned the default, so the new version classifies at once, and the corrections are learnt
    await waitForText(page.getByTestId('classifier-active'), /requirements-classifier@2/);
    await waitForText(page.getByTestId('classifier-corrections'), /2 given, 0 not yet learnt/);
    await settledShot(page, 'requirements-classes-04-compared');

    await page.getByTestId('classifier-promote-latest').click();
    await page.getByTestId('approve-user').waitFor();
    await waitForText(page.getByTestId('approve-fixed-alias'), /^active$/);
    await page.getByTestId('approve-user').fill('bob');
    await page.getByTestId('approve-passphrase').fill(PASSPHRASE);
    await page.getByTestId('approve-reason').fill('It has learnt our corrections and our own domain labels.');
    await settledShot(page, 'requirements-classes-05-promote');
    await page.getByTestId('approve-submit').click();
    await page.getByTestId('approve-user').waitFor({ state: 'hidden' });
    await waitForText(page.getByTestId('classifier-pinned'), /pinned by approval/);
    await waitForText(page.getByTestId('classifier-active'), /requirements-classifier@2/);
    await settledShot(page, 'requirements-classes-06-promoted');

    // with the classifier pinned, the next retraining waits for an approval before it classifies anything
    await page.getByTestId('classifier-train').click();
    await waitForText(page.getByTestId('classifier-trained-version'), /requirements-classifier@3/, 300_000);
    await waitForText(page.getByTestId('classifier-trained'), /the pinned classifier stays in use until this one is approved/);
    await waitForText(page.getByTestId('held-out-current'), /requirements-classifier@2/);
    await waitForText(page.getByTestId('classifier-latest'), /requirements-classifier@3 \(waits for approval\)/);
    await waitForText(page.getByTestId('classifier-active'), /requirements-classifier@2/);
    await page.getByTestId('classifier-promote').waitFor();
    assert.equal(await page.getByTestId('classifier-promote-latest').count(), 0, 'the promotion is offered once, beside the comparison');
    await settledShot(page, 'requirements-classes-07-waits-for-approval');
  });

  test('lists the duplicate and the conflict side by side; a dismissed pair stays dismissed after a reload until restored', async () => {
    const { page } = app.session;
    await page.getByTestId('requirements-tab-pairs').click();
    const duplicate = page.locator('[data-testid="pair"][data-a="R-1"][data-b="R-2"]');
    const conflict = page.locator('[data-testid="pair"][data-a="R-3"][data-b="R-4"]');
    await waitForText(duplicate.getByTestId('pair-relation'), /duplicate/);
    await waitForText(conflict.getByTestId('pair-relation'), /conflict/);
    await waitForText(conflict.getByTestId('pair-reason'), /200 ms.*0\.5 s/);
    await waitForText(conflict.getByTestId('pair-side-text').nth(1), /within 0\.5 s/);
    await settledShot(page, 'requirements-classes-08-pairs');

    await duplicate.getByTestId('pair-dismiss').click();
    await duplicate.getByTestId('pair-dismiss-reason').fill('R-2 is the HMI team’s copy; kept on purpose until the merge.');
    await settledShot(page, 'requirements-classes-09-dismissing');
    await duplicate.getByTestId('pair-dismiss-confirm').click();
    await duplicate.waitFor({ state: 'detached' });

    await page.reload();
    await page.getByTestId('pairs-page').waitFor();
    await conflict.waitFor();
    assert.equal(await duplicate.count(), 0, 'the dismissed pair stays hidden after a reload');
    await page.getByTestId('pairs-show-dismissed').click();
    await waitForText(duplicate.getByTestId('pair-dismissed'), /dismissed/);
    await settledShot(page, 'requirements-classes-10-dismissed-shown');

    await duplicate.getByTestId('pair-restore').click();
    await waitForText(duplicate, /Dismiss…/);
    assert.equal(await duplicate.getAttribute('data-dismissed'), 'false');
    assertOffline(app.session, app.server);
  });
});
