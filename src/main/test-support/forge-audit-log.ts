// Test support: the attack of issue 12 item 6, done the way someone with write access to project.sqlite would. It
// drops the guard triggers, changes one entry, re-chains every hash with the same public algorithm and updates the
// head in the project row, so the chain alone verifies again.
import { createHash } from 'node:crypto';
import type { Db } from '../store/db';
import { canonicalJson } from '../store/audit-log';

interface Row {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  details: string;
  prev_hash: string;
  hash: string;
}

/** Rewrites entry `seq`'s actor and re-chains the whole log; `alsoAnchors` also erases the anchors and recorded keys. */
export function forgeAuditLog(db: Db, seq: number, options: { alsoAnchors?: boolean } = {}): void {
  for (const t of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[]) db.exec(`DROP TRIGGER "${t.name}"`);
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Row[];
  db.exec('DELETE FROM audit_log');
  let prev = '';
  for (const row of rows) {
    const r: Row = { ...row, actor: row.seq === seq ? 'mallory@elsewhere' : row.actor, prev_hash: prev };
    r.hash = createHash('sha256')
      .update(canonicalJson({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, target: r.target, details: r.details, prev: r.prev_hash }))
      .digest('hex');
    db.prepare('INSERT INTO audit_log VALUES (@seq, @at, @actor, @action, @target, @details, @prev_hash, @hash)').run(r);
    prev = r.hash;
  }
  db.prepare('UPDATE project SET audit_head_seq = ?, audit_head_hash = ? WHERE id = 1').run(rows.length, prev);
  if (options.alsoAnchors) db.exec('DELETE FROM audit_anchors; DELETE FROM users;');
}
