// All requirements SQL: sources, documents, requirements and their append-only revisions, relations. Writes run
// inside a caller's mutate(); migration 8's triggers keep every revision as it was written.
import type { RequirementDocumentInfo, RequirementLevel, RequirementRevision } from '../../shared/requirements';
import type { ReqifValue } from '../../shared/reqif';
import type { Db } from './db';

export interface SourceRow {
  id: string;
  kind: 'reqif' | 'csv';
  frame_json: string | null;
}

export interface DocumentRow {
  id: string;
  name: string;
  source_id: string;
  position: number;
  spec_json: string | null;
}

export interface RequirementPlace {
  id: string;
  document_id: string;
  parent_id: string | null;
  position: number;
  node_json: string | null;
  object_json: string | null;
  text_definition: string | null;
  title_definition: string | null;
}

export interface RelationRow {
  id: string;
  source_id: string;
  type: string;
  source: string;
  target: string;
  relation_json: string;
}

interface RevisionRow {
  revision: number;
  title: string;
  text: string;
  level: RequirementLevel | null;
  status: string | null;
  owner: string | null;
  attributes_json: string;
  xhtml: string | null;
  fingerprint: string;
  created_at: string;
  created_by: string;
}

const REVISION_COLUMNS = 'revision, title, text, level, status, owner, attributes_json, xhtml, fingerprint, created_at, created_by';

function revision(r: RevisionRow): RequirementRevision {
  return {
    revision: r.revision,
    title: r.title,
    text: r.text,
    level: r.level,
    status: r.status,
    owner: r.owner,
    attributes: JSON.parse(r.attributes_json) as ReqifValue[],
    xhtml: r.xhtml,
    fingerprint: r.fingerprint,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

export class RequirementsRepo {
  constructor(private readonly db: Db) {}

  upsertSource(s: SourceRow, at: string, by: string): void {
    this.db
      .prepare(`INSERT INTO requirement_sources (id, kind, frame_json, imported_at, imported_by) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET frame_json = excluded.frame_json, imported_at = excluded.imported_at, imported_by = excluded.imported_by`)
      .run(s.id, s.kind, s.frame_json, at, by);
  }

  source(id: string): SourceRow | null {
    return (this.db.prepare('SELECT id, kind, frame_json FROM requirement_sources WHERE id = ?').get(id) as SourceRow | undefined) ?? null;
  }

  upsertDocument(d: DocumentRow): void {
    this.db
      .prepare(`INSERT INTO requirement_documents (id, name, source_id, position, spec_json) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, source_id = excluded.source_id, position = excluded.position, spec_json = excluded.spec_json`)
      .run(d.id, d.name, d.source_id, d.position, d.spec_json);
  }

  documents(): DocumentRow[] {
    return this.db.prepare('SELECT id, name, source_id, position, spec_json FROM requirement_documents ORDER BY source_id, position').all() as DocumentRow[];
  }

  documentInfos(): RequirementDocumentInfo[] {
    return this.db
      .prepare(`SELECT d.id, d.name, d.source_id AS source, (SELECT COUNT(*) FROM requirements r WHERE r.document_id = d.id) AS requirements
        FROM requirement_documents d ORDER BY d.source_id, d.position`)
      .all() as RequirementDocumentInfo[];
  }

  upsertPlace(p: RequirementPlace, at: string, by: string): void {
    this.db
      .prepare(`INSERT INTO requirements (id, document_id, parent_id, position, node_json, object_json, text_definition, title_definition, created_at, created_by)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET document_id = excluded.document_id, parent_id = excluded.parent_id, position = excluded.position,
          node_json = excluded.node_json, object_json = excluded.object_json, text_definition = excluded.text_definition, title_definition = excluded.title_definition`)
      .run(p.id, p.document_id, p.parent_id, p.position, p.node_json, p.object_json, p.text_definition, p.title_definition, at, by);
  }

  place(id: string): RequirementPlace | null {
    return (this.db.prepare('SELECT id, document_id, parent_id, position, node_json, object_json, text_definition, title_definition FROM requirements WHERE id = ?').get(id) as RequirementPlace | undefined) ?? null;
  }

  /** In document order: by document, then position. */
  places(documentIds?: readonly string[]): RequirementPlace[] {
    const all = this.db
      .prepare(`SELECT r.id, r.document_id, r.parent_id, r.position, r.node_json, r.object_json, r.text_definition, r.title_definition
        FROM requirements r JOIN requirement_documents d ON d.id = r.document_id ORDER BY d.source_id, d.position, r.position`)
      .all() as RequirementPlace[];
    if (documentIds === undefined) return all;
    const wanted = new Set(documentIds);
    return all.filter((p) => wanted.has(p.document_id));
  }

  appendRevision(requirementId: string, r: Omit<RequirementRevision, 'revision'>): number {
    const next = ((this.db.prepare('SELECT MAX(revision) FROM requirement_revisions WHERE requirement_id = ?').pluck().get(requirementId) as number | null) ?? 0) + 1;
    this.db
      .prepare(`INSERT INTO requirement_revisions (requirement_id, ${REVISION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(requirementId, next, r.title, r.text, r.level, r.status, r.owner, JSON.stringify(r.attributes), r.xhtml, r.fingerprint, r.createdAt, r.createdBy);
    return next;
  }

  latest(requirementId: string): RequirementRevision | null {
    const row = this.db
      .prepare(`SELECT ${REVISION_COLUMNS} FROM requirement_revisions WHERE requirement_id = ? ORDER BY revision DESC LIMIT 1`)
      .get(requirementId) as RevisionRow | undefined;
    return row ? revision(row) : null;
  }

  /** Every requirement's latest revision, by requirement id: one query for a whole table instead of one per row. */
  latestRevisions(): Map<string, RequirementRevision> {
    const rows = this.db
      .prepare(`SELECT requirement_id, ${REVISION_COLUMNS.split(', ').map((c) => `v.${c}`).join(', ')} FROM requirement_revisions v
        JOIN (SELECT requirement_id AS id, MAX(revision) AS latest FROM requirement_revisions GROUP BY requirement_id) m ON m.id = v.requirement_id AND m.latest = v.revision`)
      .all() as (RevisionRow & { requirement_id: string })[];
    return new Map(rows.map((r) => [r.requirement_id, revision(r)]));
  }

  /** Oldest first. */
  history(requirementId: string): RequirementRevision[] {
    return (this.db.prepare(`SELECT ${REVISION_COLUMNS} FROM requirement_revisions WHERE requirement_id = ? ORDER BY revision`).all(requirementId) as RevisionRow[]).map(revision);
  }

  upsertRelation(r: RelationRow): void {
    this.db
      .prepare(`INSERT INTO requirement_relations (id, source_id, type, source, target, relation_json) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET source_id = excluded.source_id, type = excluded.type, source = excluded.source, target = excluded.target, relation_json = excluded.relation_json`)
      .run(r.id, r.source_id, r.type, r.source, r.target, r.relation_json);
  }

  /** A .reqifz member kept for export; a re-import replaces it. */
  upsertAttachment(sourceId: string, name: string, blob: string, bytes: number): void {
    this.db
      .prepare(`INSERT INTO requirement_attachments (source_id, name, blob, bytes) VALUES (?, ?, ?, ?)
        ON CONFLICT (source_id, name) DO UPDATE SET blob = excluded.blob, bytes = excluded.bytes`)
      .run(sourceId, name, blob, bytes);
  }

  attachments(sourceId: string): { name: string; blob: string }[] {
    return this.db.prepare('SELECT name, blob FROM requirement_attachments WHERE source_id = ? ORDER BY name').all(sourceId) as { name: string; blob: string }[];
  }

  /** Drops the source's relations a newer import of it no longer has. */
  dropRelationsExcept(sourceId: string, keep: ReadonlySet<string>): number {
    const stale = this.relations(sourceId).filter((r) => !keep.has(r.id));
    const drop = this.db.prepare('DELETE FROM requirement_relations WHERE id = ?');
    for (const r of stale) drop.run(r.id);
    return stale.length;
  }

  relations(sourceId: string): RelationRow[] {
    return this.db.prepare('SELECT id, source_id, type, source, target, relation_json FROM requirement_relations WHERE source_id = ? ORDER BY rowid').all(sourceId) as RelationRow[];
  }
}
