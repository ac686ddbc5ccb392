import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppFailure } from '../../../shared/errors';
import { succeededAs } from '../../../shared/jobs';
import type { AuditPackageJobInput } from '../../../shared/trace';
import { tempDir } from '../../test-support/temp-project';
import { traceProject, type TraceProject } from '../../test-support/trace-project';
import { UserProfiles } from '../../users/user-profiles';
import { exportAuditPackage } from './export-package';
import { LOG_EXCERPT_FILE, verifyLogExcerpt } from './log-excerpt';
import { GAP } from './package-document';
import { packageEntries, tamper } from './test-packages';
import { verifyAuditPackage } from './verify-package';
import { writeAuditPackage } from './write-package';

const PASS = 'correct horse battery';
let p: TraceProject;
let fingerprint: string;

beforeAll(async () => {
  p = await traceProject();
  fingerprint = new UserProfiles(p.app.dataDir).create('ada', PASS).fingerprint;
  await p.call('trace.link', { requirement: 'ML-1', target: p.targets.evaluation, type: 'verifies' });
  await p.call('trace.mapClause', { standard: 'annex4', clause: '1.a', target: { kind: 'requirement', id: 'SYS-1' }, state: 'confirmed' });
}, 60_000);
afterAll(async () => p?.close());

async function exportTo(out: string, extra: { standards?: ('annex4' | 'iec62304')[]; passphrase?: string } = {}) {
  const { jobId } = await p.call('audit.exportPackage', { target: { kind: 'path', path: out }, standards: extra.standards ?? ['annex4'], user: 'ada', passphrase: extra.passphrase ?? PASS });
  const done = await p.project.jobs.wait(jobId);
  if (!succeededAs(done, 'audit.package')) throw new Error(`audit.package ended ${done.state}: ${JSON.stringify(done.error)}`);
  return { jobId, result: done.result };
}

describe('the signed audit package', () => {
  it('holds model cards, datasheets, matrices, reports, approvals, the log excerpt, SOUP, ReqIF and a report per standard, and verifies intact', async () => {
    const out = path.join(tempDir(), 'package.zip');
    const { result } = await exportTo(out);
    expect(result.files).toEqual(expect.arrayContaining([
      'model-cards/churn@1.json', 'model-cards/churn@1.html', 'datasheets/prod@2.json', 'datasheets/prod@2.html',
      'trace/matrix.csv', 'trace/matrix.html', 'trace/matrix.xlsx', 'trace/uncovered.json', 'trace/uncovered.html',
      `reports/evaluations/${p.evaluation}.json`, `reports/drift/${p.driftReport}.html`, 'approvals.json', LOG_EXCERPT_FILE,
      'soup.json', 'soup.html', 'requirements.reqif', 'standards/annex4.html', 'standards/annex4.pdf', 'README.txt',
    ]));
    expect(result.signer).toEqual({ user: 'ada', fingerprint });
    expect(result.standards).toEqual([{ standard: 'annex4', covered: 1, uncovered: expect.any(Number) }]);

    const v = await verifyAuditPackage(out, { expectedSigner: fingerprint, verifyLogExcerpt });
    expect(v).toMatchObject({ ok: true, signature: 'valid', changed: [], missing: [], added: [], problems: [] });

    const entries = packageEntries(out);
    const card = JSON.parse(entries.get('model-cards/churn@1.json')!.toString('utf8'));
    expect(card.model_details.name).toBe('churn');
    expect(card.model_parameters.data.train).toBe('prod@2');
    expect(card.considerations.limitations).toBe(GAP);
    expect(card.quantitative_analysis.performance_metrics.map((m: { type: string }) => m.type)).toContain('score.accuracy');
    const sheet = JSON.parse(entries.get('datasheets/prod@2.json')!.toString('utf8'));
    expect(Object.keys(sheet)).toEqual(expect.arrayContaining(['motivation', 'composition', 'collection_process', 'preprocessing', 'uses', 'distribution', 'maintenance']));
    expect(sheet.composition.columns.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['x', 'y', 'c', 'label']));
    expect(sheet.uses.trained).toEqual([`run ${p.run}`]);
    expect(entries.get('trace/matrix.csv')!.toString('utf8')).toMatch(new RegExp(`ML-1,.*${p.evaluation}.*verifies`));
    expect(entries.get('requirements.reqif')!.toString('utf8')).toContain('SYS-1');
    const soup = JSON.parse(entries.get('soup.json')!.toString('utf8'));
    expect(soup.libraries).toContainEqual(expect.objectContaining({ name: 'fflate', direct: true, license: 'MIT' }));
    const pdf = entries.get('standards/annex4.pdf')!.toString('latin1');
    expect(pdf.startsWith('%PDF-1.4')).toBe(true);
    expect(pdf).toContain('(\\225 1.a Intended purpose, provider and version) Tj');
    expect(pdf).toContain('(Status: covered; Evidence: requirement SYS-1 Churn warning) Tj');
    const html = entries.get('standards/annex4.html')!.toString('utf8');
    expect(html).toContain('requirement SYS-1 Churn warning');
  }, 60_000);

  it("records the export in the audit log with the zip's SHA-256, and keeps the signing key out of the jobs table", async () => {
    const out = path.join(tempDir(), 'audited.zip');
    const { jobId, result } = await exportTo(out);
    const entry = p.project.store.audit.list(5).find((e) => e.action === 'audit.export');
    expect(entry?.details).toMatchObject({ sha256: result.sha256, bytes: fs.statSync(out).size, signer: fingerprint, destination: out });
    const row = JSON.stringify(p.project.store.db.prepare('SELECT * FROM jobs WHERE id = ?').get(jobId));
    expect(row).toContain('audit.package');
    expect(row).not.toMatch(/PRIVATE KEY|MC4CAQAwBQYDK2Vw/);
    const log = JSON.stringify(p.project.store.audit.list(50));
    expect(log).not.toMatch(/PRIVATE KEY|MC4CAQAwBQYDK2Vw/);
  }, 60_000);

  it('refuses a wrong passphrase in one line, starting no job and writing nothing', async () => {
    const out = path.join(tempDir(), 'refused.zip');
    const before = p.project.jobs.list().length;
    const error = await p.refused('audit.exportPackage', { target: { kind: 'path', path: out }, standards: [], user: 'ada', passphrase: 'wrong horse' });
    expect(error.message).not.toContain('\n');
    expect(error.message).toMatch(/passphrase/i);
    expect(p.project.jobs.list().length).toBe(before);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('names the file a changed byte is in', async () => {
    const out = path.join(tempDir(), 'tampered.zip');
    await exportTo(out, { standards: [] });
    tamper(out, (entries) => {
      const html = entries.get('model-cards/churn@1.html')!;
      html[html.length - 2] ^= 1;
    });
    const changed = await verifyAuditPackage(out, { verifyLogExcerpt });
    expect(changed).toMatchObject({ ok: false, changed: ['model-cards/churn@1.html'], missing: [], added: [] });
  }, 60_000);

  it('refuses a model version the project does not hold, before any job or file', async () => {
    const out = path.join(tempDir(), 'unknown-model.zip');
    const before = p.project.jobs.list().length;
    const error = await p.refused('audit.exportPackage', { target: { kind: 'path', path: out }, models: ['churn@9'], user: 'ada', passphrase: PASS });
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'There is no model version churn@9.', where: { field: 'models' } });
    expect(p.project.jobs.list().length).toBe(before);
    expect(fs.existsSync(out)).toBe(false);
  });

  it("names the log excerpt's edited entry even when the package is signed again over the edit", async () => {
    const out = path.join(tempDir(), 'resigned.zip');
    await exportTo(out, { standards: [] });
    const entries = packageEntries(out);
    const lines = entries.get(LOG_EXCERPT_FILE)!.toString('utf8').split('\n');
    lines[1] = lines[1].replace('"actor":"', '"actor":"x');
    entries.set(LOG_EXCERPT_FILE, Buffer.from(lines.join('\n')));
    const files = [...entries].filter(([name]) => name !== 'manifest.json' && name !== 'manifest.sig').map(([name, bytes]) => ({ path: name, bytes }));
    const { privateKey, profile } = new UserProfiles(p.app.dataDir).unlock('ada', PASS);
    const resigned = path.join(tempDir(), 'resigned-again.zip');
    await writeAuditPackage(resigned, files, { user: 'ada', privateKey, publicKeyPem: profile.publicKey });
    const v = await verifyAuditPackage(resigned, { verifyLogExcerpt });
    expect(v).toMatchObject({ ok: false, signature: 'valid', changed: [], problems: [expect.stringMatching(/^audit-log\.jsonl line 2: entry 2's content does not give its hash$/)] });
  }, 30_000);

  it('leaves neither a file nor an audit entry when cancelled while gathering', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'cancelled.zip');
    const head = p.project.store.audit.head().seq;
    let checks = 0;
    const ctx = {
      progress: () => undefined,
      checkCancelled: () => {
        if (++checks === 4) throw new AppFailure({ code: 'JOB_CANCELLED', message: 'Cancelled by the user; nothing was stored.' });
      },
    };
    const input: AuditPackageJobInput = { path: out, shown: out, downloadId: null, overwrite: false, user: 'ada', standards: ['annex4'], models: [] };
    const { privateKey, profile } = new UserProfiles(p.app.dataDir).unlock('ada', PASS);
    await expect(exportAuditPackage(p.project.store, input, { user: 'ada', privateKey, publicKeyPem: profile.publicKey }, ctx)).rejects.toMatchObject({ error: { code: 'JOB_CANCELLED' } });
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(p.project.store.audit.head().seq).toBe(head);
  });
});
