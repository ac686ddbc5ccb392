// A public key's fingerprint as user profiles name keys (SHA-256 of the SPKI DER, hex; src/main/users/user-profiles.ts
// computes the same privately), so a package's signer can be matched to a profile or an approval's approver.
import { createHash, createPublicKey } from 'node:crypto';

export function keyFingerprint(publicKeyPem: string): string {
  return createHash('sha256').update(createPublicKey(publicKeyPem).export({ format: 'der', type: 'spki' })).digest('hex');
}
