import { createHash, sign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANIFEST_FILE, SIGNATURE_FILE, type AuditManifest } from '../../../shared/audit-package';
import type { AppFailure } from '../../../shared/errors';
import { tempDir } from '../../test-support/temp-project';
import { localSigner, packageEntries, refusal, tamper } from './test-packages';
import { verifyAuditPackage, type VerifyOptions } from './verify-package';
import { writeAuditPackage, type PackageSigner } from './write-package';

const ada = localSigner('ada');
const mallory = localSigner('mallory');
const NOW = new Date('2026-11-28T08:00:00.000Z');
const PATHS = ['approvals/churn@3.json', 'audit/log-excerpt.json', 'model-cards/churn@3.json', 'reports/drift/age.html', 'requirements.reqif'];

async function freshPackage(signer: PackageSigner = ada): Promise<string> {
  const out = path.join(tempDir(), 'audit.zip');
  await writeAuditPackage(out, PATHS.map((p) => ({ path: p, bytes: Buffer.from(`the content of ${p}\n`.repeat(20)) })), signer, NOW);
  return out;
}

const manifestOf = (zip: string): AuditManifest => JSON.parse(packageEntries(zip).get(MANIFEST_FILE)!.toString('utf8')) as AuditManifest;
const manifestBytes = (m: AuditManifest): Buffer => Buffer.from(`${JSON.stringify(m, null, 2)}\n`, 'utf8');
const signatureBy = (signer: PackageSigner, bytes: Buffer): Buffer => Buffer.from(`${sign(null, bytes, signer.privateKey).toString('base64')}\n`);

const refused = (zip: string, options?: VerifyOptions): Promise<AppFailure> => refusal(verifyAuditPackage(zip, options));

describe('verifying a signed audit package', () => {
  it('finds a fresh package intact: valid signature by its exporter, every file as listed', async () => {
    const v = await verifyAuditPackage(await freshPackage(), { expectedSigner: ada.fingerprint });
    expect(v).toEqual({
      ok: true,
      signature: 'valid',
      signer: { user: 'ada', fingerprint: ada.fingerprint },
      created: NOW.toISOString(),
      files: PATHS.length,
      changed: [],
      missing: [],
      added: [],
      problems: [],
    });
  });

  it.each(PATHS)('names %s when one byte of it changed, and only it', async (changedPath) => {
    const zip = await freshPackage();
    tamper(zip, (entries) => {
      const bytes = entries.get(changedPath)!;
      bytes[5] ^= 0x01;
    });
    const v = await verifyAuditPackage(zip);
    expect(v).toMatchObject({ ok: false, signature: 'valid', changed: [changedPath], missing: [], added: [], problems: [] });
  });

  it('names a removed file as missing and an added one as added', async () => {
    const zip = await freshPackage();
    tamper(zip, (entries) => entries.delete('reports/drift/age.html'), [{ name: 'reports/drift/planted.html', data: '<script>1</script>' }]);
    const v = await verifyAuditPackage(zip);
    expect(v).toMatchObject({ ok: false, signature: 'valid', changed: [], missing: ['reports/drift/age.html'], added: ['reports/drift/planted.html'] });
  });

  it('fails the signature of a manifest edited to match a changed file without being signed again', async () => {
    const zip = await freshPackage();
    const forged = Buffer.from('a better result\n');
    const manifest = manifestOf(zip);
    const entry = manifest.files.find((f) => f.path === 'model-cards/churn@3.json')!;
    entry.bytes = forged.length;
    entry.sha256 = createHash('sha256').update(forged).digest('hex');
    tamper(zip, (entries) => {
      entries.set('model-cards/churn@3.json', forged);
      entries.set(MANIFEST_FILE, manifestBytes(manifest));
    });
    const v = await verifyAuditPackage(zip);
    expect(v).toMatchObject({ ok: false, signature: 'invalid', changed: [] });
    expect(v.problems).toEqual([`${SIGNATURE_FILE} does not verify against the key of ada: the manifest or the signature was altered`]);
  });

  it("fails a signature made with another user's key over a manifest that names the exporter's", async () => {
    const zip = await freshPackage();
    tamper(zip, (entries) => entries.set(SIGNATURE_FILE, signatureBy(mallory, entries.get(MANIFEST_FILE)!)));
    expect(await verifyAuditPackage(zip)).toMatchObject({ ok: false, signature: 'invalid', signer: { user: 'ada' } });
  });

  it("refuses a package re-signed with another user's key when the reviewer names the key they expect", async () => {
    const zip = await freshPackage();
    const manifest = manifestOf(zip);
    manifest.exporter = { user: 'ada', publicKey: mallory.publicKeyPem, fingerprint: mallory.fingerprint };
    const bytes = manifestBytes(manifest);
    tamper(zip, (entries) => {
      entries.set(MANIFEST_FILE, bytes);
      entries.set(SIGNATURE_FILE, signatureBy(mallory, bytes));
    });
    const v = await verifyAuditPackage(zip, { expectedSigner: ada.fingerprint });
    expect(v).toMatchObject({ ok: false, signature: 'valid', signer: { user: 'ada', fingerprint: mallory.fingerprint } });
    expect(v.problems).toEqual([`the package is signed by ada (key ${mallory.fingerprint.slice(0, 16)}), not by the expected key ${ada.fingerprint.slice(0, 16)}`]);
    expect(await verifyAuditPackage(await freshPackage(mallory), { expectedSigner: ada.fingerprint })).toMatchObject({ ok: false, signature: 'valid' });
  });

  it("names a manifest whose fingerprint is not its key's own, though signed", async () => {
    const zip = await freshPackage();
    const manifest = manifestOf(zip);
    manifest.exporter.fingerprint = mallory.fingerprint;
    const bytes = manifestBytes(manifest);
    tamper(zip, (entries) => {
      entries.set(MANIFEST_FILE, bytes);
      entries.set(SIGNATURE_FILE, signatureBy(ada, bytes));
    });
    const v = await verifyAuditPackage(zip);
    expect(v).toMatchObject({ ok: false, signature: 'valid' });
    expect(v.problems).toEqual([`${MANIFEST_FILE} gives ada's key the fingerprint ${mallory.fingerprint.slice(0, 16)}, but the key's own is ${ada.fingerprint.slice(0, 16)}`]);
  });

  it('reports a missing signature, and a missing manifest with every file as added', async () => {
    const unsigned = await freshPackage();
    tamper(unsigned, (entries) => entries.delete(SIGNATURE_FILE));
    expect(await verifyAuditPackage(unsigned)).toMatchObject({ ok: false, signature: 'missing', problems: [`the package has no ${SIGNATURE_FILE}`] });
    const bare = await freshPackage();
    tamper(bare, (entries) => entries.delete(MANIFEST_FILE));
    const v = await verifyAuditPackage(bare);
    expect(v).toMatchObject({ ok: false, signature: 'invalid', signer: null, files: 0, added: PATHS, problems: [`the package has no ${MANIFEST_FILE}`] });
  });

  it('names a manifest that is not JSON or not of the package format', async () => {
    const zip = await freshPackage();
    tamper(zip, (entries) => entries.set(MANIFEST_FILE, Buffer.from('{"format":"something-else"}')));
    const v = await verifyAuditPackage(zip);
    expect(v).toMatchObject({ ok: false, signature: 'invalid', signer: null });
    expect(v.problems[0]).toMatch(/^manifest\.json is not an audit package manifest: format: /);
  });

  it.each([
    ['a parent-folder entry', { name: '../outside.txt', data: 'payload' }, /"\.\.\/outside\.txt" is not a plain relative name/],
    ['an absolute entry', { name: '/tmp/outside.txt', data: 'payload' }, /"\/tmp\/outside\.txt" is not a plain relative name/],
    ['a symbolic link', { name: 'reports/link', data: '/etc/passwd', mode: 0o120777 }, /"reports\/link" is a symbolic link/],
  ])('refuses a package with %s before checking anything, in one line', async (_what, entry, why) => {
    const zip = await freshPackage();
    tamper(zip, () => undefined, [entry]);
    const e = await refused(zip);
    expect(e.error).toMatchObject({ code: 'ARCHIVE_REFUSED', where: { file: zip } });
    expect(e.error.message).toMatch(why);
    expect(e.error.message).toMatch(/; it was not verified\.$/);
    expect(fs.existsSync(path.join(path.dirname(zip), 'outside.txt'))).toBe(false);
  });

  it('refuses a package past the entry or size caps (a zip bomb) and one that is not a zip', async () => {
    const zip = await freshPackage();
    expect((await refused(zip, { limits: { maxEntries: 3, maxBytes: 1 << 30 } })).error.message).toMatch(/holds 7 entries, more than the 3/);
    expect((await refused(zip, { limits: { maxEntries: 100, maxBytes: 1000 } })).error.message).toMatch(/unpacks to \d+ bytes, more than the 1000/);
    tamper(zip, () => undefined, [{ name: 'bomb.bin', data: Buffer.alloc(5_000_000), claimedSize: 1000 }]);
    expect((await refused(zip)).error.message).toMatch(/"bomb\.bin" unpacks to more than the 1000 bytes it declares/);
    const notZip = path.join(tempDir(), 'not.zip');
    fs.writeFileSync(notZip, 'plain text');
    expect((await refused(notZip)).error.message).toMatch(/it is not a \.zip file/);
    expect((await refused(path.join(tempDir(), 'absent.zip'))).error.code).toBe('FILE_NOT_FOUND');
  });

  it('hands an intact package to the log-excerpt check and reports what it finds, and skips it otherwise', async () => {
    const zip = await freshPackage();
    const seen: string[] = [];
    const check: VerifyOptions['verifyLogExcerpt'] = async ({ manifest, read }) => {
      seen.push((await read('audit/log-excerpt.json')).toString('utf8').split('\n')[0]);
      expect(manifest.files).toHaveLength(PATHS.length);
      return ['entry 7 of the log excerpt does not link to entry 6'];
    };
    const v = await verifyAuditPackage(zip, { verifyLogExcerpt: check });
    expect(seen).toEqual(['the content of audit/log-excerpt.json']);
    expect(v).toMatchObject({ ok: false, signature: 'valid', problems: ['entry 7 of the log excerpt does not link to entry 6'] });
    tamper(zip, (entries) => entries.delete('requirements.reqif'));
    expect(await verifyAuditPackage(zip, { verifyLogExcerpt: check })).toMatchObject({ ok: false, missing: ['requirements.reqif'], problems: [] });
    expect(seen).toHaveLength(1);
  });
});
