// The signed audit package's contract: the shape of manifest.json, what a verification finds, and the rule for the
// paths inside a package, which the writer and the verifier both apply so that whatever one writes the other reads.
import { z } from 'zod';

export const AUDIT_PACKAGE_FORMAT = 'airlock-audit-package-1';
/** At the package's root: the manifest, and its Ed25519 signature in base64 over the manifest's exact bytes. */
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 is 64 lower-case hex digits');

export const auditManifestFileSchema = z
  .object({
    path: z.string(),
    bytes: z.number().int().nonnegative(),
    sha256: sha256Hex,
  })
  .strict();

export const auditManifestSchema = z
  .object({
    format: z.literal(AUDIT_PACKAGE_FORMAT),
    /** ISO 8601 */
    created: z.string(),
    exporter: z
      .object({
        user: z.string(),
        /** SPKI PEM of the Ed25519 key that signed the manifest */
        publicKey: z.string(),
        /** SHA-256 of that key's SPKI DER, hex: how a user profile names its key (src/main/users/user-profiles.ts) */
        fingerprint: sha256Hex,
      })
      .strict(),
    /** in path order (UTF-16 code units, as JavaScript sorts), the manifest and its signature not among them */
    files: z.array(auditManifestFileSchema),
  })
  .strict();

export type AuditManifest = z.infer<typeof auditManifestSchema>;
export type AuditManifestFile = z.infer<typeof auditManifestFileSchema>;

export type AuditSignatureState = 'valid' | 'invalid' | 'missing';

export interface AuditPackageSigner {
  user: string;
  fingerprint: string;
}

/** What `verifyAuditPackage` found; ok only when the signature is valid and every list is empty. */
export interface AuditPackageVerification {
  ok: boolean;
  signature: AuditSignatureState;
  /** who the manifest says exported it; null when there is no readable manifest */
  signer: AuditPackageSigner | null;
  created: string | null;
  /** how many files the manifest lists */
  files: number;
  /** listed files whose bytes or SHA-256 differ from the manifest's */
  changed: string[];
  /** listed files the package does not hold */
  missing: string[];
  /** files the package holds that the manifest does not list */
  added: string[];
  /** everything else, one line each: an unreadable manifest, a fingerprint that is not its key's, an unexpected signer */
  problems: string[];
}

/** Why `p` cannot name a file in a package (absolute, '..', a backslash, a drive, a control character...), or null. */
export function packagePathProblem(p: string): string | null {
  const quoted = JSON.stringify(p);
  if (p === '') return 'an empty path';
  if (p.includes('\\')) return `the path ${quoted} has a backslash (use '/')`;
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) return `the path ${quoted} is absolute`;
  if (/\p{Cc}/u.test(p)) return `the path ${quoted} has a control character`;
  const segments = p.split('/');
  if (segments.some((s) => s === '..')) return `the path ${quoted} climbs out with '..'`;
  if (segments.some((s) => s === '' || s === '.')) return `the path ${quoted} has an empty or '.' segment`;
  if (p === MANIFEST_FILE || p === SIGNATURE_FILE) return `the path ${quoted} is the package's own ${p}`;
  return null;
}

/**
 * The first problem with a package's paths as a set: each path's own, then two paths that differ only in case (they
 * would be one file on macOS and Windows) and a path that is also another's folder ('a' and 'a/b').
 */
export function packagePathsProblem(paths: readonly string[]): string | null {
  const files = new Map<string, string>();
  for (const p of paths) {
    const own = packagePathProblem(p);
    if (own) return own;
    const key = p.toLowerCase();
    const other = files.get(key);
    if (other !== undefined) return other === p ? `the path ${JSON.stringify(p)} appears twice` : `the paths ${JSON.stringify(other)} and ${JSON.stringify(p)} differ only in case`;
    files.set(key, p);
  }
  for (const [key, p] of files) {
    const segments = key.split('/');
    for (let i = 1; i < segments.length; i++) {
      const folder = files.get(segments.slice(0, i).join('/'));
      if (folder !== undefined) return `the path ${JSON.stringify(folder)} is a file and also the folder of ${JSON.stringify(p)}`;
    }
  }
  return null;
}
