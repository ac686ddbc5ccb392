// Local user profiles: an Ed25519 key pair per person, kept in the app's data folder (users/NAME/, never in a
// project), the private key sealed with their passphrase; folders 0700 and files 0600 so other local users cannot read them.
import { createHash, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { fail } from '../../shared/errors';
import { openSealedKey, sealedKeyFile, sealPrivateKey } from './key-encryption';

const USERS_DIR = 'users';
const PROFILE_FILE = 'profile.json';
const KEY_FILE = 'signing-key.json';
const MIN_PASSPHRASE = 8;

const userName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);

const profileFile = z
  .object({
    name: userName,
    /** SHA-256 of the public key's SPKI DER, hex: how projects and anchors name the key */
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
    /** SPKI PEM */
    publicKey: z.string(),
    createdAt: z.string(),
  })
  .strict();
export type UserProfile = z.infer<typeof profileFile>;

/** A profile whose private key its owner has unlocked for this session. */
export interface UnlockedUser {
  profile: UserProfile;
  privateKey: KeyObject;
}

/** A public key's fingerprint, as profiles, approvals and audit packages name keys: SHA-256 of the SPKI DER, hex. */
export function keyFingerprint(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  return createHash('sha256').update(key.export({ format: 'der', type: 'spki' })).digest('hex');
}

export class UserProfiles {
  /** <data dir>/users */
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, USERS_DIR);
  }

  /** Makes NAME's key pair and seals the private key with the passphrase; refuses a name already taken. */
  create(name: string, passphrase: string, now: Date = new Date()): UserProfile {
    checkName(name);
    if (passphrase.length < MIN_PASSPHRASE) {
      fail('BAD_INPUT', `A passphrase needs at least ${MIN_PASSPHRASE} characters.`, { where: { field: 'passphrase' } });
    }
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(this.dir, 0o700);
    const home = path.join(this.dir, name);
    try {
      fs.mkdirSync(home, { mode: 0o700 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') fail('USER_EXISTS', `There is already a user named ${name} (${home}).`, { where: { file: home } });
      throw e;
    }
    try {
      fs.chmodSync(home, 0o700);
      const { publicKey, privateKey } = generateKeyPairSync('ed25519');
      const profile: UserProfile = {
        name,
        fingerprint: keyFingerprint(publicKey),
        publicKey: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
        createdAt: now.toISOString(),
      };
      writePrivate(path.join(home, KEY_FILE), JSON.stringify(sealPrivateKey(privateKey, passphrase, sealContext(profile)), null, 2));
      writePrivate(path.join(home, PROFILE_FILE), JSON.stringify(profile, null, 2));
      return profile;
    } catch (e) {
      // nothing half-made: a profile without its key (or the reverse) would be worse than none
      fs.rmSync(home, { recursive: true, force: true });
      throw e;
    }
  }

  list(): UserProfile[] {
    if (!fs.existsSync(this.dir)) return [];
    return fs
      .readdirSync(this.dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && userName.safeParse(d.name).success && fs.existsSync(path.join(this.dir, d.name, PROFILE_FILE)))
      .map((d) => this.get(d.name))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  get(name: string): UserProfile {
    checkName(name);
    const file = path.join(this.dir, name, PROFILE_FILE);
    if (!fs.existsSync(file)) fail('USER_NOT_FOUND', `No user named ${name} in ${this.dir}.`, { where: { file }, hint: 'Create one with `airlock user create NAME`.' });
    const parsed = profileFile.safeParse(readJson(file));
    if (!parsed.success || parsed.data.name !== name) fail('BAD_INPUT', `${file} is not a valid user profile.`, { where: { file } });
    const profile = parsed.data;
    if (keyFingerprint(createPublicKey(profile.publicKey)) !== profile.fingerprint) {
      fail('BAD_INPUT', `${file}: the recorded fingerprint does not match the public key.`, { where: { file } });
    }
    return profile;
  }

  /** The user's folder, where their own anchors of each project's log are kept. */
  home(name: string): string {
    checkName(name);
    return path.join(this.dir, name);
  }

  unlock(name: string, passphrase: string): UnlockedUser {
    const profile = this.get(name);
    const file = path.join(this.dir, name, KEY_FILE);
    const parsed = sealedKeyFile.safeParse(readJson(file));
    if (!parsed.success) fail('BAD_INPUT', `${file} is not a sealed signing key.`, { where: { file } });
    const privateKey = openSealedKey(parsed.data, passphrase, sealContext(profile), file);
    if (keyFingerprint(createPublicKey(privateKey)) !== profile.fingerprint) {
      fail('BAD_INPUT', `${file} holds the key of someone else, not of ${name}.`, { where: { file } });
    }
    return { profile, privateKey };
  }
}

function checkName(name: string): void {
  if (!userName.safeParse(name).success) {
    fail('BAD_INPUT', `'${JSON.stringify(name).slice(1, -1)}' is not a user name: use 1-64 letters, digits, dot, dash or underscore, starting with a letter or digit.`, {
      where: { field: 'name' },
    });
  }
}

function sealContext(profile: UserProfile): string {
  return `airlock-user:${profile.name}:${profile.fingerprint}`;
}

/** Created with mode 0600 from the first byte (never readable by others, even for a moment). */
function writePrivate(file: string, text: string): void {
  fs.writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
  fs.chmodSync(file, 0o600);
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch {
    return fail('BAD_INPUT', `Cannot read ${file} as JSON.`, { where: { file } });
  }
}
