// Test support for audit packages: real users' signing keys (made and unlocked as `airlock user create` does) and a
// way to tamper with a written package entry by entry, as someone with the zip in hand could.
import fs from 'node:fs';
import { unzipSync } from 'fflate';
import { expect } from 'vitest';
import { AppFailure } from '../../../shared/errors';
import { tempDir } from '../../test-support/temp-project';
import { writeZip, type ZipEntrySpec } from '../../test-support/zip-writer';
import { UserProfiles } from '../../users/user-profiles';
import type { PackageSigner } from './write-package';

const PASS = 'correct horse battery';

/** A fresh local user's profile, unlocked: the signer an export would be handed. */
export function localSigner(name: string): PackageSigner & { fingerprint: string } {
  const profiles = new UserProfiles(tempDir());
  profiles.create(name, PASS);
  const { profile, privateKey } = profiles.unlock(name, PASS);
  return { user: profile.name, privateKey, publicKeyPem: profile.publicKey, fingerprint: profile.fingerprint };
}

/** The package's entries, in the order the zip holds them. */
export function packageEntries(zip: string): Map<string, Buffer> {
  const entries = unzipSync(fs.readFileSync(zip));
  return new Map(Object.entries(entries).map(([name, data]) => [name, Buffer.from(data)]));
}

/** Rewrites the package at `zip` after `edit` changed its entries (extra specs are appended as they are). */
export function tamper(zip: string, edit: (entries: Map<string, Buffer>) => void, extra: ZipEntrySpec[] = []): void {
  const entries = packageEntries(zip);
  edit(entries);
  writeZip(zip, [...[...entries].map(([name, data]) => ({ name, data })), ...extra]);
}

/** The AppFailure `run` rejects with; fails the test when it resolves or throws anything else. */
export async function refusal(run: Promise<unknown>): Promise<AppFailure> {
  const e = await run.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(e).toBeInstanceOf(AppFailure);
  return e as AppFailure;
}
