// The trace matrix's two bulk reads: every requirement's place and newest revision in document order, and every live
// link with its stamp. Each reads only the columns the matrix shows or judges: at 20,000 requirements and 100,000
// links the time goes into the values handed to JavaScript, not into SQLite's scan.
import type { RequirementRevision } from '../../shared/requirements';
import type { TraceLinkType, TraceTargetKind } from '../../shared/trace-matrix';
import type { Db } from './db';
import type { RequirementPlace } from './requirements-repo';
import type { StoredLink } from './trace-links-repo';

/** A requirement as a matrix row needs it: where it sits and what its newest revision says. */
export interface OutlineRequirement {
  place: Pick<RequirementPlace, 'id' | 'parent_id'>;
  latest: Pick<RequirementRevision, 'title' | 'text' | 'level'>;
}

/** A live link as a matrix cell needs it: its two sides, its type and its stamp (what its status is judged on). */
export type LinkState = Pick<StoredLink, 'id' | 'requirement' | 'type' | 'target' | 'requirementRevision' | 'requirementFingerprint' | 'targetStamp'>;

type OutlineTuple = [string, string | null, string, string, RequirementRevision['level']];
type LinkStateTuple = [string, string, TraceLinkType, TraceTargetKind, string, number, string, string | null];

export class TraceMatrixRepo {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /** The requirements of these documents at their newest revision, in document order (by document, then position). */
  outline(documentIds: readonly string[]): OutlineRequirement[] {
    const rows = this.db
      .prepare(
        `SELECT r.id, r.parent_id, v.title, v.text, v.level FROM requirements r
           JOIN requirement_documents d ON d.id = r.document_id
           JOIN requirement_revisions v ON v.requirement_id = r.id AND v.revision = (SELECT MAX(revision) FROM requirement_revisions WHERE requirement_id = r.id)
          WHERE r.document_id IN (SELECT value FROM json_each(?))
          ORDER BY d.source_id, d.position, r.position`,
      )
      .raw(true)
      .all(JSON.stringify(documentIds)) as OutlineTuple[];
    return rows.map(([id, parent, title, text, level]) => ({ place: { id, parent_id: parent }, latest: { title, text, level } }));
  }

  /**
   * Every live link, in no set order. A plain table scan (the unary + keeps SQLite from walking the partial index
   * trace_links_live and looking each row up by id, twice as slow over 100,000 links), rows read as arrays, and each
   * target object shared by the links to it (the matrix finds its distinct targets by identity).
   */
  liveLinks(): LinkState[] {
    const statement = this.db.prepare(
      'SELECT id, requirement_id, type, target_kind, target_id, requirement_revision, requirement_fingerprint, target_stamp FROM trace_links WHERE +removed_at IS NULL',
    );
    const targets = new Map<TraceTargetKind, Map<string, StoredLink['target']>>();
    const links: LinkState[] = [];
    // row by row: all() would first hold 100,000 row arrays that live just long enough to be copied out of the young
    // generation, which costs more than the rows themselves
    for (const [id, requirement, type, kind, targetId, requirementRevision, requirementFingerprint, targetStamp] of statement.raw(true).iterate() as IterableIterator<LinkStateTuple>) {
      let ofKind = targets.get(kind);
      if (ofKind === undefined) targets.set(kind, (ofKind = new Map()));
      let target = ofKind.get(targetId);
      if (target === undefined) ofKind.set(targetId, (target = { kind, id: targetId }));
      links.push({ id, requirement, type, target, requirementRevision, requirementFingerprint, targetStamp });
    }
    return links;
  }
}
