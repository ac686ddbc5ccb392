// Why each link is suspect now: its requirement's newest fingerprint differs from the stamp (a revision that only
// changed status or owner keeps the fingerprint, so it is not a cause), a requirement target's fingerprint changed,
// or a newer member of the target's line supersedes the one stamped. A constant number of queries for any number of
// links: the matrix describes every link at once.
import type { LineageNode } from '../../../shared/lineage';
import type { SuspectCause } from '../../../shared/trace';
import type { Db } from '../../store/db';
import type { ProjectStore } from '../../store/project-store';
import type { StoredLink } from '../../store/trace-links-repo';
import { targetKey, targetLabels } from '../links/target-labels';
import { newestOfLines } from './link-stamp';

interface Latest {
  revision: number;
  fingerprint: string;
}

/** The newest revision and fingerprint of each of these requirements. */
function latestFingerprints(db: Db, ids: ReadonlySet<string>): Map<string, Latest> {
  const rows = db
    .prepare(
      `SELECT requirement_id AS id, MAX(revision) AS revision, fingerprint FROM requirement_revisions
        WHERE requirement_id IN (SELECT value FROM json_each(?)) GROUP BY requirement_id`,
    )
    .all(JSON.stringify([...ids])) as (Latest & { id: string })[];
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

export function suspectCauses(store: ProjectStore, links: readonly StoredLink[]): Map<string, SuspectCause[]> {
  const requirements = new Set(links.flatMap((l) => (l.target.kind === 'requirement' ? [l.requirement, l.target.id] : [l.requirement])));
  const latest = latestFingerprints(store.db, requirements);
  const newest = newestOfLines(store.db, links.map((l) => l.target));

  /** a requirement target's newest revision, when its fingerprint is not the one stamped */
  const changedTarget = (l: StoredLink): Latest | null => {
    const now = l.target.kind === 'requirement' ? latest.get(l.target.id) : undefined;
    return now !== undefined && l.targetStamp !== null && now.fingerprint !== l.targetStamp ? now : null;
  };
  const changedTargets = new Set(links.filter((l) => changedTarget(l) !== null).map((l) => l.target.id));
  const stampedRevision = changedTargets.size > 0 ? revisionsByFingerprint(store.db, changedTargets) : new Map<string, number>();

  /** the newest member of the target's line, when it is not the one stamped (a null stamp has nothing to compare with) */
  const superseding = (l: StoredLink): LineageNode | null => {
    const now = newest.get(targetKey(l.target));
    return now !== undefined && l.targetStamp !== null && now.id !== l.targetStamp ? now : null;
  };
  const supersededBy = new Map<string, LineageNode>();
  for (const l of links) {
    const by = superseding(l);
    if (by) supersededBy.set(l.id, by);
  }
  const labels = supersededBy.size > 0 ? targetLabels(store, [...supersededBy.values()]) : new Map<string, string>();

  const causes = new Map<string, SuspectCause[]>();
  for (const l of links) {
    const found: SuspectCause[] = [];
    const own = latest.get(l.requirement);
    if (own && own.fingerprint !== l.requirementFingerprint) found.push({ kind: 'requirement-changed', fromRevision: l.requirementRevision, toRevision: own.revision });
    const target = changedTarget(l);
    if (target) found.push({ kind: 'target-changed', fromRevision: stampedRevision.get(`${l.target.id}\0${l.targetStamp}`) ?? 0, toRevision: target.revision });
    const by = supersededBy.get(l.id);
    if (by) found.push({ kind: 'superseded', by, label: labels.get(targetKey(by)) ?? by.id });
    if (found.length > 0) causes.set(l.id, found);
  }
  return causes;
}
