// Reading and editing stored requirements: the flat list, one requirement with its history, an edit as a new
// revision, and the word diff between two revisions.
import { fail } from '../../../shared/errors';
import type { RequirementDetail, RequirementEdit, RequirementRevision, RequirementRow, WordDiffPart } from '../../../shared/requirements';
import type { ReqifValue } from '../../../shared/reqif';
import type { ProjectStore } from '../../store/project-store';
import { RequirementsRepo, type DocumentRow, type RequirementPlace } from '../../store/requirements-repo';
import { XHTML_NS } from '../reqif/xhtml-sanitize';
import { escapeText } from '../reqif/xml-tree';
import { requirementFingerprint } from './fingerprint';
import type { ReqifFrame } from './plan-reqif';
import { definitionNames, roleDefinitions, type RoleDefinitions } from './reqif-mapping';
import { wordDiff } from './word-diff';

/** The documents a --document NAME (its name or identifier) picks; every document when it is absent. */
export function pickDocuments(repo: RequirementsRepo, document: string | undefined): DocumentRow[] {
  const all = repo.documents();
  if (document === undefined) return all;
  const picked = all.filter((d) => d.name === document || d.id === document);
  if (picked.length === 0) fail('NOT_FOUND', `No requirements document is named ${document}.`, { where: { field: 'document' }, hint: all.length > 0 ? `Documents: ${all.map((d) => d.name).join(', ')}.` : 'Import one first.' });
  return picked;
}

function row(place: RequirementPlace, latest: RequirementRevision, documents: ReadonlyMap<string, string>): RequirementRow {
  return {
    id: place.id,
    title: latest.title,
    text: latest.text,
    level: latest.level,
    parent: place.parent_id,
    document: documents.get(place.document_id) ?? place.document_id,
    status: latest.status,
    owner: latest.owner,
    revision: latest.revision,
    class: null,
  };
}

function latestOf(repo: RequirementsRepo, id: string): RequirementRevision {
  return repo.latest(id) ?? fail('NOT_FOUND', `No requirement ${id} in this project.`, { where: { field: 'id' } });
}

export function listRequirements(store: ProjectStore, options: { document?: string } = {}): RequirementRow[] {
  const repo = new RequirementsRepo(store.db);
  const documents = pickDocuments(repo, options.document);
  const names = new Map(documents.map((d) => [d.id, d.name]));
  return repo.places(documents.map((d) => d.id)).map((p) => row(p, latestOf(repo, p.id), names));
}

export function showRequirement(store: ProjectStore, id: string, options: { history?: boolean } = {}): RequirementDetail {
  const repo = new RequirementsRepo(store.db);
  const place = repo.place(id) ?? fail('NOT_FOUND', `No requirement ${id} in this project.`, { where: { field: 'id' } });
  const latest = latestOf(repo, id);
  const names = new Map(repo.documents().map((d) => [d.id, d.name]));
  return {
    ...row(place, latest, names),
    fingerprint: latest.fingerprint,
    attributes: latest.attributes,
    xhtml: latest.xhtml,
    ...(options.history === true ? { history: repo.history(id) } : {}),
  };
}

/** The text as one XHTML paragraph: an edit is plain text, its formatting is not kept. */
const xhtmlOf = (text: string): string => `<div xmlns="${XHTML_NS}">${escapeText(text)}</div>`;

/** The attributes a field was read from, given its new words; other kinds (an enumeration) cannot hold them and stay. */
function rewrite(attributes: ReqifValue[], definitions: ReadonlySet<string | null>, text: string): ReqifValue[] {
  return attributes.map((v): ReqifValue => {
    if (!definitions.has(v.definition)) return v;
    if (v.kind === 'STRING') return { ...v, value: text };
    // the original value no longer matches what the requirement says, so it goes
    if (v.kind === 'XHTML') return { kind: 'XHTML', definition: v.definition, xhtml: xhtmlOf(text), text };
    return v;
  });
}

const NO_ROLES: RoleDefinitions = { level: new Set(), status: new Set(), owner: new Set() };

/** Where a ReqIF requirement keeps its level, status and owner (a CSV requirement keeps them in the revision only). */
function rolesOf(repo: RequirementsRepo, place: RequirementPlace): RoleDefinitions {
  const document = repo.documents().find((d) => d.id === place.document_id);
  const frameJson = document === undefined ? null : repo.source(document.source_id)?.frame_json ?? null;
  return frameJson === null ? NO_ROLES : roleDefinitions(definitionNames((JSON.parse(frameJson) as ReqifFrame).specTypes));
}

/** A new revision with the edited fields; an edit that changes nothing is refused, so history holds only changes. */
export function editRequirement(store: ProjectStore, id: string, edit: RequirementEdit): RequirementRevision {
  const repo = new RequirementsRepo(store.db);
  return store.mutate(
    (r) => ({ action: 'requirements.edit', target: `requirement:${id}`, details: { revision: r.revision, fields: Object.keys(edit) } }),
    () => {
      const place = repo.place(id) ?? fail('NOT_FOUND', `No requirement ${id} in this project.`, { where: { field: 'id' } });
      const before = latestOf(repo, id);
      const roles = rolesOf(repo, place);
      let attributes = before.attributes;
      if (edit.text !== undefined) attributes = rewrite(attributes, new Set([place.text_definition]), edit.text);
      if (edit.title !== undefined) attributes = rewrite(attributes, new Set([place.title_definition]), edit.title);
      for (const field of ['level', 'status', 'owner'] as const) {
        const value = edit[field];
        if (value !== undefined) attributes = rewrite(attributes, roles[field], value ?? '');
      }
      const content = {
        title: edit.title ?? before.title,
        text: edit.text ?? before.text,
        level: edit.level === undefined ? before.level : edit.level,
        status: edit.status === undefined ? before.status : edit.status,
        owner: edit.owner === undefined ? before.owner : edit.owner,
        attributes,
        xhtml: edit.text === undefined || before.xhtml === null ? before.xhtml : xhtmlOf(edit.text),
      };
      const fingerprint = requirementFingerprint(content, new Set([...roles.status, ...roles.owner]));
      if (fingerprint === before.fingerprint && content.status === before.status && content.owner === before.owner) {
        fail('BAD_INPUT', `The edit changes nothing in requirement ${id} (revision ${before.revision}).`, { where: { field: 'id' } });
      }
      const createdAt = store.now().toISOString();
      const revision = repo.appendRevision(id, { ...content, fingerprint, createdAt, createdBy: store.actor });
      return { ...content, revision, fingerprint, createdAt, createdBy: store.actor };
    },
  );
}

/** The word diff of the text between two revisions of one requirement. */
export function diffRevisions(store: ProjectStore, id: string, from: number, to: number): WordDiffPart[] {
  const history = new RequirementsRepo(store.db).history(id);
  const find = (n: number): RequirementRevision =>
    history.find((r) => r.revision === n) ?? fail('NOT_FOUND', `Requirement ${id} has no revision ${n} (it has 1 to ${history.length}).`, { where: { field: 'revision' } });
  return wordDiff(find(from).text, find(to).text);
}
