// An anchor is a user's Ed25519 signature over the audit log's head as they saw it: {project, seq, hash, at, signer}.
// It pins the chain from outside the file it protects: a log rewritten and re-chained no longer holds the signed hash.
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../store/audit-log';

export const signedAnchor = z
  .object({
    /** the project's stable id (project.uuid) */
    project: z.string().min(1),
    seq: z.number().int().positive(),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    at: z.string(),
    /** fingerprint of the signing key */
    signer: z.string().regex(/^[0-9a-f]{64}$/),
    /** base64 Ed25519 signature over the domain tag and the canonical JSON of the fields above */
    signature: z.string().min(1),
  })
  .strict();
export type SignedAnchor = z.infer<typeof signedAnchor>;
export type AnchorClaim = Omit<SignedAnchor, 'signature'>;

/** The domain tag keeps an anchor signature from ever being valid as a signature of anything else. */
function signedBytes(claim: AnchorClaim): Buffer {
  const { project, seq, hash, at, signer } = claim;
  return Buffer.from(`airlock-audit-anchor-1\n${canonicalJson({ project, seq, hash, at, signer })}`, 'utf8');
}

export function signAnchor(claim: AnchorClaim, privateKey: KeyObject): SignedAnchor {
  return { ...claim, signature: sign(null, signedBytes(claim), privateKey).toString('base64') };
}

export function anchorSignatureValid(anchor: SignedAnchor, publicKeyPem: string): boolean {
  try {
    return verify(null, signedBytes(anchor), createPublicKey(publicKeyPem), Buffer.from(anchor.signature, 'base64'));
  } catch {
    return false;
  }
}
