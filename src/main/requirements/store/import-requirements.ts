// `importRequirements`: a .reqif / .reqifz / .csv file into the store in one transaction. A requirement already held
// (matched by identifier) gets a new revision only where its normative content, status or owner changed, so
// re-importing a newer export of the same document revises instead of duplicating. Its SPEC-RELATIONs between
// requirements become links (trace/links/reqif-links.ts) in the same transaction.
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { fail } from '../../../shared/errors';
import type { RequirementImportSummary, RequirementImportWarning } from '../../../shared/requirements';
import type { ProjectStore } from '../../store/project-store';
import { RequirementsRepo } from '../../store/requirements-repo';
import { syncReqifLinks } from '../../trace/links/reqif-links';
import { readReqif } from '../reqif/reqif-reader';
import { requirementFingerprint } from './fingerprint';
import type { ImportPlan } from './import-plan';
import { planCsv } from './plan-csv';
import { planReqif } from './plan-reqif';

export interface ImportOptions {
  /** CSV: the document the rows go to (default: the file's name without its extension) */
  document?: string;
  /** the name the file goes by when its path does not say it (a staged upload): its extension picks the format */
  fileName?: string;
}

/** The named members of a .reqifz (its attachments, which the reader listed but did not keep). */
function attachmentsOf(file: string, names: ReadonlySet<string>): ImportPlan['attachments'] {
  if (names.size === 0) return [];
  const members = unzipSync(fs.readFileSync(file), { filter: (m) => names.has(m.name) });
  return Object.entries(members).map(([name, data]) => ({ name, data }));
}

async function plans(store: ProjectStore, file: string, options: ImportOptions): Promise<ImportPlan[]> {
  const name = options.fileName ?? path.basename(file);
  const ext = path.extname(name).toLowerCase();
  if (ext === '.reqif' || ext === '.reqifz') {
    const read = await readReqif(file);
    const attachments = attachmentsOf(file, new Set(read.attachments.map((a) => a.name)));
    return read.documents.map((doc) => planReqif(doc, name, attachments));
  }
  if (ext === '.csv') {
    if (!fs.existsSync(file)) fail('FILE_NOT_FOUND', `${file} does not exist.`, { where: { file } });
    const repo = new RequirementsRepo(store.db);
    return [planCsv(fs.readFileSync(file, 'utf8'), file, options.document ?? path.basename(name, ext), (id) => repo.place(id) !== null)];
  }
  return fail('BAD_INPUT', `${name}: requirements import from .reqif, .reqifz or .csv, not "${ext || 'no extension'}".`, { where: { file } });
}

/** Writes the plans; returns how many requirements were created and how many revised. */
function apply(store: ProjectStore, all: readonly ImportPlan[]): { created: number; revised: number } {
  const repo = new RequirementsRepo(store.db);
  const at = store.now().toISOString();
  let created = 0;
  let revised = 0;
  for (const plan of all) {
    repo.upsertSource(plan.source, at, store.actor);
    for (const d of plan.documents) repo.upsertDocument(d);
    for (const { place, content } of plan.requirements) {
      const before = repo.latest(place.id);
      repo.upsertPlace(place, at, store.actor);
      const fingerprint = requirementFingerprint(content, plan.ignored);
      if (before && before.fingerprint === fingerprint && before.status === content.status && before.owner === content.owner) continue;
      repo.appendRevision(place.id, { ...content, fingerprint, createdAt: at, createdBy: store.actor });
      if (before) revised += 1;
      else created += 1;
    }
    for (const r of plan.relations) repo.upsertRelation(r);
    // relations are the file's links, not versioned content: the newer export says which still hold
    repo.dropRelationsExcept(plan.source.id, new Set(plan.relations.map((r) => r.id)));
    for (const a of plan.attachments) repo.upsertAttachment(plan.source.id, a.name, store.blobs.put(a.data), a.data.byteLength);
  }
  return { created, revised };
}

/** Requirements an earlier import of the same source holds that this one lacks: kept (with their history), and said. */
function missingFromImport(store: ProjectStore, plan: ImportPlan): RequirementImportWarning[] {
  const repo = new RequirementsRepo(store.db);
  const held = repo.places(repo.documents().filter((d) => d.source_id === plan.source.id).map((d) => d.id));
  const now = new Set(plan.requirements.map((r) => r.place.id));
  return held
    .filter((p) => !now.has(p.id))
    .map((p) => ({ code: 'MISSING_FROM_IMPORT', identifier: p.id, message: `Requirement ${p.id} was imported from ${plan.source.id} before but is not in this file; it is kept as it was.` }));
}

export async function importRequirements(store: ProjectStore, file: string, options: ImportOptions = {}): Promise<RequirementImportSummary> {
  store.assertWritable();
  const all = await plans(store, file, options);
  const counts = {
    documents: all.reduce((n, p) => n + p.documents.length, 0),
    requirements: all.reduce((n, p) => n + p.requirements.length, 0),
    relations: all.reduce((n, p) => n + p.relations.length, 0),
    hierarchy_nodes: all.reduce((n, p) => n + p.hierarchyNodes, 0),
    attachments: all[0]?.attachments.length ?? 0,
  };
  const missing = all.flatMap((p) => missingFromImport(store, p));
  const { created, revised, links } = store.mutate(
    (r) => ({ action: 'requirements.import', target: `requirements:${options.fileName ?? path.basename(file)}`, details: { ...counts, created: r.created, revised: r.revised, links: { made: r.links.made, removed: r.links.removed } } }),
    () => ({ ...apply(store, all), links: syncReqifLinks(store, all.map((p) => p.source.id)) }),
  );
  return { ...counts, created, revised, warnings: [...all.flatMap((p) => p.warnings), ...missing, ...links.warnings] };
}
