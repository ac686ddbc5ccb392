// Reading and editing stored requirements: the flat list, one requirement with its history, an edit as a new
// revision, and the word diff between two revisions.
import { fail } from '../../../shared/errors';
import type { RequirementAttributeRole, RequirementDetail, RequirementDocumentInfo, RequirementEdit, RequirementRevision, RequirementRow, WordDiffPart } from '../../../shared/requirements';
import type { ReqifValue } from '../../../shared/reqif';
import type { RequirementClassification } from '../../../shared/requirements-classes';
import type { ProjectStore } from '../../store/project-store';
import { RequirementIntelligenceRepo } from '../../store/requirement-intelligence-repo';
import { RequirementsRepo, type DocumentRow, type RequirementPlace } from '../../store/requirements-repo';
import { requirementFingerprint } from './fingerprint';
import type { ReqifFrame } from './plan-reqif';
import { definitionNamed, definitionNames, enumNames, readRoles, roleDefinitions, type RoleDefinitions, type Roles } from './reqif-mapping';
import { attributeFields, setAttributes, xhtmlOf, type AttributeSchema } from './typed-attributes';
import { wordDiff } from './word-diff';

/** The project's documents in import order, with how many requirements each holds. */
export function requirementDocuments(store: ProjectStore): RequirementDocumentInfo[] {
  return new RequirementsRepo(store.db).documentInfos();
}

/** The documents a --document NAME (its name or identifier) picks; every document when it is absent. */
export function pickDocuments(repo: RequirementsRepo, document: string | undefined): DocumentRow[] {
  const all = repo.documents();
  if (document === undefined) return all;
  const picked = all.filter((d) => d.name === document || d.id === document);
  if (picked.length === 0) fail('NOT_FOUND', `No requirements document is named ${document}.`, { where: { field: 'document' }, hint: all.length > 0 ? `Documents: ${all.map((d) => d.name).join(', ')}.` : 'Import one first.' });
  return picked;
}

function row(place: RequirementPlace, latest: RequirementRevision, documents: ReadonlyMap<string, string>, classes: ReadonlyMap<string, RequirementClassification>): RequirementRow {
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
    class: classes.get(place.id)?.class ?? null,
  };
}

function latestOf(repo: RequirementsRepo, id: string): RequirementRevision {
  return repo.latest(id) ?? fail('NOT_FOUND', `No requirement ${id} in this project.`, { where: { field: 'id' } });
}

/** A stored requirement at its latest revision, with its row as `req list` prints it. */
export interface StoredRequirement {
  place: RequirementPlace;
  latest: RequirementRevision;
  row: RequirementRow;
  /** the classifier's stored verdict on the latest revision */
  classification: RequirementClassification | null;
}

/** A heading: a hierarchy entry with a title and no text. It states nothing to lint, classify or pair. */
export const isHeading = (r: { latest: Pick<RequirementRevision, 'text'> }): boolean => r.latest.text.trim() === '';

/** Every requirement of one document (or all) in document order; `class` is the stored verdict on the latest revision. */
export function storedRequirements(store: ProjectStore, options: { document?: string } = {}): StoredRequirement[] {
  const repo = new RequirementsRepo(store.db);
  const documents = pickDocuments(repo, options.document);
  const names = new Map(documents.map((d) => [d.id, d.name]));
  const classes = new RequirementIntelligenceRepo(store.db).latestClassifications();
  const revisions = repo.latestRevisions();
  return repo.places(documents.map((d) => d.id)).map((place) => {
    const latest = revisions.get(place.id) ?? fail('INTERNAL', `Requirement ${place.id} has no revision.`);
    return { place, latest, row: row(place, latest, names, classes), classification: classes.get(place.id) ?? null };
  });
}

export function listRequirements(store: ProjectStore, options: { document?: string } = {}): RequirementRow[] {
  return storedRequirements(store, options).map((r) => r.row);
}

export function showRequirement(store: ProjectStore, id: string, options: { history?: boolean } = {}): RequirementDetail {
  const repo = new RequirementsRepo(store.db);
  const place = repo.place(id) ?? fail('NOT_FOUND', `No requirement ${id} in this project.`, { where: { field: 'id' } });
  const latest = latestOf(repo, id);
  const names = new Map(repo.documents().map((d) => [d.id, d.name]));
  const frame = frameOf(repo, place);
  const schema = schemaOf(frame, place);
  return {
    ...row(place, latest, names, new RequirementIntelligenceRepo(store.db).latestClassifications(id)),
    fingerprint: latest.fingerprint,
    attributes: latest.attributes,
    fields: attributeFields(schema, latest.attributes, attributeRoles(place, rolesOf(frame), schema)),
    xhtml: latest.xhtml,
    ...(options.history === true ? { history: repo.history(id) } : {}),
  };
}

/**
 * The attributes a field was read from, given its new words; other kinds (an enumeration) cannot hold them and stay.
 * Where the requirement has no value for the field yet, the words go to the spec type's attribute that holds them (a
 * STRING or XHTML one), so an export carries them and a re-import reads them back.
 */
function rewrite(attributes: ReqifValue[], definitions: ReadonlySet<string | null>, text: string, schema: AttributeSchema | null): ReqifValue[] {
  const holder = schema?.definitions.find((d) => definitions.has(d.identifier) && (d.kind === 'STRING' || d.kind === 'XHTML'));
  if (text !== '' && holder !== undefined && !attributes.some((v) => definitions.has(v.definition))) {
    const added: ReqifValue = holder.kind === 'XHTML' ? { kind: 'XHTML', definition: holder.identifier, xhtml: xhtmlOf(text), text } : { kind: 'STRING', definition: holder.identifier, value: text };
    return [...attributes, added];
  }
  return attributes.map((v): ReqifValue => {
    if (!definitions.has(v.definition)) return v;
    if (v.kind === 'STRING') return { ...v, value: text };
    // the original value no longer matches what the requirement says, so it goes
    if (v.kind === 'XHTML') return { kind: 'XHTML', definition: v.definition, xhtml: xhtmlOf(text), text };
    return v;
  });
}

const NO_ROLES: RoleDefinitions = { level: new Set(), status: new Set(), owner: new Set() };

function frameOf(repo: RequirementsRepo, place: RequirementPlace): ReqifFrame | null {
  const document = repo.documents().find((d) => d.id === place.document_id);
  const frameJson = document === undefined ? null : repo.source(document.source_id)?.frame_json ?? null;
  return frameJson === null ? null : (JSON.parse(frameJson) as ReqifFrame);
}

/** Where a ReqIF requirement keeps its level, status and owner (a CSV requirement keeps them in the revision only). */
function rolesOf(frame: ReqifFrame | null): RoleDefinitions {
  return frame === null ? NO_ROLES : roleDefinitions(definitionNames(frame.specTypes));
}

/** The attribute definitions of the requirement's spec type; null for a CSV requirement, which has none. */
function schemaOf(frame: ReqifFrame | null, place: RequirementPlace): AttributeSchema | null {
  if (frame === null || place.object_json === null) return null;
  const type = (JSON.parse(place.object_json) as { type: string }).type;
  return { definitions: frame.specTypes.find((t) => t.identifier === type)?.attributes ?? [], datatypes: frame.datatypes };
}

/**
 * The attributes that hold the requirement's text and title: where they were read, else (a heading has no text, a
 * requirement may have no chapter name) the spec type's attributes named for them.
 */
function textAndTitleDefinitions(place: RequirementPlace, schema: AttributeSchema | null): { text: string | null; title: string | null } {
  const names = new Map((schema?.definitions ?? []).map((d) => [d.identifier, d.longName ?? d.identifier]));
  const title = place.title_definition ?? definitionNamed(names, 'title');
  const text = place.text_definition ?? definitionNamed(names, 'text');
  return { title, text: text === title ? null : text };
}

/** definition -> the field it holds: the text and title, and the level, status and owner by name. */
function attributeRoles(place: RequirementPlace, roles: RoleDefinitions, schema: AttributeSchema | null): Map<string, RequirementAttributeRole> {
  const held = new Map<string, RequirementAttributeRole>();
  for (const field of ['level', 'status', 'owner'] as const) for (const d of roles[field]) held.set(d, field);
  const { text, title } = textAndTitleDefinitions(place, schema);
  if (title !== null) held.set(title, 'title');
  if (text !== null) held.set(text, 'text');
  return held;
}

/** The first value given (null is a value: it clears the field). */
const firstGiven = <T>(edited: T | undefined, read: T | undefined, before: T): T => (edited !== undefined ? edited : read !== undefined ? read : before);

/**
 * The values after typed attribute edits, and the level, status or owner an edit set through its attribute (read back
 * from it, as an import reads it).
 */
function attributeEdit(place: RequirementPlace, frame: ReqifFrame | null, roles: RoleDefinitions, values: ReqifValue[], edits: Record<string, string>): { attributes: ReqifValue[]; roles: Partial<Roles> } {
  const schema = schemaOf(frame, place);
  const held = textAndTitleDefinitions(place, schema);
  const reserved = new Map<string, string>();
  if (held.text !== null) reserved.set(held.text, 'text');
  if (held.title !== null) reserved.set(held.title, 'title');
  const set = setAttributes(place.id, values, edits, schema, reserved);
  const read = readRoles(set.values, roles, enumNames(frame?.datatypes ?? []));
  const touched = (['level', 'status', 'owner'] as const).filter((f) => [...roles[f]].some((d) => set.changed.has(d)));
  return { attributes: set.values, roles: Object.fromEntries(touched.map((f) => [f, read[f]])) };
}

/** A new revision with the edited fields; an edit that changes nothing is refused, so history holds only changes. */
export function editRequirement(store: ProjectStore, id: string, edit: RequirementEdit): RequirementRevision {
  const repo = new RequirementsRepo(store.db);
  return store.mutate(
    (r) => ({ action: 'requirements.edit', target: `requirement:${id}`, details: { revision: r.revision, fields: Object.keys(edit), ...(edit.attributes ? { attributes: Object.keys(edit.attributes) } : {}) } }),
    () => {
      const place = repo.place(id) ?? fail('NOT_FOUND', `No requirement ${id} in this project.`, { where: { field: 'id' } });
      const before = latestOf(repo, id);
      const frame = frameOf(repo, place);
      const roles = rolesOf(frame);
      const typed = edit.attributes === undefined ? { attributes: before.attributes, roles: {} } : attributeEdit(place, frame, roles, before.attributes, edit.attributes);
      let attributes = typed.attributes;
      const fromAttributes = typed.roles;
      const schema = schemaOf(frame, place);
      const held = textAndTitleDefinitions(place, schema);
      if (edit.text !== undefined) attributes = rewrite(attributes, new Set([held.text]), edit.text, schema);
      if (edit.title !== undefined) attributes = rewrite(attributes, new Set([held.title]), edit.title, schema);
      for (const field of ['level', 'status', 'owner'] as const) {
        const value = edit[field];
        if (value !== undefined) attributes = rewrite(attributes, roles[field], value ?? '', schema);
      }
      const content = {
        title: edit.title ?? before.title,
        text: edit.text ?? before.text,
        level: firstGiven(edit.level, fromAttributes.level, before.level),
        status: firstGiven(edit.status, fromAttributes.status, before.status),
        owner: firstGiven(edit.owner, fromAttributes.owner, before.owner),
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
