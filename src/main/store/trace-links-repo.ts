// All traceability SQL for links and their reviews: live links by requirement or target, soft removal, re-stamping
// on a clear or re-verification (with its append-only review row). Writes run inside a caller's mutate().
import type { TraceLinkOrigin, TraceTarget } from '../../shared/trace';
import type { TraceLinkType, TraceTargetKind } from '../../shared/trace-matrix';
import type { Db } from './db';

/** What both sides of a link were when it was made, or last cleared or re-verified. */
export interface LinkStamp {
  requirementRevision: number;
  requirementFingerprint: string;
  /** a requirement target's fingerprint, or the id of the newest version of the target's line; null when it has none */
  targetStamp: string | null;
}

export interface StoredLink extends LinkStamp {
  id: string;
  requirement: string;
  type: TraceLinkType;
  target: TraceTarget;
  origin: TraceLinkOrigin;
  reason: string | null;
  createdAt: string;
  createdBy: string;
  removedAt: string | null;
}

export interface StoredReview {
  id: number;
  link: string;
  action: 'cleared' | 'reverified';
  reason: string;
  details: unknown;
  createdAt: string;
  createdBy: string;
}

interface LinkRow {
  id: string;
  requirement_id: string;
  type: TraceLinkType;
  target_kind: TraceTargetKind;
  target_id: string;
  origin: TraceLinkOrigin;
  reason: string | null;
  created_at: string;
  created_by: string;
  requirement_revision: number;
  requirement_fingerprint: string;
  target_stamp: string | null;
  removed_at: string | null;
}

interface ReviewRow {
  id: number;
  link_id: string;
  action: 'cleared' | 'reverified';
  reason: string;
  details_json: string;
  created_at: string;
  created_by: string;
}

/**
 * Up to this many ids are looked up one by one through an index; more are found by one pass over the table, which is
 * cheaper than that many lookups.
 */
export const ID_LOOKUP_LIMIT = 1_000;

const LINK_COLUMNS =
  'id, requirement_id, type, target_kind, target_id, origin, reason, created_at, created_by, requirement_revision, requirement_fingerprint, target_stamp, removed_at';

function link(r: LinkRow): StoredLink {
  return {
    id: r.id,
    requirement: r.requirement_id,
    type: r.type,
    target: { kind: r.target_kind, id: r.target_id },
    origin: r.origin,
    reason: r.reason,
    createdAt: r.created_at,
    createdBy: r.created_by,
    requirementRevision: r.requirement_revision,
    requirementFingerprint: r.requirement_fingerprint,
    targetStamp: r.target_stamp,
    removedAt: r.removed_at,
  };
}

export interface LinkFilter {
  requirement?: string;
  target?: TraceTarget;
}

export class TraceLinksRepo {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  insert(l: Omit<StoredLink, 'removedAt'>): void {
    this.db
      .prepare(
        `INSERT INTO trace_links (${LINK_COLUMNS}) VALUES (@id, @requirement, @type, @targetKind, @targetId, @origin, @reason, @createdAt, @createdBy, @requirementRevision, @requirementFingerprint, @targetStamp, NULL)`,
      )
      .run({ ...l, targetKind: l.target.kind, targetId: l.target.id });
  }

  get(id: string): StoredLink | null {
    const row = this.db.prepare(`SELECT ${LINK_COLUMNS} FROM trace_links WHERE id = ?`).get(id) as LinkRow | undefined;
    return row ? link(row) : null;
  }

  /** The live link of this requirement, type and target, if there is one. */
  find(requirement: string, type: TraceLinkType, target: TraceTarget): StoredLink | null {
    const row = this.db
      .prepare(`SELECT ${LINK_COLUMNS} FROM trace_links WHERE requirement_id = ? AND type = ? AND target_kind = ? AND target_id = ? AND removed_at IS NULL`)
      .get(requirement, type, target.kind, target.id) as LinkRow | undefined;
    return row ? link(row) : null;
  }

  /** Live links, of one requirement and/or one target, in creation order. */
  live(filter: LinkFilter = {}): StoredLink[] {
    const where = ['removed_at IS NULL'];
    const params: Record<string, string> = {};
    if (filter.requirement !== undefined) {
      where.push('requirement_id = @requirement');
      params.requirement = filter.requirement;
    }
    if (filter.target !== undefined) {
      where.push('target_kind = @kind AND target_id = @id');
      params.kind = filter.target.kind;
      params.id = filter.target.id;
    }
    const rows = this.db.prepare(`SELECT ${LINK_COLUMNS} FROM trace_links WHERE ${where.join(' AND ')} ORDER BY created_at, id`).all(params) as LinkRow[];
    return rows.map(link);
  }

  /**
   * Live links of these types into any of these requirements, in creation order: one level of the hierarchy below
   * them, read by the target index (a requirement's impact walks down from it without reading the whole hierarchy).
   */
  liveInto(requirements: readonly string[], types: readonly TraceLinkType[]): StoredLink[] {
    const rows = this.db
      .prepare(
        `SELECT ${LINK_COLUMNS} FROM trace_links
          WHERE target_kind = 'requirement' AND target_id IN (SELECT value FROM json_each(@requirements))
            AND removed_at IS NULL AND type IN (SELECT value FROM json_each(@types)) ORDER BY created_at, id`,
      )
      .all({ requirements: JSON.stringify(requirements), types: JSON.stringify(types) }) as LinkRow[];
    return rows.map(link);
  }

  /** Live links of these types out of any of these requirements, read by the live-link index (one hierarchy level up). */
  liveFrom(requirements: readonly string[], types: readonly TraceLinkType[]): StoredLink[] {
    const rows = this.db
      .prepare(
        `SELECT ${LINK_COLUMNS} FROM trace_links
          WHERE requirement_id IN (SELECT value FROM json_each(@requirements))
            AND removed_at IS NULL AND type IN (SELECT value FROM json_each(@types)) ORDER BY created_at, id`,
      )
      .all({ requirements: JSON.stringify(requirements), types: JSON.stringify(types) }) as LinkRow[];
    return rows.map(link);
  }

  /** Removed links that came from `origin`, in creation order. */
  removedOfOrigin(origin: TraceLinkOrigin): StoredLink[] {
    const rows = this.db.prepare(`SELECT ${LINK_COLUMNS} FROM trace_links WHERE removed_at IS NOT NULL AND origin = ? ORDER BY created_at, id`).all(origin) as LinkRow[];
    return rows.map(link);
  }

  /** The requirements with at least one live link, each once. */
  linkedRequirements(): string[] {
    return this.db.prepare('SELECT DISTINCT requirement_id FROM trace_links WHERE removed_at IS NULL ORDER BY requirement_id').pluck().all() as string[];
  }

  remove(id: string, at: string, by: string, reason: string | null): void {
    this.db.prepare('UPDATE trace_links SET removed_at = ?, removed_by = ?, removed_reason = ? WHERE id = ? AND removed_at IS NULL').run(at, by, reason, id);
  }

  /** Points a live link at new evidence (a re-verification, whose review row records where it pointed before). */
  retarget(id: string, target: TraceTarget): void {
    this.db.prepare('UPDATE trace_links SET target_kind = ?, target_id = ? WHERE id = ? AND removed_at IS NULL').run(target.kind, target.id, id);
  }

  /** Re-stamps a link against both sides as they are now, with the review that did it. */
  review(id: string, stamp: LinkStamp, r: Omit<StoredReview, 'id' | 'link'>): void {
    this.db
      .prepare('UPDATE trace_links SET requirement_revision = ?, requirement_fingerprint = ?, target_stamp = ? WHERE id = ?')
      .run(stamp.requirementRevision, stamp.requirementFingerprint, stamp.targetStamp, id);
    this.db
      .prepare('INSERT INTO trace_link_reviews (link_id, action, reason, details_json, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, r.action, r.reason, JSON.stringify(r.details ?? null), r.createdAt, r.createdBy);
  }

  /**
   * The newest review of each of these links that has one, by link id. A few links are looked up by the link index; for
   * many (every link of a project) every link's newest review is read in one pass, as 100,000 lookups cost ten times that.
   */
  lastReviews(links: readonly string[]): Map<string, StoredReview> {
    const few = links.length <= ID_LOOKUP_LIMIT;
    const rows = this.db
      .prepare(
        `SELECT r.id, r.link_id, r.action, r.reason, r.details_json, r.created_at, r.created_by FROM trace_link_reviews r
          JOIN (SELECT link_id, MAX(id) AS last FROM trace_link_reviews ${few ? 'WHERE link_id IN (SELECT value FROM json_each(?))' : ''} GROUP BY link_id) m ON m.last = r.id`,
      )
      .all(...(few ? [JSON.stringify(links)] : [])) as ReviewRow[];
    return new Map(rows.map((r) => [r.link_id, { id: r.id, link: r.link_id, action: r.action, reason: r.reason, details: JSON.parse(r.details_json), createdAt: r.created_at, createdBy: r.created_by }]));
  }
}
