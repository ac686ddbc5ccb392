// Writes a signed audit package: a zip of the given files in path order, then manifest.json (every file's size and
// SHA-256, the exporter and their public key) and manifest.sig (Ed25519 over the manifest's exact bytes, base64), so a
// reviewer can check it offline, with Airlock or with openssl alone. Files stream through (hashed as they are
// compressed), and the zip goes to a temp file renamed at the end: a failure leaves no package, not a torn one.
import { createHash, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Zip, ZipDeflate } from 'fflate';
import {
  AUDIT_PACKAGE_FORMAT,
  MANIFEST_FILE,
  packagePathsProblem,
  SIGNATURE_FILE,
  type AuditManifest,
  type AuditManifestFile,
} from '../../../shared/audit-package';
import { fail } from '../../../shared/errors';
import { keyFingerprint } from '../../users/user-profiles';

/** One file of the package: its bytes, or a stream of them (a large report or dataset export). */
export type PackageFile = { path: string; bytes: Uint8Array } | { path: string; stream: AsyncIterable<Uint8Array> };

export interface PackageSigner {
  user: string;
  privateKey: KeyObject;
  /** SPKI PEM of the key pair's public half; the package is refused if the private key is not its pair */
  publicKeyPem: string;
}

/** fflate writes no ZIP64, so sizes, offsets and the entry count must fit the classic zip's fields. */
const ZIP32_MAX_BYTES = 0xffffffff;
const ZIP32_MAX_ENTRIES = 0xffff;

/** Writes the package to `out` (replacing a file there only once the new one is complete); returns its manifest. */
export async function writeAuditPackage(out: string, files: readonly PackageFile[], signer: PackageSigner, now: Date = new Date()): Promise<AuditManifest> {
  const refuse = (why: string, field?: string): never => fail('BAD_INPUT', `audit package ${out}: ${why}; nothing was written.`, { where: { file: out, field } });
  const problem = packagePathsProblem(files.map((f) => f.path));
  if (problem) refuse(problem, 'path');
  if (files.length + 2 > ZIP32_MAX_ENTRIES) refuse(`${files.length} files are more than a package holds (${ZIP32_MAX_ENTRIES - 2})`);
  const ordered = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  await fs.promises.mkdir(path.dirname(out), { recursive: true });
  const tmp = `${out}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await fs.promises.open(tmp, 'wx', 0o600);
  let closed = false;
  try {
    const zip = new ZipStream(handle, now, refuse);
    const listed: AuditManifestFile[] = [];
    for (const file of ordered) listed.push(await zip.add(file.path, 'bytes' in file ? [file.bytes] : file.stream));
    const manifest: AuditManifest = {
      format: AUDIT_PACKAGE_FORMAT,
      created: now.toISOString(),
      exporter: { user: signer.user, publicKey: signer.publicKeyPem, fingerprint: keyFingerprint(signer.publicKeyPem) },
      files: listed,
    };
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
    const signature = sign(null, manifestBytes, signer.privateKey);
    // checked here rather than trusted: a package whose signature its own manifest's key rejects helps nobody
    if (!verify(null, manifestBytes, createPublicKey(signer.publicKeyPem), signature)) refuse(`the private key of ${signer.user} is not the pair of the public key given`, 'signer');
    await zip.add(MANIFEST_FILE, [manifestBytes]);
    await zip.add(SIGNATURE_FILE, [Buffer.from(`${signature.toString('base64')}\n`, 'ascii')]);
    await zip.end();
    await handle.sync();
    closed = true;
    await handle.close();
    await fs.promises.rename(tmp, out);
    return manifest;
  } catch (e) {
    if (!closed) await handle.close();
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
}

/**
 * fflate's streaming Zip calls back with output synchronously as data is pushed; the chunks are queued and written
 * after each push, so a slow disk holds the producer back instead of the whole package piling up in memory.
 */
class ZipStream {
  private readonly zip: Zip;
  private readonly pending: Uint8Array[] = [];
  private failure: Error | null = null;
  private written = 0;

  constructor(
    private readonly handle: fs.promises.FileHandle,
    private readonly mtime: Date,
    private readonly refuse: (why: string) => never,
  ) {
    this.zip = new Zip((err, chunk) => {
      if (err) this.failure = err;
      else this.pending.push(chunk);
    });
  }

  async add(name: string, chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<AuditManifestFile> {
    const entry = new ZipDeflate(name, { level: 6 });
    entry.mtime = this.mtime;
    this.zip.add(entry);
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of chunks) {
      bytes += chunk.length;
      if (bytes > ZIP32_MAX_BYTES) this.refuse(`${JSON.stringify(name)} is larger than the 4 GiB a package file may be`);
      hash.update(chunk);
      entry.push(chunk);
      await this.flush();
    }
    entry.push(new Uint8Array(0), true);
    await this.flush();
    return { path: name, bytes, sha256: hash.digest('hex') };
  }

  async end(): Promise<void> {
    this.zip.end();
    await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    for (const chunk of this.pending.splice(0)) {
      this.written += chunk.length;
      if (this.written > ZIP32_MAX_BYTES) this.refuse('the package would be larger than the 4 GiB a zip without ZIP64 holds');
      await this.handle.write(chunk);
    }
  }
}
