// Verifies a signed audit package offline: unpacks it with the host's defensive unzip (no '..', absolute names, links
// or devices; entry count and unpacked size capped, each entry stopped at the size it declares) into a private temp
// folder, then checks the manifest's Ed25519 signature against the key it names and every file's size and SHA-256,
// naming each changed, missing and added file. Unpacking to disk keeps memory flat however large the package.
import { createPublicKey, verify } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  auditManifestSchema,
  MANIFEST_FILE,
  SIGNATURE_FILE,
  type AuditManifest,
  type AuditPackageVerification,
  type AuditSignatureState,
} from '../../../shared/audit-package';
import { AppFailure, fail } from '../../../shared/errors';
import { DEFAULT_ZIP_LIMITS, unzipFolder, type ZipLimits } from '../../host/zip-folder';
import { fileSha256 } from './file-sha256';
import { keyFingerprint } from '../../users/user-profiles';

/** A manifest lists a file in about 120 bytes; this is room for the most files a package can hold, many times over. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
const MAX_SIGNATURE_BYTES = 1024;

/** The verified package as a log-excerpt check sees it: the manifest, and the bytes of any file it lists. */
export interface PackageContents {
  manifest: AuditManifest;
  read(file: string): Promise<Buffer>;
}

/**
 * The hook for checking an included audit-log excerpt's hash chain (src/main/store/audit-log.ts entryHash): it is
 * called once the files' hashes hold, and returns one line per problem. The excerpt's format is issue 16's to fix.
 */
export type LogExcerptCheck = (contents: PackageContents) => Promise<string[]>;

export interface VerifyOptions {
  /** the fingerprint of the key the package must be signed with; any valid signature passes without it */
  expectedSigner?: string;
  verifyLogExcerpt?: LogExcerptCheck;
  limits?: ZipLimits;
}

export async function verifyAuditPackage(zipPath: string, options: VerifyOptions = {}): Promise<AuditPackageVerification> {
  const stat = await fs.promises.stat(zipPath).catch(() => null);
  if (!stat?.isFile()) fail('FILE_NOT_FOUND', `${zipPath}: no such audit package file.`, { where: { file: zipPath } });
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'airlock-audit-verify-'));
  try {
    await unpack(zipPath, dir, options.limits ?? DEFAULT_ZIP_LIMITS);
    return await verifyUnpacked(dir, options);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

async function unpack(zipPath: string, dir: string, limits: ZipLimits): Promise<void> {
  try {
    await unzipFolder(zipPath, zipPath, dir, limits);
  } catch (e) {
    // the host's unzip speaks of importing; here nothing is imported, so the same refusal says what was not done
    if (e instanceof AppFailure && e.error.code === 'ARCHIVE_REFUSED') {
      fail('ARCHIVE_REFUSED', e.error.message.replace(/; nothing was imported\.$/, '; it was not verified.'), { where: { file: zipPath } });
    }
    throw e;
  }
}

async function verifyUnpacked(dir: string, options: VerifyOptions): Promise<AuditPackageVerification> {
  const held = new Set(await filesUnder(dir));
  const problems: string[] = [];
  const manifestBytes = await readOwn(dir, held, MANIFEST_FILE, MAX_MANIFEST_BYTES, problems);
  const signatureText = await readOwn(dir, held, SIGNATURE_FILE, MAX_SIGNATURE_BYTES, problems);
  const manifest = Buffer.isBuffer(manifestBytes) ? parseManifest(manifestBytes, problems) : null;
  const signature = signatureText === 'absent' ? 'missing' : signatureState(manifestBytes, manifest, signatureText, problems);
  if (manifest) signerProblems(manifest, options.expectedSigner, problems);

  const changed: string[] = [];
  const missing: string[] = [];
  const listed = new Set<string>();
  for (const file of manifest?.files ?? []) {
    if (listed.has(file.path)) problems.push(`the manifest lists ${JSON.stringify(file.path)} twice`);
    listed.add(file.path);
    if (!held.has(file.path)) {
      missing.push(file.path);
      continue;
    }
    const actual = await fileSha256(path.join(dir, ...file.path.split('/')));
    if (actual.bytes !== file.bytes || actual.sha256 !== file.sha256) changed.push(file.path);
  }
  const added = [...held].filter((p) => !listed.has(p));

  const intact = signature === 'valid' && problems.length === 0 && changed.length + missing.length + added.length === 0;
  if (intact && manifest && options.verifyLogExcerpt) {
    const contents: PackageContents = {
      manifest,
      read: (file) => {
        if (!listed.has(file)) fail('NOT_FOUND', `the audit package's manifest does not list ${JSON.stringify(file)}.`, { where: { file } });
        return fs.promises.readFile(path.join(dir, ...file.split('/')));
      },
    };
    problems.push(...(await options.verifyLogExcerpt(contents)));
  }
  return {
    ok: intact && problems.length === 0,
    signature,
    signer: manifest ? { user: manifest.exporter.user, fingerprint: manifest.exporter.fingerprint } : null,
    created: manifest?.created ?? null,
    files: manifest?.files.length ?? 0,
    changed: changed.sort(),
    missing: missing.sort(),
    added: added.sort(),
    problems,
  };
}

/** Every plain file under dir, as package paths ('/' between segments). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.promises.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** One of the package's own files (taken out of `held`): its bytes, 'absent', or null when too large to be one. */
async function readOwn(dir: string, held: Set<string>, file: string, cap: number, problems: string[]): Promise<Buffer | 'absent' | null> {
  if (!held.delete(file)) {
    problems.push(`the package has no ${file}`);
    return 'absent';
  }
  const full = path.join(dir, file);
  const { size } = await fs.promises.stat(full);
  if (size > cap) {
    problems.push(`${file} is ${size} bytes, more than the ${cap} a package's ${file} may be`);
    return null;
  }
  return fs.promises.readFile(full);
}

function parseManifest(bytes: Buffer, problems: string[]): AuditManifest | null {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    problems.push(`${MANIFEST_FILE} is not JSON`);
    return null;
  }
  const parsed = auditManifestSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  problems.push(`${MANIFEST_FILE} is not an audit package manifest: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  return null;
}

/** The signature over the manifest's exact bytes, checked with the key the manifest itself names. */
function signatureState(manifestBytes: Buffer | 'absent' | null, manifest: AuditManifest | null, signatureText: Buffer | null, problems: string[]): AuditSignatureState {
  if (!Buffer.isBuffer(manifestBytes) || !manifest || !signatureText) return 'invalid';
  try {
    const valid = verify(null, manifestBytes, createPublicKey(manifest.exporter.publicKey), Buffer.from(signatureText.toString('ascii').trim(), 'base64'));
    if (!valid) problems.push(`${SIGNATURE_FILE} does not verify against the key of ${manifest.exporter.user}: the manifest or the signature was altered`);
    return valid ? 'valid' : 'invalid';
  } catch {
    problems.push(`the public key of ${manifest.exporter.user} in ${MANIFEST_FILE} is not a usable Ed25519 key`);
    return 'invalid';
  }
}

/** The named fingerprint must be the key's own, and the one the reviewer expects when they name one. */
function signerProblems(manifest: AuditManifest, expected: string | undefined, problems: string[]): void {
  const { user, publicKey, fingerprint } = manifest.exporter;
  let actual: string;
  try {
    actual = keyFingerprint(publicKey);
  } catch {
    return; // an unusable key is already a signature problem
  }
  if (actual !== fingerprint) problems.push(`${MANIFEST_FILE} gives ${user}'s key the fingerprint ${fingerprint.slice(0, 16)}, but the key's own is ${actual.slice(0, 16)}`);
  if (expected !== undefined && expected.toLowerCase() !== actual) {
    problems.push(`the package is signed by ${user} (key ${actual.slice(0, 16)}), not by the expected key ${expected.slice(0, 16)}`);
  }
}
