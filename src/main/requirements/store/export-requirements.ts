// `exportRequirements`: the store's documents back out as .reqif, .reqifz or .csv. A ReqIF-imported document is
// written with the frame it came with (header, datatypes, spec types, relation groups, tool extensions), its spec
// objects' identifiers and latest values, its hierarchy nodes and its relations, so another tool sees its own ids;
// links made in Airlock between its requirements go out as SPEC-RELATIONs too, and relations whose link was removed
// here stay out (trace/links/reqif-links.ts).
import path from 'node:path';
import { fail } from '../../../shared/errors';
import type { ReqifDocument, ReqifHierarchyNode, ReqifSpecification, ReqifSpecObject, ReqifSpecRelation } from '../../../shared/reqif';
import { publishExport, type PublishedFile } from '../../store/audited-export';
import type { ProjectStore } from '../../store/project-store';
import { RequirementsRepo, type DocumentRow, type RequirementPlace } from '../../store/requirements-repo';
import { toCsv } from '../../samples/csv-text';
import { relationsWithLinks } from '../../trace/links/reqif-links';
import { writeReqif, writeReqifz } from '../reqif/reqif-writer';
import { CSV_COLUMNS } from './plan-csv';
import { CSV_OBJECT_TYPE, CSV_SPECIFICATION_TYPE, csvFrame, csvValues } from './csv-reqif-frame';
import type { ReqifFrame } from './plan-reqif';
import { pickDocuments } from './requirements-service';

export interface ExportSummary {
  documents: number;
  requirements: number;
  relations: number;
  /** attachments written (.reqifz only: a .reqif or .csv cannot hold them) */
  attachments: number;
}

function latest(repo: RequirementsRepo, id: string): NonNullable<ReturnType<RequirementsRepo['latest']>> {
  return repo.latest(id) ?? fail('INTERNAL', `Requirement ${id} has no revision.`);
}

/** The hierarchy of one document: each placed requirement under its parent, in position order. */
function hierarchy(places: readonly RequirementPlace[], nodeOf: (p: RequirementPlace) => Omit<ReqifHierarchyNode, 'children' | 'object'> | null): ReqifHierarchyNode[] {
  const nodes = new Map<string, ReqifHierarchyNode>();
  const roots: ReqifHierarchyNode[] = [];
  for (const p of places) {
    const own = nodeOf(p);
    if (own === null) continue;
    const node: ReqifHierarchyNode = { ...own, object: p.id, children: [] };
    nodes.set(p.id, node);
    const parent = p.parent_id === null ? undefined : nodes.get(p.parent_id);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** One source's selected documents as a ReqIF document. */
function reqifDocument(store: ProjectStore, repo: RequirementsRepo, sourceId: string, documents: readonly DocumentRow[]): ReqifDocument {
  const source = repo.source(sourceId) ?? fail('INTERNAL', `Requirements source ${sourceId} is missing.`);
  const frameJson = source.frame_json;
  const fromCsv = frameJson === null;
  const frame: ReqifFrame = frameJson === null ? csvFrame(documents[0]?.name ?? sourceId, store.now().toISOString()) : (JSON.parse(frameJson) as ReqifFrame);
  const places = repo.places(documents.map((d) => d.id));
  const specObjects: ReqifSpecObject[] = places.map((p) => {
    const revision = latest(repo, p.id);
    if (fromCsv) return { identifier: p.id, type: CSV_OBJECT_TYPE, values: csvValues(revision) };
    return { ...(JSON.parse(p.object_json ?? '{}') as Omit<ReqifSpecObject, 'values'>), values: revision.attributes };
  });
  const specifications: ReqifSpecification[] = documents.flatMap((d) => {
    const mine = places.filter((p) => p.document_id === d.id);
    if (fromCsv) {
      return [{ identifier: d.id.replace(/[^A-Za-z0-9_.-]/g, '_'), longName: d.name, type: CSV_SPECIFICATION_TYPE, values: [], children: hierarchy(mine, (p) => ({ identifier: `airlock-h-${p.id}` })) }];
    }
    // a document made for objects in no hierarchy is no specification of the file
    if (d.spec_json === null) return [];
    const spec = JSON.parse(d.spec_json) as Omit<ReqifSpecification, 'children'>;
    return [{ ...spec, children: hierarchy(mine, (p) => (p.node_json === null ? null : (JSON.parse(p.node_json) as Omit<ReqifHierarchyNode, 'children' | 'object'>))) }];
  });
  const exported = new Set(places.map((p) => p.id));
  const stored = repo.relations(sourceId).map((r) => JSON.parse(r.relation_json) as ReqifSpecRelation).filter((r) => exported.has(r.source));
  const { specTypes: linkTypes, specRelations } = relationsWithLinks(store, frame.specTypes, exported, stored);
  const relationIds = new Set(specRelations.map((r) => r.identifier));
  const specIds = new Set(specifications.map((s) => s.identifier));
  return {
    ...frame,
    specTypes: [...frame.specTypes, ...linkTypes],
    specObjects,
    specRelations,
    specifications,
    relationGroups: frame.relationGroups
      .filter((g) => specIds.has(g.sourceSpecification))
      .map((g) => ({ ...g, relations: g.relations.filter((id) => relationIds.has(id)) })),
    warnings: [],
  };
}

function csvText(repo: RequirementsRepo, documents: readonly DocumentRow[]): string {
  const names = new Map(documents.map((d) => [d.id, d.name]));
  const rows = repo.places(documents.map((d) => d.id)).map((p) => {
    const r = latest(repo, p.id);
    const cells: Record<(typeof CSV_COLUMNS)[number], string | null> = {
      id: p.id, document: names.get(p.document_id) ?? p.document_id, parent: p.parent_id, title: r.title, text: r.text, level: r.level, status: r.status, owner: r.owner,
    };
    return CSV_COLUMNS.map((c) => cells[c]);
  });
  return toCsv(CSV_COLUMNS, rows);
}

export type ExportFormat = 'reqif' | 'reqifz' | 'csv';

export interface ExportOptions {
  /** only this document (its name or identifier) */
  document?: string;
  /** the format; without it, the file's extension says */
  format?: ExportFormat;
  /** replace an existing file (else it is refused and left as it is) */
  overwrite?: boolean;
  /** how the audit entry names the file (the window's hosts name only the base name); the full path by default */
  shown?: string;
}

function formatOf(out: string): ExportFormat {
  const ext = path.extname(out).toLowerCase();
  if (ext === '.csv' || ext === '.reqif' || ext === '.reqifz') return ext === '.csv' ? 'csv' : ext === '.reqif' ? 'reqif' : 'reqifz';
  return fail('BAD_INPUT', `${out}: requirements export to .reqif, .reqifz or .csv, not "${ext || 'no extension'}".`, { where: { file: out } });
}

/** The file's bytes and what it holds, without writing it: for a caller that packs it into something larger (the audit package). */
export function requirementsFile(store: ProjectStore, format: ExportFormat, out: string, document?: string): { bytes: Uint8Array; counts: ExportSummary } {
  const repo = new RequirementsRepo(store.db);
  const documents = pickDocuments(repo, document);
  const places = repo.places(documents.map((d) => d.id));
  const bySource = new Map<string, DocumentRow[]>();
  for (const d of documents) bySource.set(d.source_id, [...(bySource.get(d.source_id) ?? []), d]);
  let relations = 0;
  let attachments = 0;
  let bytes: Uint8Array;
  if (format === 'csv') {
    bytes = Buffer.from(csvText(repo, documents), 'utf8');
  } else {
    const docs = [...bySource.keys()].map((sourceId) => reqifDocument(store, repo, sourceId, bySource.get(sourceId) ?? []));
    relations = docs.reduce((n, d) => n + d.specRelations.length, 0);
    if (format === 'reqifz') {
      const members = new Map([...bySource.keys()].flatMap((sourceId) => repo.attachments(sourceId)).map((a): [string, Uint8Array] => [a.name, store.blobs.get(a.blob)]));
      attachments = members.size;
      bytes = writeReqifz(docs, members);
    } else if (docs.length === 1) {
      bytes = Buffer.from(writeReqif(docs[0]), 'utf8');
    } else {
      return fail('BAD_INPUT', `${out}: the documents come from ${docs.length} files, which one .reqif cannot hold.`, { where: { file: out }, hint: 'Export to .reqifz, or pick one with --document.' });
    }
  }
  return { bytes, counts: { documents: documents.length, requirements: places.length, relations, attachments } };
}

/**
 * Writes `out` from every document, or the one `document` names, with an audit entry that records the file's SHA-256
 * (store/audited-export.ts: a failed export leaves no file and no entry).
 */
export function exportRequirements(store: ProjectStore, out: string, options: ExportOptions = {}): ExportSummary & PublishedFile {
  const format = options.format ?? formatOf(out);
  const { bytes, counts } = requirementsFile(store, format, out, options.document);
  const written = publishExport(store, out, bytes, options.overwrite === true, (file) => ({
    action: 'requirements.export',
    target: `requirements:${options.document ?? '*'}`,
    details: { format, ...counts, bytes: file.bytes, sha256: file.sha256, destination: options.shown ?? file.file, overwrite: options.overwrite === true },
  }));
  return { ...written, ...counts };
}
