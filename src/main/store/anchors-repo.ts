// SQL for the users whose public keys a project has recorded and their signed anchors of the audit log's head.
// Both tables are append-only (migration 4's triggers): a key, once recorded, and an anchor, once written, stay.
import type { Db } from './db';
import type { ProjectStore } from './project-store';

export interface RecordedUser {
  fingerprint: string;
  name: string;
  publicKey: string;
  firstSeen: string;
}

export interface AnchorRow {
  id: number;
  project: string;
  seq: number;
  hash: string;
  at: string;
  signer: string;
  signature: string;
}

export class AnchorsRepo {
  private readonly db: Db;

  constructor(store: ProjectStore) {
    this.db = store.db;
  }

  user(fingerprint: string): RecordedUser | undefined {
    return this.db
      .prepare('SELECT fingerprint, name, public_key AS publicKey, first_seen AS firstSeen FROM users WHERE fingerprint = ?')
      .get(fingerprint) as RecordedUser | undefined;
  }

  /** Call inside store.mutate(). */
  recordUser(user: RecordedUser): void {
    this.db.prepare('INSERT INTO users (fingerprint, name, public_key, first_seen) VALUES (@fingerprint, @name, @publicKey, @firstSeen)').run(user);
  }

  /** Call inside store.mutate(). */
  addAnchor(anchor: Omit<AnchorRow, 'id'>): number {
    const r = this.db
      .prepare('INSERT INTO audit_anchors (project, seq, hash, at, signer, signature) VALUES (@project, @seq, @hash, @at, @signer, @signature)')
      .run(anchor);
    return Number(r.lastInsertRowid);
  }

  anchors(): AnchorRow[] {
    return this.db.prepare('SELECT id, project, seq, hash, at, signer, signature FROM audit_anchors ORDER BY id').all() as AnchorRow[];
  }
}
