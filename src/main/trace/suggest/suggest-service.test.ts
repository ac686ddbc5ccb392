import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceSuggestion } from '../../../shared/trace';
import { importRequirements } from '../../requirements/store/import-requirements';
import { tempDir } from '../../test-support/temp-project';
import { traceProject, type TraceProject } from '../../test-support/trace-project';

let p: TraceProject;

/** An unrelated line beside the churn project's: its requirement and its dataset must find each other, not churn's. */
const INVOICE_REQUIREMENTS = [
  'id,parent,level,title,text',
  'INV-1,,ml-component,Invoice amounts,The invoice model shall be trained on the invoices dataset with amount and currency per customer account.',
].join('\n');
const INVOICES_CSV = ['invoice_id,amount,currency,due_date', ...Array.from({ length: 20 }, (_, i) => `${i},${(i * 13.5).toFixed(2)},EUR,2026-01-${String((i % 28) + 1).padStart(2, '0')}`)].join('\n');

const ids = (s: TraceSuggestion[]): string[] => s.map((x) => `${x.target.kind}:${x.target.id}`);

beforeAll(async () => {
  p = await traceProject();
  const file = path.join(tempDir(), 'invoices-requirements.csv');
  fs.writeFileSync(file, `${INVOICE_REQUIREMENTS}\n`);
  await importRequirements(p.project.store, file);
  await p.importCsv('invoices', INVOICES_CSV);
}, 30_000);

afterAll(() => p.close());

describe('trace.suggest on a real project', () => {
  it('puts the churn model first for the churn classifier requirement, and prod before invoices', async () => {
    const s = await p.call('trace.suggest', { requirement: 'ML-1', limit: 10 });
    expect(s[0]).toMatchObject({ target: p.targets.model, type: 'satisfies' });
    expect(s[0].reason).toContain('name: churn');
    const list = ids(s);
    expect(list).toContain(`dataset_version:${p.datasetVersions[1]}`);
    // the older version of prod is the same line: offered once, as its newest version
    expect(list).not.toContain(`dataset_version:${p.datasetVersions[0]}`);
    expect(list.indexOf(`dataset_version:${p.datasetVersions[1]}`)).toBeLessThan(list.includes('dataset_version:invoices@1') ? list.indexOf('dataset_version:invoices@1') : Infinity);
  });

  it('puts the invoices dataset first for the invoices requirement, naming its columns', async () => {
    const [first] = await p.call('trace.suggest', { requirement: 'INV-1', limit: 5 });
    expect(first).toMatchObject({ target: { kind: 'dataset_version', id: 'invoices@1' }, type: 'trained-on' });
    expect(first.reason).toContain('columns: amount, currency');
  });

  it('offers the system requirement as the parent the ML requirement refines, and the ML one as its reversed child', async () => {
    const up = await p.call('trace.suggest', { requirement: 'ML-1', limit: 20 });
    expect(up.find((s) => s.target.id === 'SYS-1')).toMatchObject({ type: 'refines', target: { kind: 'requirement' } });
    const down = await p.call('trace.suggest', { requirement: 'SYS-1', limit: 20 });
    expect(down.find((s) => s.target.id === 'ML-1')).toMatchObject({ type: 'refines', reverse: true });
  });

  it('never offers a link already made, and offers it again once it is removed', async () => {
    const link = await p.call('trace.link', { requirement: 'ML-1', target: p.targets.model, type: 'satisfies', suggested: true });
    expect(link.origin).toBe('suggestion');
    expect(ids(await p.call('trace.suggest', { requirement: 'ML-1', limit: 20 }))).not.toContain(`model_version:${p.modelVersion}`);
    await p.call('trace.unlink', { link: link.id });
    expect(ids(await p.call('trace.suggest', { requirement: 'ML-1', limit: 20 }))).toContain(`model_version:${p.modelVersion}`);
  });

  it('remembers a rejection, audited once, and never offers that link again', async () => {
    const before = p.project.store.audit.head().seq;
    await p.call('trace.reject', { requirement: 'ML-1', target: p.targets.evaluation, type: 'verifies', reason: 'scored on the wrong window' });
    await p.call('trace.reject', { requirement: 'ML-1', target: p.targets.evaluation, type: 'verifies' });
    expect(p.project.store.audit.head().seq).toBe(before + 1);
    const [entry] = p.project.store.audit.list(1);
    expect(entry).toMatchObject({ action: 'trace.reject', target: 'requirement:ML-1', details: { target: `evaluation:${p.evaluation}`, type: 'verifies', reason: 'scored on the wrong window' } });
    expect(ids(await p.call('trace.suggest', { requirement: 'ML-1', limit: 50 }))).not.toContain(`evaluation:${p.evaluation}`);
    // other requirements are not affected by ML-1's rejection
    expect(ids(await p.call('trace.suggest', { requirement: 'SW-1', limit: 50 })).length).toBeGreaterThan(0);
  });

  it('refuses to reject a link to a target that does not exist, or of a type the target cannot take, naming the field', async () => {
    expect(await p.refused('trace.reject', { requirement: 'ML-1', target: { kind: 'dataset_version', id: 'nope@1' }, type: 'trained-on' })).toMatchObject({ code: 'NOT_FOUND', where: { field: 'target' } });
    expect(await p.refused('trace.reject', { requirement: 'ML-1', target: p.targets.dataset, type: 'monitored-by' })).toMatchObject({ code: 'BAD_INPUT', where: { field: 'type' } });
    expect(await p.refused('trace.suggest', { requirement: 'NOPE-9', limit: 5 })).toMatchObject({ code: 'NOT_FOUND', where: { field: 'requirement' } });
  });
});
