// Test support: the attack of issue 12 item 6, done the way someone with write access to project.sqlite would. It
// drops the guard triggers, changes one entry, re-chains every hash with the same public algorithm and updates the
// head in the project row, so the chain alone verifies again.
import type { Db } from '../store/db';
import { entryHash, type AuditRow } from '../store/audit-log';

/** Rewrites entry `seq`'s actor and re-chains the whole log; `alsoAnchors` also erases the anchors and recorded keys. */
export function forgeAuditLog(db: Db, seq: number, options: { alsoAnchors?: boolean } = {}): void {
  for (const t of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[]) db.exec(`DROP TRIGGER "${t.name}"`);
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as AuditRow[];
  db.exec('DELETE FROM audit_log');
  let prev = '';
  for (const row of rows) {
    const forged = { ...row, actor: row.seq === seq ? 'mallory@elsewhere' : row.actor, prev_hash: prev };
    const r: AuditRow = { ...forged, hash: entryHash(forged) };
    db.prepare('INSERT INTO audit_log VALUES (@seq, @at, @actor, @action, @target, @details, @prev_hash, @hash)').run(r);
    prev = r.hash;
  }
  db.prepare('UPDATE project SET audit_head_seq = ?, audit_head_hash = ? WHERE id = 1').run(rows.length, prev);
  if (options.alsoAnchors) db.exec('DELETE FROM audit_anchors; DELETE FROM users;');
}
