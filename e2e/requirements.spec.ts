// Journey: import a ReqIF file (chapters, nested requirements, XHTML), read the document view with its rich text,
// classes and lint scores, edit a vague requirement and watch its highlights change while typing, save it as
// revision 2 and read the word diff, filter the table, follow the lint report, then export ReqIF and re-import it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertOffline, call, choose, createProject, importRequirementsFile, liveApp, shot, tempDir, waitForText } from './harness';

const REQIF_NS = 'http://www.omg.org/spec/ReqIF/20110401/reqif.xsd';

const value = (definition: string, theValue: string, kind = 'STRING'): string =>
  `<ATTRIBUTE-VALUE-${kind} THE-VALUE="${theValue}"><DEFINITION><ATTRIBUTE-DEFINITION-${kind}-REF>${definition}</ATTRIBUTE-DEFINITION-${kind}-REF></DEFINITION></ATTRIBUTE-VALUE-${kind}>`;
const priority = (valueId: string): string =>
  `<ATTRIBUTE-VALUE-ENUMERATION><DEFINITION><ATTRIBUTE-DEFINITION-ENUMERATION-REF>a-priority</ATTRIBUTE-DEFINITION-ENUMERATION-REF></DEFINITION><VALUES><ENUM-VALUE-REF>${valueId}</ENUM-VALUE-REF></VALUES></ATTRIBUTE-VALUE-ENUMERATION>`;
const enumValue = (id: string, name: string, key: number): string => `<ENUM-VALUE IDENTIFIER="${id}" LONG-NAME="${name}"><PROPERTIES><EMBEDDED-VALUE KEY="${key}" OTHER-CONTENT=""/></PROPERTIES></ENUM-VALUE>`;
const xhtml = (content: string): string =>
  `<ATTRIBUTE-VALUE-XHTML><DEFINITION><ATTRIBUTE-DEFINITION-XHTML-REF>a-text</ATTRIBUTE-DEFINITION-XHTML-REF></DEFINITION><THE-VALUE>${content}</THE-VALUE></ATTRIBUTE-VALUE-XHTML>`;
const object = (id: string, values: string): string =>
  `<SPEC-OBJECT IDENTIFIER="${id}" LAST-CHANGE="2025-03-01T09:00:00Z"><VALUES>${values}</VALUES><TYPE><SPEC-OBJECT-TYPE-REF>t-req</SPEC-OBJECT-TYPE-REF></TYPE></SPEC-OBJECT>`;
const node = (id: string, objectId: string, children = ''): string =>
  `<SPEC-HIERARCHY IDENTIFIER="${id}">${children ? `<CHILDREN>${children}</CHILDREN>` : ''}<OBJECT><SPEC-OBJECT-REF>${objectId}</SPEC-OBJECT-REF></OBJECT></SPEC-HIERARCHY>`;

/**
 * Two chapters holding three requirements, as a DOORS export has them: headings by ReqIF.ChapterName, text as XHTML,
 * and a hierarchy node whose object was deleted (imported with a warning).
 */
function brakesReqif(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<REQ-IF xmlns="${REQIF_NS}" xmlns:xhtml="http://www.w3.org/1999/xhtml">
<THE-HEADER><REQ-IF-HEADER IDENTIFIER="hdr-brakes"><CREATION-TIME>2025-03-01T09:00:00Z</CREATION-TIME><REQ-IF-TOOL-ID>e2e</REQ-IF-TOOL-ID><REQ-IF-VERSION>1.0</REQ-IF-VERSION><SOURCE-TOOL-ID>hand</SOURCE-TOOL-ID><TITLE>Brakes</TITLE></REQ-IF-HEADER></THE-HEADER>
<CORE-CONTENT><REQ-IF-CONTENT>
<DATATYPES><DATATYPE-DEFINITION-STRING IDENTIFIER="dt-string" MAX-LENGTH="1000"/><DATATYPE-DEFINITION-XHTML IDENTIFIER="dt-xhtml"/>
<DATATYPE-DEFINITION-ENUMERATION IDENTIFIER="dt-priority"><SPECIFIED-VALUES>${enumValue('p-high', 'high', 0)}${enumValue('p-medium', 'medium', 1)}${enumValue('p-low', 'low', 2)}</SPECIFIED-VALUES></DATATYPE-DEFINITION-ENUMERATION>
<DATATYPE-DEFINITION-INTEGER IDENTIFIER="dt-effort" MIN="0" MAX="100"/></DATATYPES>
<SPEC-TYPES>
<SPEC-OBJECT-TYPE IDENTIFIER="t-req" LONG-NAME="Requirement"><SPEC-ATTRIBUTES>
<ATTRIBUTE-DEFINITION-STRING IDENTIFIER="a-chapter" LONG-NAME="ReqIF.ChapterName"><TYPE><DATATYPE-DEFINITION-STRING-REF>dt-string</DATATYPE-DEFINITION-STRING-REF></TYPE></ATTRIBUTE-DEFINITION-STRING>
<ATTRIBUTE-DEFINITION-STRING IDENTIFIER="a-status" LONG-NAME="ReqIF.Status"><TYPE><DATATYPE-DEFINITION-STRING-REF>dt-string</DATATYPE-DEFINITION-STRING-REF></TYPE></ATTRIBUTE-DEFINITION-STRING>
<ATTRIBUTE-DEFINITION-XHTML IDENTIFIER="a-text" LONG-NAME="ReqIF.Text"><TYPE><DATATYPE-DEFINITION-XHTML-REF>dt-xhtml</DATATYPE-DEFINITION-XHTML-REF></TYPE></ATTRIBUTE-DEFINITION-XHTML>
<ATTRIBUTE-DEFINITION-ENUMERATION IDENTIFIER="a-priority" LONG-NAME="Priority" MULTI-VALUED="false"><TYPE><DATATYPE-DEFINITION-ENUMERATION-REF>dt-priority</DATATYPE-DEFINITION-ENUMERATION-REF></TYPE></ATTRIBUTE-DEFINITION-ENUMERATION>
<ATTRIBUTE-DEFINITION-INTEGER IDENTIFIER="a-effort" LONG-NAME="Effort"><TYPE><DATATYPE-DEFINITION-INTEGER-REF>dt-effort</DATATYPE-DEFINITION-INTEGER-REF></TYPE></ATTRIBUTE-DEFINITION-INTEGER>
</SPEC-ATTRIBUTES></SPEC-OBJECT-TYPE>
<SPECIFICATION-TYPE IDENTIFIER="t-spec" LONG-NAME="Specification"/>
</SPEC-TYPES>
<SPEC-OBJECTS>
${object('ch-braking', value('a-chapter', 'Braking'))}
${object('REQ-1', value('a-status', 'draft') + xhtml('<xhtml:div><xhtml:p>The brake controller <xhtml:b>shall</xhtml:b> engage the brakes quickly when the pedal is pressed.</xhtml:p></xhtml:div>'))}
${object('REQ-2', value('a-status', 'approved') + priority('p-medium') + value('a-effort', '5', 'INTEGER') + xhtml('<xhtml:div><xhtml:p>When the driver presses the pedal, the brake lamps shall light within 100 ms:</xhtml:p><xhtml:ul><xhtml:li>front lamps</xhtml:li><xhtml:li>rear lamps</xhtml:li></xhtml:ul></xhtml:div>'))}
${object('ch-monitoring', value('a-chapter', 'Monitoring'))}
${object('REQ-3', value('a-status', 'draft') + xhtml('<xhtml:div>The system shall log all faults and/or warnings.</xhtml:div>'))}
</SPEC-OBJECTS>
<SPECIFICATIONS>
<SPECIFICATION IDENTIFIER="spec-brakes" LONG-NAME="Brake system"><CHILDREN>
${node('h-braking', 'ch-braking', node('h-1', 'REQ-1') + node('h-2', 'REQ-2'))}
${node('h-monitoring', 'ch-monitoring', node('h-3', 'REQ-3') + node('h-gone', 'REQ-deleted-in-doors'))}
</CHILDREN><TYPE><SPECIFICATION-TYPE-REF>t-spec</SPECIFICATION-TYPE-REF></TYPE></SPECIFICATION>
</SPECIFICATIONS>
</REQ-IF-CONTENT></CORE-CONTENT>
</REQ-IF>
`;
}

/** a unit's name in letters, not a word (a number would be a number without a unit to the lint, and "it" or "no" smells) */
const unitName = (i: number): string => i.toString(26).replace(/./g, (d) => String.fromCharCode(97 + parseInt(d, 26)));

/** `n` requirements, every third one vague ("quickly"), the others measurable */
function fleetCsv(n: number): string {
  const lines = ['id,text'];
  for (let i = 1; i <= n; i++) {
    const bound = i % 3 === 0 ? 'quickly' : `within ${100 + (i % 50)} ms`;
    lines.push(`F-${i},The fleet gateway shall forward the telemetry of unit zq${unitName(i)} to the depot server ${bound}.`);
  }
  return `${lines.join('\n')}\n`;
}

interface TableRow {
  id: string;
  text: string;
  status: string | null;
  revision: number;
  class: string | null;
}

interface JobState {
  state: string;
}

/** the marks the editor's backdrop shows, by rule */
async function markedRules(page: Page): Promise<string[]> {
  return page.getByTestId('requirement-text-marks').getByTestId('lint-mark').evaluateAll((marks) => marks.map((m) => m.getAttribute('data-rule') ?? ''));
}

async function waitForMarks(page: Page, accept: (rules: string[]) => boolean, what: string): Promise<string[]> {
  const deadline = Date.now() + 15_000;
  let rules: string[] = [];
  while (Date.now() < deadline) {
    rules = await markedRules(page);
    if (accept(rules)) return rules;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the highlights never showed ${what}; last: ${JSON.stringify(rules)}`);
}

/** classifies every requirement with the project's classifier (the shipped default on first use), waiting for the job */
async function classifyAll(page: Page): Promise<void> {
  const { jobId } = await call<{ jobId: string }>(page, 'requirements.classify', {});
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const job = await call<JobState>(page, 'jobs.get', { id: jobId });
    if (job.state === 'succeeded') return;
    assert.ok(job.state === 'queued' || job.state === 'running', `the classify job ended ${job.state}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the classify job did not finish in 120 s');
}

describe('requirements', () => {
  const work = tempDir('requirements');
  const files = { reqif: path.join(work, 'brakes.reqif'), exported: path.join(work, 'exported.reqif'), bulk: path.join(work, 'fleet.csv') };
  const app = liveApp({
    workspace: work,
    prepare: () => {
      fs.writeFileSync(files.reqif, brakesReqif());
      fs.writeFileSync(files.bulk, fleetCsv(3000));
    },
  });

  test('imports a ReqIF file and shows its hierarchy with rich text, classes and lint scores', async () => {
    const { page } = app.session;
    await createProject(page, 'brake-specs');

    await page.getByTestId('nav-requirements').click();
    await page.getByTestId('requirements-empty').waitFor();
    await importRequirementsFile(page, files.reqif, /brakes\.reqif: 1 document, 5 requirements \(5 new, 0 revised\)/);
    await waitForText(page.getByTestId('requirements-import-warnings'), /HIERARCHY_OBJECT_MISSING h-gone: .*REQ-deleted-in-doors/);

    const entries = page.getByTestId('document-entry');
    await waitForText(page.getByTestId('document-view'), /REQ-3/);
    assert.deepEqual(await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-id'))), ['ch-braking', 'REQ-1', 'REQ-2', 'ch-monitoring', 'REQ-3']);
    assert.deepEqual(await page.getByTestId('document-heading').allTextContents(), ['Braking', 'Monitoring']);
    // the XHTML renders as elements (bold, a list), not as markup text
    const req1 = page.locator('[data-testid="document-entry"][data-id="REQ-1"]');
    assert.equal(await req1.locator('b').textContent(), 'shall');
    const req2 = page.locator('[data-testid="document-entry"][data-id="REQ-2"]');
    assert.deepEqual(await req2.locator('li').allTextContents(), ['front lamps', 'rear lamps']);
    assert.ok(!(await page.getByTestId('document-view').textContent())?.includes('<'), 'no markup shows as text');
    // requirements under a chapter sit deeper than the chapter
    const indent = (id: string) => page.locator(`[data-testid="document-entry"][data-id="${id}"] > div`).evaluate((el) => parseFloat(getComputedStyle(el).paddingLeft));
    assert.ok((await indent('REQ-1')) > (await indent('ch-braking')), 'a requirement is indented under its chapter');
    // the vague requirement scores lower than the clean one
    await waitForText(page.getByTestId('lint-REQ-1'), /% · \d/);
    await waitForText(page.getByTestId('lint-REQ-2'), /^100%$/);

    // the window reloads its rows when the classification job finishes
    await classifyAll(page);
    const rows = await call<TableRow[]>(page, 'requirements.table', {});
    const requirements = rows.filter((r) => r.id.startsWith('REQ-'));
    assert.ok(requirements.every((r) => r.class !== null), 'every requirement has a class');
    assert.deepEqual(rows.filter((r) => r.id.startsWith('ch-')).map((r) => r.class), [null, null], 'a chapter heading states nothing to classify');
    for (const row of requirements) {
      await waitForText(page.locator(`[data-testid="class-${row.id}"][data-class="${row.class}"]`), new RegExp(row.class ?? '?'));
    }
    await shot(page, 'requirements-01-document');
  });

  test('edits a vague requirement with highlights that follow the typing, and saves it as revision 2', async () => {
    const { page } = app.session;
    await page.locator('[data-testid="document-entry"][data-id="REQ-1"]').click();
    await page.locator('[data-testid="requirement-editor"][data-id="REQ-1"]').waitFor();
    const before = await waitForMarks(page, (rules) => rules.some((r) => r.includes('ambiguous-term')), 'the vague "quickly"');
    assert.ok(before.length >= 1);
    await waitForText(page.getByTestId('lint-finding').filter({ hasText: 'quickly' }), /ambiguous-term.*quickly.*Suggestion: within <N> ms/);
    // a sentence with its condition at the end fits no EARS pattern: the editor offers the event-driven template
    await waitForText(page.getByTestId('ears-rewrite'), /When the pedal is pressed, the brake controller shall/);
    await shot(page, 'requirements-02-highlights');

    // typing a vaguer sentence adds a highlight; the old one stays on "quickly" as the text around it changes
    const textarea = page.getByTestId('requirement-text');
    await textarea.fill('The brake controller shall engage the brakes quickly and/or smoothly when the pedal is pressed.');
    await waitForMarks(page, (rules) => rules.some((r) => r.includes('combinator')) && rules.some((r) => r.includes('ambiguous-term')), 'the combinator "and/or"');
    // applying the suggestion replaces the span in place
    await page.getByTestId('lint-finding').filter({ hasText: 'quickly' }).getByTestId('apply-suggestion').click();
    assert.match(await textarea.inputValue(), /engage the brakes within <N> ms and\/or smoothly/);
    // then the author writes the measurable version: no ambiguous term, no combinator is left
    await textarea.fill('The brake controller shall engage the brakes within 150 ms when the pedal is pressed.');
    const after = await waitForMarks(page, (rules) => !rules.some((r) => r.includes('ambiguous-term') || r.includes('combinator')), 'the measurable text');
    assert.ok(!after.some((r) => r.includes('ambiguous-term')));
    await shot(page, 'requirements-03-typed');

    await page.getByTestId('requirement-save').click();
    await waitForText(page.getByTestId('editor-revision'), /revision 2/);
    await waitForText(page.getByTestId('requirement-diff'), /(?=.*quickly)(?=.*within 150 ms)/);
    assert.deepEqual(await page.getByTestId('diff-removed').allTextContents(), ['quickly ']);
    assert.match((await page.getByTestId('diff-added').allTextContents()).join(''), /within 150 ms/);
    assert.equal(await page.getByTestId('revision-row').count(), 2);
    await waitForText(page.locator('[data-testid="document-entry"][data-id="REQ-1"]'), /within 150 ms/);
    await page.getByTestId('requirement-diff').scrollIntoViewIfNeeded();
    await shot(page, 'requirements-04-revision-2');
  });

  test('a row of the table opens the same editor, which saves a new status, title and priority together as revision 2', async () => {
    const { page } = app.session;
    await page.getByTestId('requirements-tab-table').click();
    await page.locator('[data-testid="requirement-row"][data-id="REQ-2"]').click();
    await page.locator('[data-testid="requirement-editor"][data-id="REQ-2"]').waitFor();
    // the status and the text have fields of their own, so only the other typed attributes get controls
    const attributes = page.getByTestId('requirement-attribute');
    await attributes.first().waitFor();
    assert.deepEqual(await attributes.evaluateAll((els) => els.map((e) => e.getAttribute('data-name'))), ['Priority', 'Effort']);
    assert.equal(await page.getByTestId('requirement-status').inputValue(), 'approved');
    assert.equal(await page.locator('[data-testid="requirement-attribute"][data-name="Priority"]').inputValue(), 'medium');
    assert.ok(await page.getByTestId('requirement-save').isDisabled(), 'an unchanged form has nothing to save');

    // a value the datatype refuses comes back in one line naming the attribute, and nothing is stored
    const effort = page.locator('[data-testid="requirement-attribute"][data-name="Effort"]');
    await effort.fill('150');
    await page.getByTestId('requirement-save').click();
    await waitForText(page.getByTestId('requirement-save-refused'), /Attribute "Effort" of requirement REQ-2: "150" is above the maximum 100/);
    await effort.fill('5');

    await page.getByTestId('requirement-status').fill('in review');
    // REQ-2 has no chapter name: its title goes to the attribute named for it, so the export carries it
    await page.getByTestId('requirement-title').fill('Lamp timing');
    await page.locator('[data-testid="requirement-attribute"][data-name="Priority"]').click();
    await page.getByRole('option', { name: 'high' }).click();
    await shot(page, 'requirements-04b-fields');
    await page.getByTestId('requirement-save').click();
    await waitForText(page.getByTestId('editor-revision'), /revision 2/);
    const row = page.locator('[data-testid="requirement-row"][data-id="REQ-2"]');
    await waitForText(row, /in review/);
    const detail = await call<{ revision: number; status: string; history: { revision: number }[]; fields: { name: string; value: string }[] }>(page, 'requirements.get', { id: 'REQ-2', history: true });
    assert.deepEqual(detail.history.map((r) => r.revision), [1, 2], 'one Save made one revision');
    assert.equal(detail.status, 'in review');
    await waitForText(row, /Lamp timing/);
    assert.equal(detail.fields.find((f) => f.name === 'Priority')?.value, 'high');
  });

  test('filters the table by lint findings, level and free text', async () => {
    const { page } = app.session;
    await page.getByTestId('requirements-tab-table').click();
    await waitForText(page.getByTestId('requirements-count'), /^5 of 5$/);
    await page.getByTestId('filter-text').fill('lamps');
    await waitForText(page.getByTestId('requirements-count'), /^1 of 5$/);
    assert.equal(await page.getByTestId('requirement-row').getAttribute('data-id'), 'REQ-2');
    await page.getByTestId('filter-text').fill('');
    await choose(page, 'filter-lint', 'combinator');
    await waitForText(page.getByTestId('requirements-count'), /^1 of 5$/);
    assert.equal(await page.getByTestId('requirement-row').getAttribute('data-id'), 'REQ-3');
    await shot(page, 'requirements-05-table');
  });

  test('the lint report counts findings per rule and opens the worst requirement in the document view', async () => {
    const { page } = app.session;
    await page.getByTestId('requirements-tab-lint').click();
    await page.locator('[data-testid="lint-rule-count"][data-rule="combinator"]').waitFor();
    const worst = await page.getByTestId('lint-worst-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
    assert.equal(worst[0], 'REQ-3', 'the requirement with a combinator and a universal quantifier comes first');
    assert.ok(!worst.includes('REQ-2'), 'a clean requirement is not listed');
    await shot(page, 'requirements-06-lint-report');
    await page.getByTestId('lint-open').first().click();
    await page.locator('[data-testid="requirement-editor"][data-id="REQ-3"]').waitFor();
    assert.match(await page.evaluate(() => window.location.hash), /#\/requirements\/document\?.*id=REQ-3/);
  });

  test('exports ReqIF as a download and re-imports it without new requirements or revisions', async () => {
    const { page } = app.session;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('requirements-export-start').click()]);
    assert.match(download.suggestedFilename(), /\.reqif$/);
    await download.saveAs(files.exported);
    const exported = fs.readFileSync(files.exported, 'utf8');
    for (const id of ['REQ-1', 'REQ-2', 'REQ-3', 'spec-brakes']) assert.ok(exported.includes(`IDENTIFIER="${id}"`), `the export keeps ${id}`);
    // the status, title and priority saved in the window travel as REQ-2's attribute values
    const req2 = /<SPEC-OBJECT [^>]*IDENTIFIER="REQ-2"[\s\S]*?<\/SPEC-OBJECT>/.exec(exported)?.[0] ?? '';
    assert.match(req2, /THE-VALUE="in review"/);
    assert.match(req2, /THE-VALUE="Lamp timing"/);
    assert.match(req2, /<ENUM-VALUE-REF>p-high<\/ENUM-VALUE-REF>/);
    await waitForText(page.getByTestId('requirements-exported'), /5 requirements/);

    await importRequirementsFile(page, files.exported, /exported\.reqif: 1 document, 5 requirements \(0 new, 0 revised\)/);
    const rows = await call<TableRow[]>(page, 'requirements.table', {});
    assert.equal(rows.length, 5);
    const req1 = rows.find((r) => r.id === 'REQ-1');
    assert.equal(req1?.revision, 2, 'the edit survives the round trip as the latest revision');
    assert.equal(rows.find((r) => r.id === 'REQ-2')?.status, 'in review');
    assert.match(req1?.text ?? '', /within 150 ms/);
    await shot(page, 'requirements-07-reimported');
  });

  test('a document of 3,000 requirements scrolls in the table and the document view with only what is on screen drawn', async () => {
    const { page } = app.session;
    await importRequirementsFile(page, files.bulk, /fleet\.csv: 1 document, 3,000 requirements/);
    await choose(page, 'requirements-document', /fleet/);
    await page.getByTestId('requirements-tab-table').click();
    await waitForText(page.getByTestId('requirements-count'), /^3,000 of 3,000$/);
    const drawn = await page.getByTestId('requirement-row').count();
    assert.ok(drawn > 5 && drawn < 100, `${drawn} rows are drawn for 3,000`);
    const table = page.getByTestId('requirements-table');
    await table.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.locator('[data-testid="requirement-row"][data-id="F-3000"]').waitFor();
    await page.getByTestId('filter-text').fill('F-2999');
    await waitForText(page.getByTestId('requirements-count'), /^1 of 3,000$/);
    await page.getByTestId('filter-text').fill('');
    await choose(page, 'filter-lint', 'with findings');
    await waitForText(page.getByTestId('requirements-count'), /^1,000 of 3,000$/);
    await shot(page, 'requirements-08-large-table');
    // the document view measures the entries it draws and draws only those near the screen
    await page.getByTestId('requirements-tab-document').click();
    await page.locator('[data-testid="document-entry"][data-id="F-1"]').waitFor();
    const entries = await page.getByTestId('document-entry').count();
    assert.ok(entries > 5 && entries < 100, `${entries} entries are drawn for 3,000`);
    await page.getByTestId('document-view').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.locator('[data-testid="document-entry"][data-id="F-3000"]').waitFor();
    assertOffline(app.session, app.server);
  });
});
