import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorOf } from '../test-support/app-error-of';
import { tempDir } from '../test-support/temp-project';
import { signAnchor, anchorSignatureValid } from './anchor-signature';
import { UserProfiles } from './user-profiles';

describe('local user profiles', () => {
  it('keeps the key pair in the data folder, folder 0700 and files 0600, the private key sealed not in clear', () => {
    const dataDir = tempDir();
    const profiles = new UserProfiles(dataDir);
    const ada = profiles.create('ada', 'correct horse battery');
    const home = path.join(dataDir, 'users', 'ada');
    expect(fs.statSync(path.join(dataDir, 'users')).mode & 0o777).toBe(0o700);
    expect(fs.statSync(home).mode & 0o777).toBe(0o700);
    for (const f of fs.readdirSync(home)) expect(fs.statSync(path.join(home, f)).mode & 0o777).toBe(0o600);
    const everything = fs.readdirSync(home).map((f) => fs.readFileSync(path.join(home, f), 'utf8')).join('\n');
    expect(everything).not.toMatch(/PRIVATE KEY/);
    expect(ada.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(profiles.list().map((p) => p.name)).toEqual(['ada']);
  });

  it('unlocks with the right passphrase only, and the unlocked key signs what the public key verifies', () => {
    const profiles = new UserProfiles(tempDir());
    const ada = profiles.create('ada', 'correct horse battery');
    expect(errorOf(() => profiles.unlock('ada', 'wrong horse battery')).code).toBe('BAD_PASSPHRASE');
    const user = profiles.unlock('ada', 'correct horse battery');
    const anchor = signAnchor({ project: 'p', seq: 3, hash: 'a'.repeat(64), at: '2026-01-01T00:00:00.000Z', signer: ada.fingerprint }, user.privateKey);
    expect(anchorSignatureValid(anchor, ada.publicKey)).toBe(true);
    expect(anchorSignatureValid({ ...anchor, seq: 4 }, ada.publicKey)).toBe(false);
  });

  it('refuses a taken name, a name that is a path, and a short passphrase, leaving nothing behind', () => {
    const dataDir = tempDir();
    const profiles = new UserProfiles(dataDir);
    profiles.create('ada', 'correct horse battery');
    expect(errorOf(() => profiles.create('ada', 'another passphrase')).code).toBe('USER_EXISTS');
    expect(errorOf(() => profiles.create('../evil', 'correct horse battery')).code).toBe('BAD_INPUT');
    expect(errorOf(() => profiles.create('bob', 'short')).code).toBe('BAD_INPUT');
    expect(fs.readdirSync(path.join(dataDir, 'users'))).toEqual(['ada']);
    expect(errorOf(() => profiles.unlock('nobody', 'correct horse battery')).code).toBe('USER_NOT_FOUND');
  });

  it('refuses a sealed key moved into another profile', () => {
    const dataDir = tempDir();
    const profiles = new UserProfiles(dataDir);
    profiles.create('ada', 'correct horse battery');
    profiles.create('bob', 'correct horse battery');
    fs.copyFileSync(path.join(dataDir, 'users', 'bob', 'signing-key.json'), path.join(dataDir, 'users', 'ada', 'signing-key.json'));
    expect(errorOf(() => profiles.unlock('ada', 'correct horse battery')).code).toBe('BAD_PASSPHRASE');
  });
});
