import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workbench } from '../app';
import { DB_FILE, ProjectStore } from '../store/project-store';
import { forgeAuditLog } from '../test-support/forge-audit-log';
import { tempDir, tempProject, testStoreOptions } from '../test-support/temp-project';
import { UserProfiles, type UnlockedUser } from '../users/user-profiles';
import { anchorHead } from './anchor-head';
import { verifyLog } from './log-verification';

/** A project with n entries after its creation, and a user whose data folder is separate from it. */
function setup(n: number): { store: ProjectStore; profiles: UserProfiles; ada: UnlockedUser } {
  const store = tempProject();
  for (let i = 0; i < n; i++) store.mutate({ action: 'test.step', target: `thing:${i}`, details: { i } }, () => undefined);
  const profiles = new UserProfiles(tempDir());
  profiles.create('ada', 'correct horse battery');
  return { store, profiles, ada: profiles.unlock('ada', 'correct horse battery') };
}

describe('signed anchors of the audit log', () => {
  it('a log anchored by a user verifies intact, counting the project copy and the user copy of the anchor', () => {
    const { store, profiles, ada } = setup(3);
    const r = anchorHead(store, ada, profiles);
    expect(r.anchor.seq).toBe(4);
    expect(r.keyRecorded).toBe(true);
    expect(verifyLog(store, profiles)).toEqual({ ok: true, entries: 5, anchors: 2 });
    expect(store.audit.list(1)[0]).toMatchObject({ action: 'audit.anchor', target: 'audit:4', details: { seq: 4, user: 'ada', keyRecorded: true } });
  });

  it('records the public key in the project on the user\'s first anchor only', () => {
    const { store, profiles, ada } = setup(1);
    expect(anchorHead(store, ada, profiles).keyRecorded).toBe(true);
    expect(anchorHead(store, ada, profiles).keyRecorded).toBe(false);
    const users = store.db.prepare('SELECT name, public_key FROM users').all();
    expect(users).toEqual([{ name: 'ada', public_key: ada.profile.publicKey }]);
  });

  it('detects a rewritten and re-chained log that the chain check alone passes, naming the anchored entry', () => {
    const { store, profiles, ada } = setup(3);
    anchorHead(store, ada, profiles);
    forgeAuditLog(store.db, 2);
    // what verify-log checked before anchors: the rewrite is consistent, so it passes
    expect(store.audit.verify()).toEqual({ ok: true, entries: 5 });
    const v = verifyLog(store, profiles);
    expect(v.ok).toBe(false);
    expect(v.firstBad).toEqual({ seq: 4, reason: expect.stringMatching(/^entry 4 is not the entry ada \(key [0-9a-f]{16}\) signed at .*the log was rewritten$/) });
  });

  it('detects the rewrite from the user\'s own data folder when the project\'s anchors and keys were erased too', () => {
    const { store, profiles, ada } = setup(3);
    anchorHead(store, ada, profiles);
    forgeAuditLog(store.db, 2, { alsoAnchors: true });
    expect(store.db.prepare('SELECT count(*) AS n FROM audit_anchors').get()).toEqual({ n: 0 });
    expect(verifyLog(store, profiles)).toMatchObject({ ok: false, firstBad: { seq: 4, reason: expect.stringMatching(/the log was rewritten/) } });
  });

  it('detects a log cut back below the anchored entry and re-chained', () => {
    const { store, profiles, ada } = setup(3);
    anchorHead(store, ada, profiles);
    store.db.exec("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= 4; UPDATE project SET audit_head_seq = 3, audit_head_hash = (SELECT hash FROM audit_log WHERE seq = 3)");
    expect(store.audit.verify()).toEqual({ ok: true, entries: 3 });
    expect(verifyLog(store, profiles)).toMatchObject({ ok: false, firstBad: { seq: 4, reason: expect.stringMatching(/no longer in the log/) } });
  });

  it('fails an anchor in the project whose signed fields were altered', () => {
    const { store, profiles, ada } = setup(2);
    anchorHead(store, ada, profiles);
    store.db.exec("DROP TRIGGER audit_anchors_no_update; UPDATE audit_anchors SET at = '2020-01-01T00:00:00.000Z'");
    expect(verifyLog(store, profiles)).toMatchObject({ ok: false, firstBad: { seq: 3, reason: expect.stringMatching(/does not verify against the key the project recorded/) } });
  });

  it('fails an anchor in the user\'s data folder whose signature was altered', () => {
    const { store, profiles, ada } = setup(2);
    const { localFile } = anchorHead(store, ada, profiles);
    const anchor = JSON.parse(fs.readFileSync(localFile, 'utf8')) as { signature: string };
    const sig = Buffer.from(anchor.signature, 'base64');
    sig[10] ^= 1;
    fs.writeFileSync(localFile, JSON.stringify({ ...anchor, signature: sig.toString('base64') }));
    expect(verifyLog(store, profiles)).toMatchObject({ ok: false, firstBad: { seq: 3, reason: expect.stringMatching(/does not verify against the key of ada/) } });
  });

  it('refuses to anchor a read-only project', () => {
    const { store, profiles, ada } = setup(1);
    store.close();
    const readOnly = ProjectStore.open(store.dir, { ...testStoreOptions, readOnly: true });
    expect(() => anchorHead(readOnly, ada, profiles)).toThrowError(/read-only/);
    expect(verifyLog(readOnly, profiles)).toEqual({ ok: true, entries: 2, anchors: 0 });
    readOnly.close();
  });
});

describe('opening a project whose log was rewritten', () => {
  it('reports the rewrite of an entry a local user signed in the project info on the next open, without a verify-log', async () => {
    const dataDir = tempDir();
    const dir = path.join(tempDir(), 'p');
    const profiles = new UserProfiles(dataDir);
    profiles.create('ada', 'correct horse battery');
    const app = new Workbench({ appVersion: 'test', host: 'cli', dataDir, trackRecent: false, signer: { user: 'ada', passphrase: 'correct horse battery' } });
    expect(await app.createProject(dir)).not.toHaveProperty('logAlert');
    await app.closeProject();
    const reopened = new Workbench({ appVersion: 'test', host: 'cli', dataDir, trackRecent: false, signer: null });
    expect(await reopened.openProject(dir)).not.toHaveProperty('logAlert');
    await reopened.closeProject();

    const db = new Database(path.join(dir, DB_FILE));
    forgeAuditLog(db, 1);
    db.close();
    const info = await reopened.openProject(dir);
    expect(info.logAlert).toMatch(/^entry 1 is not the entry ada .* the log was rewritten$/);
    await reopened.closeProject();
  });
});

describe('a damaged user profile', () => {
  it('does not keep a project from opening: it becomes the alert', async () => {
    const dataDir = tempDir();
    const dir = path.join(tempDir(), 'p');
    new UserProfiles(dataDir).create('ada', 'correct horse battery');
    fs.writeFileSync(path.join(dataDir, 'users', 'ada', 'profile.json'), '{ not json');
    const app = new Workbench({ appVersion: 'test', host: 'cli', dataDir, trackRecent: false, signer: null });
    const info = await app.createProject(dir);
    expect(info.logAlert).toMatch(/profile\.json/);
    await app.closeProject();
  });
});
