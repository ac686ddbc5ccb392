import { describe, expect, it } from 'vitest';
import { tempProject } from '../test-support/temp-project';
import { canonicalJson } from './audit-log';
import type { ProjectStore } from './project-store';

function projectWithEntries(n: number): ProjectStore {
  const store = tempProject();
  for (let i = 0; i < n; i++) store.mutate({ action: 'test.step', target: `thing:${i}`, details: { i } }, () => undefined);
  return store;
}

/** Edits history the way an attacker with the SQLite file would: drop the guard triggers first. */
function tamper(store: ProjectStore, sql: string, ...params: unknown[]): void {
  store.db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  store.db.prepare(sql).run(...params);
}

describe('hash-chained audit log', () => {
  it('records project creation and every mutation, and verifies intact', () => {
    const store = projectWithEntries(5);
    const v = store.audit.verify();
    expect(v).toEqual({ ok: true, entries: 6 });
    const [latest] = store.audit.list(1);
    expect(latest).toMatchObject({ seq: 6, actor: 'tester@lab', action: 'test.step', target: 'thing:4', details: { i: 4 } });
  });

  it('refuses UPDATE and DELETE through SQL', () => {
    const store = projectWithEntries(2);
    expect(() => store.db.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = 2").run()).toThrowError(/append-only/);
    expect(() => store.db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrowError(/append-only/);
  });

  it('refuses INSERT OR REPLACE over an existing entry, and an entry that skips ahead', () => {
    const store = projectWithEntries(2);
    const [second] = store.audit.list(1, 3);
    const forged = { ...second, actor: 'mallory', details: '{}', prev_hash: second.prevHash };
    const insert = (verb: string, seq: number) =>
      store.db.prepare(`${verb} INTO audit_log (seq, at, actor, action, target, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(seq, forged.at, forged.actor, forged.action, forged.target, forged.details, forged.prev_hash, forged.hash);
    expect(() => insert('INSERT OR REPLACE', 2)).toThrowError(/append-only/);
    expect(() => insert('REPLACE', 2)).toThrowError(/append-only/);
    expect(() => insert('INSERT', 9)).toThrowError(/append-only/);
    expect(store.audit.list(1, 3)[0]).toEqual(second);
    expect(store.audit.verify()).toEqual({ ok: true, entries: 3 });
  });

  it('detects an edited entry and names it', () => {
    const store = projectWithEntries(5);
    tamper(store, "UPDATE audit_log SET details = '{\"i\":99}' WHERE seq = 3");
    expect(store.audit.verify()).toMatchObject({ ok: false, firstBad: { seq: 3, reason: expect.stringMatching(/changed/) } });
  });

  it('detects an entry deleted from the middle', () => {
    const store = projectWithEntries(5);
    tamper(store, 'DELETE FROM audit_log WHERE seq = 4');
    expect(store.audit.verify()).toMatchObject({ ok: false, firstBad: { seq: 4, reason: expect.stringMatching(/missing/) } });
  });

  it('detects entries removed from the end', () => {
    const store = projectWithEntries(5);
    tamper(store, 'DELETE FROM audit_log WHERE seq >= 5');
    expect(store.audit.verify()).toMatchObject({ ok: false, firstBad: { seq: 5, reason: expect.stringMatching(/removed from the end/) } });
  });

  it('detects a re-hashed edit because the next link no longer matches', () => {
    const store = projectWithEntries(4);
    // Rewrite entry 2 and its own hash consistently: entry 3 still points at the old hash.
    tamper(store, "UPDATE audit_log SET actor = 'mallory', hash = ? WHERE seq = 2", 'f'.repeat(64));
    expect(store.audit.verify()).toMatchObject({ ok: false, firstBad: { seq: 2 } });
  });

  it('rolls back the audit entry together with a failed mutation', () => {
    const store = projectWithEntries(1);
    expect(() =>
      store.mutate({ action: 'test.fail', target: 'x' }, () => {
        throw new Error('boom');
      }),
    ).toThrowError('boom');
    expect(store.audit.verify()).toEqual({ ok: true, entries: 2 });
  });

  it('hashes canonical JSON, independent of key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
  });
});
