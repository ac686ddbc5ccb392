import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditPackageVerification } from '../../shared/audit-package';
import type { AuditPackageResult } from '../../shared/trace';
import { localSigner, tamper } from '../audit/package/test-packages';
import { writeAuditPackage } from '../audit/package/write-package';
import { airlock, oneLineFailure, runCli, sharedDataCli } from '../test-support/run-cli';
import { tempDir } from '../test-support/temp-project';
import { traceProject } from '../test-support/trace-project';
import { UserProfiles } from '../users/user-profiles';

const ada = localSigner('ada');

async function freshPackage(): Promise<string> {
  const out = path.join(tempDir(), 'audit.zip');
  const files = ['model-cards/churn@3.json', 'reports/drift.html', 'requirements.reqif'].map((p) => ({ path: p, bytes: Buffer.from(`the content of ${p}`) }));
  await writeAuditPackage(out, files, ada, new Date('2026-11-28T08:00:00.000Z'));
  return out;
}

/** A package with one byte of a file changed, a file removed and one planted. */
async function tamperedPackage(): Promise<string> {
  const zip = await freshPackage();
  tamper(
    zip,
    (entries) => {
      entries.get('reports/drift.html')![0] ^= 0x20;
      entries.delete('requirements.reqif');
    },
    [{ name: 'extra/notes.txt', data: 'planted' }],
  );
  return zip;
}

describe('airlock audit verify', () => {
  it('exits 0 on an intact package, with no project, naming its signer', async () => {
    const zip = await freshPackage();
    const r = await airlock('audit', 'verify', zip, '--signer', ada.fingerprint);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout.trim()).toBe(`audit package intact: 3 files, signed by ada (key ${ada.fingerprint.slice(0, 16)}) at 2026-11-28T08:00:00.000Z`);
  });

  it('exits 1 naming every changed, missing and added file', async () => {
    const zip = await tamperedPackage();
    const r = await airlock('audit', 'verify', zip);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      `audit package ${zip} is NOT intact: signature valid, 1 changed, 1 missing, 1 added, 0 other problems`,
      `signature: valid (ada (key ${ada.fingerprint.slice(0, 16)}))`,
      'changed: reports/drift.html',
      'missing: requirements.reqif',
      'added: extra/notes.txt',
    ]);
  });

  it('with --json prints the findings as one document and exits 1 with one line on stderr', async () => {
    const zip = await tamperedPackage();
    const r = await airlock('audit', 'verify', zip, '--json');
    expect(r.code).toBe(1);
    const v = JSON.parse(r.stdout) as AuditPackageVerification;
    expect(v).toMatchObject({ ok: false, changed: ['reports/drift.html'], missing: ['requirements.reqif'], added: ['extra/notes.txt'] });
    expect(r.stderr.trim()).toBe(`AUDIT_PACKAGE_INVALID: ${zip}: signature valid, 1 changed, 1 missing, 1 added, 0 other problems`);
  });

  it('exits 1 on a manifest edited without being signed again', async () => {
    const zip = await freshPackage();
    tamper(zip, (entries) => entries.set('manifest.json', Buffer.from(entries.get('manifest.json')!.toString('utf8').replace('"user": "ada"', '"user": "eve"'))));
    const r = await airlock('audit', 'verify', zip);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/signature: invalid \(eve /);
  });

  it('exits 1 on a package signed by a key other than the one --signer names', async () => {
    const r = await airlock('audit', 'verify', await freshPackage(), '--signer', localSigner('bob').fingerprint);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/problem: the package is signed by ada \(key [0-9a-f]{16}\), not by the expected key/);
  });

  it('refuses a package with a path-traversal entry in one line', async () => {
    const zip = await freshPackage();
    tamper(zip, () => undefined, [{ name: '../../escape.txt', data: 'x' }]);
    expect(oneLineFailure(await airlock('audit', 'verify', zip))).toMatch(/^airlock: ARCHIVE_REFUSED: .*"\.\.\/\.\.\/escape\.txt" is not a plain relative name.*it was not verified\./);
  });
});

describe('airlock audit export', () => {
  const PASS = 'correct horse battery';
  const cli = sharedDataCli({ AIRLOCK_PASSPHRASE: PASS });
  let project: string;
  let fingerprint: string;

  beforeAll(async () => {
    const p = await traceProject();
    project = p.dir;
    await p.close();
    fingerprint = new UserProfiles(cli.dataDir).create('ada', PASS).fingerprint;
  }, 60_000);

  it('writes a signed package that `audit verify` passes, and names the file a changed byte is in', async () => {
    const zip = path.join(tempDir(), 'out.zip');
    const r = await cli.airlock('audit', 'export', zip, '--project', project, '--standard', 'annex4', 'iec62304', '--model', 'churn@1', '--as', 'ada', '--json');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const result = JSON.parse(r.stdout) as AuditPackageResult;
    expect(result).toMatchObject({ shown: zip, signer: { user: 'ada', fingerprint }, bytes: fs.statSync(zip).size });
    expect(result.standards.map((s) => s.standard)).toEqual(['annex4', 'iec62304']);
    expect(result.files).toEqual(expect.arrayContaining(['model-cards/churn@1.json', 'standards/annex4.pdf', 'standards/iec62304.pdf', 'audit-log.jsonl']));

    const ok = await cli.airlock('audit', 'verify', zip, '--signer', fingerprint);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^audit package intact: \d+ files, signed by ada/);

    tamper(zip, (entries) => entries.get('standards/annex4.html')![100]++);
    const bad = await cli.airlock('audit', 'verify', zip);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('changed: standards/annex4.html');
  }, 30_000);

  it('refuses in one line a wrong passphrase and an existing file without --force, writing nothing', async () => {
    const zip = path.join(tempDir(), 'refused.zip');
    const wrong = await runCli(['audit', 'export', zip, '--project', project, '--as', 'ada'], { ...process.env, AIRLOCK_DATA_DIR: cli.dataDir, AIRLOCK_PASSPHRASE: 'wrong horse' });
    expect(oneLineFailure(wrong)).toMatch(/passphrase/i);
    expect(fs.existsSync(zip)).toBe(false);
    fs.writeFileSync(zip, 'mine');
    expect(oneLineFailure(await cli.airlock('audit', 'export', zip, '--project', project, '--as', 'ada'))).toMatch(/FILE_EXISTS: .*already exists/);
    expect(fs.readFileSync(zip, 'utf8')).toBe('mine');
  }, 30_000);
});
