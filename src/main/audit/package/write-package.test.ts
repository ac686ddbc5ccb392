import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, verify } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditManifestSchema, MANIFEST_FILE, SIGNATURE_FILE } from '../../../shared/audit-package';
import { tempDir } from '../../test-support/temp-project';
import { localSigner, packageEntries, refusal } from './test-packages';
import { writeAuditPackage } from './write-package';

const ada = localSigner('ada');
const NOW = new Date('2026-11-28T08:00:00.000Z');
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

const files = (): { path: string; bytes: Buffer }[] => [
  { path: 'reports/drift.html', bytes: Buffer.from('<h1>drift</h1>') },
  { path: 'model-cards/churn@3.json', bytes: Buffer.from('{"name":"churn"}') },
  { path: 'requirements.reqif', bytes: Buffer.from('<REQ-IF/>') },
];

describe('writing a signed audit package', () => {
  it('holds every file in path order, then a manifest with each size and SHA-256 and its Ed25519 signature', async () => {
    const out = path.join(tempDir(), 'audit.zip');
    const manifest = await writeAuditPackage(out, files(), ada, NOW);
    const entries = packageEntries(out);
    expect([...entries.keys()]).toEqual(['model-cards/churn@3.json', 'reports/drift.html', 'requirements.reqif', MANIFEST_FILE, SIGNATURE_FILE]);
    const manifestBytes = entries.get(MANIFEST_FILE)!;
    expect(auditManifestSchema.parse(JSON.parse(manifestBytes.toString('utf8')))).toEqual(manifest);
    expect(manifest).toMatchObject({ format: 'airlock-audit-package-1', created: NOW.toISOString(), exporter: { user: 'ada', publicKey: ada.publicKeyPem, fingerprint: ada.fingerprint } });
    for (const f of files()) {
      expect(manifest.files.find((m) => m.path === f.path)).toEqual({ path: f.path, bytes: f.bytes.length, sha256: sha(f.bytes) });
      expect(entries.get(f.path)!.equals(f.bytes)).toBe(true);
    }
    const signature = Buffer.from(entries.get(SIGNATURE_FILE)!.toString('ascii').trim(), 'base64');
    expect(verify(null, manifestBytes, createPublicKey(ada.publicKeyPem), signature)).toBe(true);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['audit.zip']);
  });

  it('streams a file given as a stream, hashing what it compresses', async () => {
    const dir = tempDir();
    const big = Buffer.alloc(3_000_000);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919) % 251;
    fs.writeFileSync(path.join(dir, 'big.bin'), big);
    const out = path.join(dir, 'audit.zip');
    const manifest = await writeAuditPackage(out, [{ path: 'data/big.bin', stream: fs.createReadStream(path.join(dir, 'big.bin'), { highWaterMark: 65_536 }) }], ada, NOW);
    expect(manifest.files).toEqual([{ path: 'data/big.bin', bytes: big.length, sha256: sha(big) }]);
    expect(packageEntries(out).get('data/big.bin')!.equals(big)).toBe(true);
  });

  it('writes the same bytes for the same files and time, whatever order the files come in', async () => {
    const dir = tempDir();
    await writeAuditPackage(path.join(dir, 'a.zip'), files(), ada, NOW);
    await writeAuditPackage(path.join(dir, 'b.zip'), files().reverse(), ada, NOW);
    expect(fs.readFileSync(path.join(dir, 'a.zip')).equals(fs.readFileSync(path.join(dir, 'b.zip')))).toBe(true);
  });

  it.each([
    ['an absolute path', '/etc/passwd', /is absolute/],
    ['a drive path', 'C:/evidence.txt', /is absolute/],
    ['a parent folder', 'reports/../../evil.txt', /climbs out with '\.\.'/],
    ['a backslash', 'reports\\drift.html', /has a backslash/],
    ['an empty segment', 'reports//drift.html', /empty or '\.' segment/],
    ['a control character', 'reports/a\nb.html', /control character/],
    ['the manifest itself', 'manifest.json', /is the package's own manifest\.json/],
    ['a duplicate', 'requirements.reqif', /"requirements\.reqif" appears twice/],
    ['a name differing only in case', 'Requirements.reqif', /differ only in case/],
    ['a file that is also a folder', 'requirements.reqif/extra.txt', /is a file and also the folder of/],
  ])('refuses %s and leaves no file behind', async (_what, bad, why) => {
    const dir = tempDir();
    const out = path.join(dir, 'audit.zip');
    const e = await refusal(writeAuditPackage(out, [...files(), { path: bad, bytes: Buffer.from('x') }], ada, NOW));
    expect(e.error).toMatchObject({ code: 'BAD_INPUT', where: { file: out, field: 'path' } });
    expect(e.error.message).toMatch(why);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("refuses another user's private key for the named public key, and keeps the package already there", async () => {
    const dir = tempDir();
    const out = path.join(dir, 'audit.zip');
    await writeAuditPackage(out, files(), ada, NOW);
    const before = fs.readFileSync(out);
    const mallory = localSigner('mallory');
    const e = await refusal(writeAuditPackage(out, [{ path: 'other.txt', bytes: Buffer.from('other') }], { ...ada, privateKey: mallory.privateKey }, NOW));
    expect(e.error).toMatchObject({ code: 'BAD_INPUT', where: { field: 'signer' } });
    expect(e.error.message).toMatch(/the private key of ada is not the pair of the public key given; nothing was written/);
    expect(fs.readdirSync(dir)).toEqual(['audit.zip']);
    expect(fs.readFileSync(out).equals(before)).toBe(true);
  });

  it('leaves nothing when a streamed file fails part way', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'audit.zip');
    async function* failing(): AsyncIterable<Uint8Array> {
      yield Buffer.alloc(100_000, 1);
      throw new Error('the disk holding the report went away');
    }
    await expect(writeAuditPackage(out, [...files(), { path: 'z/late.bin', stream: failing() }], ada, NOW)).rejects.toThrow(/went away/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it.skipIf(!hasOpenssl3())('verifies with openssl alone, as a reviewer without Airlock would', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'audit.zip');
    await writeAuditPackage(out, files(), ada, NOW);
    const entries = packageEntries(out);
    fs.writeFileSync(path.join(dir, 'manifest.json'), entries.get(MANIFEST_FILE)!);
    fs.writeFileSync(path.join(dir, 'manifest.sig.bin'), Buffer.from(entries.get(SIGNATURE_FILE)!.toString('ascii'), 'base64'));
    fs.writeFileSync(path.join(dir, 'key.pem'), ada.publicKeyPem);
    const said = execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'key.pem', '-rawin', '-in', 'manifest.json', '-sigfile', 'manifest.sig.bin'], { cwd: dir, encoding: 'utf8' });
    expect(said).toMatch(/Signature Verified Successfully/);
  });
});

function hasOpenssl3(): boolean {
  try {
    return /^OpenSSL 3\./.test(execFileSync('openssl', ['version'], { encoding: 'utf8' }));
  } catch {
    console.log('openssl 3 is not installed: the openssl check of a package signature is skipped');
    return false;
  }
}
