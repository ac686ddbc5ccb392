// ReqIF SPEC-RELATIONs and links between requirements, both ways. An import makes a link (origin 'reqif') for each
// relation between two requirements the store holds, typed by the relation type's long name, and removes the 'reqif'
// links whose relation no newer import still has; an export writes the links made in Airlock between requirements as
// SPEC-RELATIONs and leaves out the relations whose link was removed here, so a round trip through another tool
// carries both.
import { AppFailure } from '../../../shared/errors';
import type { ReqifSpecRelation, ReqifSpecType } from '../../../shared/reqif';
import type { RequirementImportWarning } from '../../../shared/requirements';
import type { TraceLinkType } from '../../../shared/trace-matrix';
import type { ProjectStore } from '../../store/project-store';
import { RequirementsRepo, type RelationRow } from '../../store/requirements-repo';
import { TraceLinksRepo } from '../../store/trace-links-repo';
import { addLink } from './links-service';

/** Words in a relation type's long name that say which link type it is, checked in this order. */
const RELATION_WORDS: readonly [RegExp, TraceLinkType][] = [
  [/refine/i, 'refines'],
  [/deriv/i, 'derived-from'],
  [/verif/i, 'verifies'],
  [/satisf|realiz|realis|implement/i, 'satisfies'],
];

/** The link type a relation type's long name says, or null when it says none of them. */
export function namedLinkType(longName: string | undefined): TraceLinkType | null {
  return RELATION_WORDS.find(([words]) => words.test(longName ?? ''))?.[1] ?? null;
}

/** A relation of a type whose name says no link type ('ManuellLink', 'trace') reads as derived-from: it traces the source to the target. */
export const linkTypeOfRelation = (longName: string | undefined): TraceLinkType => namedLinkType(longName) ?? 'derived-from';

interface RelationLink {
  relation: string;
  requirement: string;
  target: string;
  type: TraceLinkType;
}

const tripleKey = (requirement: string, type: TraceLinkType, target: string): string => JSON.stringify([requirement, type, target]);

/** The frame's relation types by identifier: their long names. */
function relationTypeNames(frameJson: string | null): Map<string, string | undefined> {
  if (frameJson === null) return new Map();
  const frame = JSON.parse(frameJson) as { specTypes: ReqifSpecType[] };
  return new Map(frame.specTypes.filter((t) => t.kind === 'specRelation').map((t) => [t.identifier, t.longName]));
}

/** The links a source's stored relations stand for: those between two requirements the store holds. */
function relationLinks(repo: RequirementsRepo, sourceId: string, held: (id: string) => boolean): RelationLink[] {
  const names = relationTypeNames(repo.source(sourceId)?.frame_json ?? null);
  return repo
    .relations(sourceId)
    .filter((r: RelationRow) => held(r.source) && held(r.target))
    .map((r) => ({ relation: r.id, requirement: r.source, target: r.target, type: linkTypeOfRelation(names.get(r.type)) }));
}

/**
 * Inside the import's mutate(), after its relations are stored: links for the relations of `sourceIds` (one already
 * live is kept as it is, so a re-import makes none twice), and removal of 'reqif' links no stored relation stands
 * for any more. A relation the link rules refuse (to itself, closing a refines cycle) becomes a warning.
 */
export function syncReqifLinks(store: ProjectStore, sourceIds: readonly string[]): { made: number; removed: number; warnings: RequirementImportWarning[] } {
  const repo = new RequirementsRepo(store.db);
  const held = new Set(repo.latestRevisions().keys());
  const isHeld = (id: string): boolean => held.has(id);
  let made = 0;
  const warnings: RequirementImportWarning[] = [];
  for (const sourceId of sourceIds) {
    for (const r of relationLinks(repo, sourceId, isHeld)) {
      try {
        if (addLink(store, { requirement: r.requirement, target: { kind: 'requirement', id: r.target }, type: r.type, reason: `ReqIF relation ${r.relation}`, origin: 'reqif' }).created) made += 1;
      } catch (e) {
        if (!(e instanceof AppFailure)) throw e;
        warnings.push({ code: 'RELATION_NOT_LINKED', identifier: r.relation, message: `Relation ${r.relation} (${r.requirement} ${r.type} ${r.target}) is not linked: ${e.error.message}` });
      }
    }
  }
  const sources = new Set(repo.documents().map((d) => d.source_id));
  const standing = new Set([...sources].flatMap((s) => relationLinks(repo, s, isHeld)).map((r) => tripleKey(r.requirement, r.type, r.target)));
  const links = new TraceLinksRepo(store.db);
  const stale = links.live().filter((l) => l.origin === 'reqif' && !standing.has(tripleKey(l.requirement, l.type, l.target.id)));
  const at = store.now().toISOString();
  for (const l of stale) links.remove(l.id, at, store.actor, 'its ReqIF relation is in no import any more');
  return { made, removed: stale.length, warnings };
}

/**
 * What an export writes for the links between its requirements: the stored relations less those whose link was
 * removed in Airlock (and not made again), plus a SPEC-RELATION (and any relation type the frame lacks) for each live
 * link no stored relation stands for. A link type reuses the frame's relation type whose name says it.
 */
export function relationsWithLinks(
  store: ProjectStore,
  specTypes: readonly ReqifSpecType[],
  exported: ReadonlySet<string>,
  stored: readonly ReqifSpecRelation[],
): { specTypes: ReqifSpecType[]; specRelations: ReqifSpecRelation[] } {
  const relationTypes = specTypes.filter((t) => t.kind === 'specRelation');
  const nameOf = new Map(relationTypes.map((t) => [t.identifier, t.longName]));
  const tripleOf = (r: ReqifSpecRelation): string => tripleKey(r.source, linkTypeOfRelation(nameOf.get(r.type)), r.target);
  const repo = new TraceLinksRepo(store.db);
  const live = repo.live().filter((l) => l.target.kind === 'requirement' && exported.has(l.requirement) && exported.has(l.target.id));
  const liveTriples = new Set(live.map((l) => tripleKey(l.requirement, l.type, l.target.id)));
  const unlinked = new Set(repo.removedOfOrigin('reqif').map((l) => tripleKey(l.requirement, l.type, l.target.id)).filter((k) => !liveTriples.has(k)));
  const kept = stored.filter((r) => !unlinked.has(tripleOf(r)));
  const standing = new Set(kept.map(tripleOf));
  const typeOf = new Map<TraceLinkType, string>();
  const added: ReqifSpecType[] = [];
  const typeFor = (type: TraceLinkType, at: string): string => {
    const known = typeOf.get(type) ?? relationTypes.find((t) => namedLinkType(t.longName) === type)?.identifier;
    if (known !== undefined) return known;
    const made: ReqifSpecType = { identifier: `airlock-relation-type-${type}`, longName: type, lastChange: at, kind: 'specRelation', attributes: [] };
    added.push(made);
    typeOf.set(type, made.identifier);
    return made.identifier;
  };
  const fromLinks = live
    .filter((l) => !standing.has(tripleKey(l.requirement, l.type, l.target.id)))
    .map((l) => ({ identifier: `airlock-${l.id}`, lastChange: l.createdAt, type: typeFor(l.type, l.createdAt), source: l.requirement, target: l.target.id, values: [] }));
  return { specTypes: added, specRelations: [...kept, ...fromLinks] };
}
