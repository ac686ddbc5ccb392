// Seals a private key with a passphrase: scrypt stretches the passphrase into an AES-256-GCM key, and GCM's tag
// makes a wrong passphrase (or an edited file) fail loudly instead of yielding a garbage key.
import { createCipheriv, createDecipheriv, createPrivateKey, randomBytes, scryptSync, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { fail } from '../../shared/errors';

/** scrypt cost: N = 2^15 with r = 8 takes 32 MiB and about 0.1 s, OWASP's floor for interactive logins. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const SCRYPT_MAXMEM = 64 * 1024 * 1024;

export const sealedKeyFile = z
  .object({
    format: z.literal('airlock-sealed-key-1'),
    kdf: z.literal('scrypt'),
    // bounded so an edited file cannot ask scrypt for more than SCRYPT_MAXMEM (128 * N * r bytes)
    N: z.number().int().min(2).max(2 ** 16),
    r: z.number().int().min(1).max(8),
    p: z.number().int().min(1).max(4),
    salt: z.string(),
    iv: z.string(),
    tag: z.string(),
    /** the PKCS#8 DER of the private key, encrypted */
    ciphertext: z.string(),
  })
  .strict();
export type SealedKey = z.infer<typeof sealedKeyFile>;

/** `context` (the user's name and key fingerprint) is authenticated too, so a sealed key cannot be moved to another profile. */
export function sealPrivateKey(privateKey: KeyObject, passphrase: string, context: string): SealedKey {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = scryptSync(passphrase.normalize('NFC'), salt, 32, { ...SCRYPT, maxmem: SCRYPT_MAXMEM });
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const ciphertext = Buffer.concat([cipher.update(der), cipher.final()]);
  return {
    format: 'airlock-sealed-key-1',
    kdf: 'scrypt',
    ...SCRYPT,
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
}

export function openSealedKey(sealed: SealedKey, passphrase: string, context: string, file: string): KeyObject {
  const key = scryptSync(passphrase.normalize('NFC'), Buffer.from(sealed.salt, 'base64'), 32, { N: sealed.N, r: sealed.r, p: sealed.p, maxmem: SCRYPT_MAXMEM });
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  let der: Buffer;
  try {
    der = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
  } catch {
    fail('BAD_PASSPHRASE', 'The passphrase does not open this signing key (or the key file was altered).', { where: { file }, hint: 'Type the passphrase given at `airlock user create`.' });
  }
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}
