// Why each link is suspect now: its requirement's newest fingerprint differs from the stamp (a revision that only
// changed status or owner keeps the fingerprint, so it is not a cause), a requirement target's fingerprint changed,
// or a newer member of the target's line supersedes the one stamped. A constant number of queries for any number of
// links: the matrix describes every link at once.
import type { LineageNode } from '../../../shared/lineage';
import type { SuspectCause, TraceTarget } from '../../../shared/trace';
import type { TraceTargetKind } from '../../../shared/trace-matrix';
import type { Db } from '../../store/db';
import type { ProjectStore } from '../../store/project-store';
import { ID_LOOKUP_LIMIT, type StoredLink } from '../../store/trace-links-repo';
import { targetKey, targetLabels } from '../links/target-labels';
import { newestOfLines } from './link-stamp';

interface Latest {
  revision: number;
  fingerprint: string;
}

/**
 * The newest revision and fingerprint of each of these requirements: a few looked up by the revisions' key, many (a
 * matrix's 20,000) read in one pass over the table, which costs half as much.
 */
function latestFingerprints(db: Db, ids: ReadonlySet<string>): Map<string, Latest> {
  const few = ids.size <= ID_LOOKUP_LIMIT;
  const rows = db
    .prepare(
      `SELECT requirement_id AS id, MAX(revision) AS revision, fingerprint FROM requirement_revisions
        ${few ? 'WHERE requirement_id IN (SELECT value FROM json_each(?))' : ''} GROUP BY requirement_id`,
    )
    .all(...(few ? [JSON.stringify([...ids])] : [])) as (Latest & { id: string })[];
  return new Map(rows.map((r) => [r.id, { revision: r.revision, fingerprint: r.fingerprint }]));
}

/** The last revision of each requirement that had each fingerprint, keyed `id\0fingerprint`: the revision a stamp names. */
function revisionsByFingerprint(db: Db, ids: ReadonlySet<string>): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT requirement_id AS id, fingerprint, MAX(revision) AS revision FROM requirement_revisions
        WHERE requirement_id IN (SELECT value FROM json_each(?)) GROUP BY requirement_id, fingerprint`,
    )
    .all(JSON.stringify([...ids])) as { id: string; fingerprint: string; revision: number }[];
  return new Map(rows.map((r) => [`${r.id}\0${r.fingerprint}`, r.revision]));
}

/** What the suspect test reads of a link: its two sides and the stamp they are compared with. */
type StampedLink = Pick<StoredLink, 'id' | 'requirement' | 'target' | 'requirementRevision' | 'requirementFingerprint' | 'targetStamp'>;

/**
 * The causes of each suspect link, by link id; a link that is not suspect is absent. Each distinct requirement and
 * target is looked up once (100,000 links point at some 20,000 requirements and 2,000 targets), found by kind and id
 * without a key string per link, and a link that is not suspect allocates nothing.
 */
export function suspectCauses(store: ProjectStore, links: readonly StampedLink[]): Map<string, SuspectCause[]> {
  const requirements = new Set<string>();
  const distinct = new Map<TraceTargetKind, Map<string, TraceTarget>>();
  for (const l of links) {
    requirements.add(l.requirement);
    let ofKind = distinct.get(l.target.kind);
    if (ofKind === undefined) distinct.set(l.target.kind, (ofKind = new Map()));
    if (!ofKind.has(l.target.id)) ofKind.set(l.target.id, l.target);
    if (l.target.kind === 'requirement') requirements.add(l.target.id);
  }
  const latest = latestFingerprints(store.db, requirements);
  const newestByKey = newestOfLines(store.db, [...distinct.values()].flatMap((ofKind) => [...ofKind.values()]));
  const newest = new Map([...distinct].map(([kind, ofKind]) => [kind, new Map([...ofKind.keys()].map((id) => [id, newestByKey.get(targetKey({ kind, id }))]))]));

  /** a requirement target's newest revision, when its fingerprint is not the one stamped */
  const changedTarget = (l: StampedLink): Latest | null => {
    const now = l.target.kind === 'requirement' ? latest.get(l.target.id) : undefined;
    return now !== undefined && l.targetStamp !== null && now.fingerprint !== l.targetStamp ? now : null;
  };
  /** the newest member of the target's line, when it is not the one stamped (a null stamp has nothing to compare with) */
  const superseding = (l: StampedLink): LineageNode | null => {
    const now = newest.get(l.target.kind)?.get(l.target.id);
    return now !== undefined && l.targetStamp !== null && now.id !== l.targetStamp ? now : null;
  };

  const changedTargets = new Set<string>();
  const supersedingNodes = new Map<string, LineageNode>();
  const suspect = links.filter((l) => {
    const own = latest.get(l.requirement);
    const target = changedTarget(l);
    const by = superseding(l);
    if (target) changedTargets.add(l.target.id);
    if (by) supersedingNodes.set(targetKey(by), by);
    return (own !== undefined && own.fingerprint !== l.requirementFingerprint) || target !== null || by !== null;
  });
  const stampedRevision = changedTargets.size > 0 ? revisionsByFingerprint(store.db, changedTargets) : new Map<string, number>();
  const labels = supersedingNodes.size > 0 ? targetLabels(store, [...supersedingNodes.values()]) : new Map<string, string>();

  const causes = new Map<string, SuspectCause[]>();
  for (const l of suspect) {
    const found: SuspectCause[] = [];
    const own = latest.get(l.requirement);
    if (own && own.fingerprint !== l.requirementFingerprint) found.push({ kind: 'requirement-changed', fromRevision: l.requirementRevision, toRevision: own.revision });
    const target = changedTarget(l);
    if (target) found.push({ kind: 'target-changed', fromRevision: stampedRevision.get(`${l.target.id}\0${l.targetStamp}`) ?? 0, toRevision: target.revision });
    const by = superseding(l);
    if (by) found.push({ kind: 'superseded', by, label: labels.get(targetKey(by)) ?? by.id });
    causes.set(l.id, found);
  }
  return causes;
}
