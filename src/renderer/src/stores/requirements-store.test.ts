// The requirements store against a real Workbench: its calls go through the host's dispatch on a project with
// requirements imported from a CSV, as the window makes them (the CLI's path policy stands in for an upload).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreApi } from 'zustand/vanilla';
import { sampleReqif, writeTemp } from '../../../main/requirements/reqif/test-reqif';
import { tempDir } from '../../../main/test-support/temp-project';
import { openTestWorkbench, type TestWorkbench } from '../../../main/test-support/test-workbench';
import type { Channel } from '../../../shared/api';
import { createRequirementsStore, type RequirementsState } from './requirements-store';
import { inProcessHost, type HeldCall } from './test-host';

const requirementsCsv = `id,text,title,parent
S-1,,Braking,
R-1,The brake controller shall engage the brakes quickly.,,S-1
R-2,The brake lamps shall light within 100 ms of a pedal press.,,S-1
`;

let bench: TestWorkbench;
let store: StoreApi<RequirementsState>;
const held: { current: HeldCall | null } = { current: null };

beforeAll(async () => {
  bench = await openTestWorkbench(1);
  store = createRequirementsStore(inProcessHost(bench, { held }));
  const file = path.join(tempDir(), 'brakes.csv');
  fs.writeFileSync(file, requirementsCsv);
  await store.getState().importFile({ source: { kind: 'path', path: file }, fileName: 'brakes.csv' });
}, 60_000);
afterAll(async () => {
  await bench.app.closeProject();
});

/** runs `older` with its call to `channel` for `value` held back, then `newer` to the end, then lets the older answer arrive */
async function olderAnswersLast(channel: Channel, value: string, older: () => Promise<void>, newer: () => Promise<void>) {
  const hold: HeldCall = { channel, value, release: () => undefined };
  held.current = hold;
  const first = older();
  // the held call has reached the host before the newer one starts
  await new Promise((r) => setTimeout(r, 10));
  await newer();
  hold.release();
  await first;
  held.current = null;
}

describe('the requirements store', () => {
  it('imports a file, then lists its document and the rows with depth and lint verdicts', async () => {
    expect(store.getState().importOutcome).toMatchObject({ kind: 'succeeded', fileName: 'brakes.csv', summary: { documents: 1, requirements: 3, created: 3 } });
    const [document] = store.getState().documents;
    expect(document).toMatchObject({ requirements: 3 });
    await store.getState().loadRows(document.id);
    const rows = store.getState().rows;
    expect(rows.map((r) => [r.id, r.depth])).toEqual([
      ['S-1', 0],
      ['R-1', 1],
      ['R-2', 1],
    ]);
    expect(rows.find((r) => r.id === 'R-1')?.findings).toBeGreaterThan(0);
    expect(rows.find((r) => r.id === 'R-2')?.findings).toBe(0);
  });

  it('keeps the lint of the latest text when an older text’s answer arrives after it', async () => {
    await olderAnswersLast(
      'requirements.lintText',
      'The pump shall stop quickly.',
      () => store.getState().lintDraft('The pump shall stop quickly.'),
      () => store.getState().lintDraft('The pump shall stop within 2 s.'),
    );
    expect(store.getState().draftLint?.text).toBe('The pump shall stop within 2 s.');
    expect(store.getState().draftLint?.result.findings.map((f) => f.rule)).not.toContain('ambiguous-term');
  });

  it('saves an edit as revision 2, reloads the row and the history, and reads the word diff', async () => {
    await store.getState().select('R-1');
    expect(store.getState().detail?.revision).toBe(1);
    const saved = await store.getState().save('R-1', { text: 'The brake controller shall engage the brakes within 150 ms.' });
    expect(saved).toEqual({ ok: true });
    expect(store.getState().detail?.history?.map((r) => r.revision)).toEqual([1, 2]);
    expect(store.getState().rows.find((r) => r.id === 'R-1')).toMatchObject({ revision: 2, findings: 0 });
    await store.getState().loadDiff('R-1', 1, 2);
    expect(store.getState().diff?.parts.filter((p) => p.op !== 'same').map((p) => [p.op, p.text.trim()])).toEqual([
      ['added', 'within 150 ms.'],
      ['removed', 'quickly.'],
    ]);
  });

  it('returns a refusal for an edit that changes nothing, leaving the revision as it was', async () => {
    const refused = await store.getState().save('R-1', { text: 'The brake controller shall engage the brakes within 150 ms.' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(store.getState().detail?.revision).toBe(2);
  });

  it('shows the requirement selected last when an earlier selection answers later', async () => {
    await store.getState().select(null);
    await olderAnswersLast(
      'requirements.get',
      'R-1',
      () => store.getState().select('R-1'),
      () => store.getState().select('R-2'),
    );
    expect(store.getState().selected).toBe('R-2');
    expect(store.getState().detail?.id).toBe('R-2');
  });

  it('lists the project-wide lint report', async () => {
    await store.getState().loadLint();
    // the heading has no text to lint; the edited requirement is clean now
    expect(store.getState().lint?.map((r) => [r.id, r.findings.length])).toEqual([
      ['R-1', 0],
      ['R-2', 0],
    ]);
  });

  it('uploads a browser File with its progress shown, then imports it as a second document', async () => {
    const uploading = createRequirementsStore(inProcessHost(bench, { uploadsTo: tempDir() }));
    const seen: string[] = [];
    const stop = uploading.subscribe(({ importTask }) => {
      if (importTask) seen.push(`${importTask.phase} ${importTask.uploadFraction}`);
    });
    await uploading.getState().importFile(new File(['id,text\nP-1,The pump shall stop within 2 s.\n'], 'pumps.csv'));
    stop();
    expect(seen).toEqual(['uploading 0', 'uploading 1', 'storing 1']);
    expect(uploading.getState().importOutcome).toMatchObject({ kind: 'succeeded', fileName: 'pumps.csv', summary: { requirements: 1, created: 1 } });
    expect(uploading.getState().documents).toHaveLength(2);
  });

  it('refuses a browser File in one line where the host takes no uploads, storing nothing', async () => {
    await store.getState().importFile(new File(['id,text\nQ-1,The valve shall close.\n'], 'valves.csv'));
    expect(store.getState().importOutcome).toMatchObject({ kind: 'failed', error: { message: 'This host cannot receive uploads.' } });
    await store.getState().loadDocuments();
    expect(store.getState().documents).toHaveLength(2);
  });

  it('offers each typed ReqIF attribute with its datatype, choices, bounds and value, marking the one that holds the text', async () => {
    await store.getState().importFile({ source: { kind: 'path', path: writeTemp('brakes.reqif', sampleReqif()) }, fileName: 'brakes.reqif' });
    await store.getState().select('obj-1');
    const fields = new Map(store.getState().detail?.fields.map((f) => [f.name, f]));
    expect(fields.get('ASIL')).toMatchObject({ kind: 'ENUMERATION', value: 'ASIL D', choices: ['ASIL A', 'ASIL D'], multiValued: false, role: null });
    expect(fields.get('Priority')).toMatchObject({ kind: 'INTEGER', value: '42' });
    expect(fields.get('Weight')).toMatchObject({ kind: 'REAL', value: '0.125', min: -1.5, max: 1e6 });
    expect(fields.get('Safety relevant')).toMatchObject({ kind: 'BOOLEAN', value: 'true' });
    expect(fields.get('Reviewed')).toMatchObject({ kind: 'DATE', value: '2024-05-01T10:00:00+02:00' });
    expect(fields.get('ReqIF.ForeignID')).toMatchObject({ kind: 'STRING', maxLength: 255 });
    expect(fields.get('ReqIF.Text')).toMatchObject({ kind: 'XHTML', role: 'text' });
  });

  it('saves the title, status, owner and typed attributes together as one revision', async () => {
    const saved = await store.getState().save('obj-1', { title: 'Brake engagement', status: 'reviewed', owner: 'chassis team', attributes: { ASIL: 'ASIL A', Priority: '7' } });
    expect(saved).toEqual({ ok: true });
    const detail = store.getState().detail;
    expect(detail?.history?.map((r) => r.revision)).toEqual([1, 2]);
    expect(detail).toMatchObject({ revision: 2, title: 'Brake engagement', status: 'reviewed', owner: 'chassis team' });
    const fields = new Map(detail?.fields.map((f) => [f.name, f.value]));
    expect([fields.get('ASIL'), fields.get('Priority')]).toEqual(['ASIL A', '7']);
  });

  it('returns a value its datatype cannot hold as a refusal naming the attribute, storing nothing', async () => {
    const refused = await store.getState().save('obj-1', { status: 'approved', attributes: { Priority: 'high' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', where: { field: 'attributes.Priority' } } });
    expect(refused.ok ? '' : refused.error.message).toMatch(/Attribute "Priority" of requirement obj-1: "high" is not an integer/);
    expect(store.getState().detail).toMatchObject({ revision: 2, status: 'reviewed' });
  });
});
