// A link's stamp: the requirement's newest revision and fingerprint, and the target's state now (a requirement's
// fingerprint, or the newest version of the target's line), so that a later change of either side reads as suspect.
// The newest of each line is found for many targets at once (one query per kind), for the matrix's many links.
import { fail } from '../../../shared/errors';
import type { LineageNode, LineageNodeKind } from '../../../shared/lineage';
import type { TraceTarget } from '../../../shared/trace';
import type { Db } from '../../store/db';
import type { ProjectStore } from '../../store/project-store';
import { RequirementsRepo } from '../../store/requirements-repo';
import type { LinkStamp } from '../../store/trace-links-repo';
import { targetKey } from '../links/target-labels';

interface NewestRow {
  id: string;
  newest: string;
}

/**
 * For each kind with versions, the SQL that gives, for each id in the JSON array @ids, the id of the newest member of
 * its line: a dataset's newest version, a model's newest version, its monitor's newest report (a report no monitor made
 * is a line of its own: none), and the newest run of the chain of retrainings that starts at a run (itself when none).
 */
const NEWEST_SQL: Partial<Record<LineageNodeKind, string>> = {
  dataset_version: `
    SELECT v.id, n.id AS newest FROM dataset_versions v
      JOIN dataset_versions n ON n.dataset_id = v.dataset_id AND n.version = (SELECT MAX(version) FROM dataset_versions WHERE dataset_id = v.dataset_id)
     WHERE v.id IN (SELECT value FROM json_each(@ids))`,
  model_version: `
    SELECT v.id, n.id AS newest FROM model_versions v
      JOIN model_versions n ON n.name = v.name AND n.version = (SELECT MAX(version) FROM model_versions WHERE name = v.name)
     WHERE v.id IN (SELECT value FROM json_each(@ids))`,
  drift_report: `
    SELECT r.id, (SELECT n.id FROM drift_reports n WHERE n.monitor_id = r.monitor_id ORDER BY n.created_at DESC, n.rowid DESC LIMIT 1) AS newest
      FROM drift_reports r
     WHERE r.id IN (SELECT value FROM json_each(@ids)) AND r.monitor_id IS NOT NULL`,
  run: `
    WITH RECURSIVE line (root, id) AS (
      SELECT value, value FROM json_each(@ids)
      UNION
      SELECT line.root, e.to_id FROM line JOIN lineage_edges e ON e.from_kind = 'run' AND e.from_id = line.id AND e.relation = 'retrained_as' AND e.to_kind = 'run'
    )
    SELECT line.root AS id, line.id AS newest FROM line JOIN runs r ON r.id = line.id
     WHERE r.seq = (SELECT MAX(s.seq) FROM line l2 JOIN runs s ON s.id = l2.id WHERE l2.root = line.root)`,
};

/**
 * For each kind with versions, the SQL that gives the members of @id's line older than it: the earlier versions of its
 * dataset or model, the earlier reports of its monitor, and the runs it retrains (directly or through other retrainings).
 */
const LINE_SQL: Partial<Record<LineageNodeKind, string>> = {
  dataset_version: 'SELECT o.id FROM dataset_versions v JOIN dataset_versions o ON o.dataset_id = v.dataset_id AND o.version < v.version WHERE v.id = @id',
  model_version: 'SELECT o.id FROM model_versions v JOIN model_versions o ON o.name = v.name AND o.version < v.version WHERE v.id = @id',
  drift_report: `
    SELECT o.id FROM drift_reports r
      JOIN drift_reports o ON o.monitor_id = r.monitor_id AND (o.created_at < r.created_at OR (o.created_at = r.created_at AND o.rowid < r.rowid))
     WHERE r.id = @id`,
  run: `
    WITH RECURSIVE earlier (id) AS (
      SELECT e.from_id FROM lineage_edges e WHERE e.to_kind = 'run' AND e.to_id = @id AND e.relation = 'retrained_as'
      UNION
      SELECT e.from_id FROM earlier JOIN lineage_edges e ON e.to_kind = 'run' AND e.to_id = earlier.id AND e.relation = 'retrained_as'
    )
    SELECT id FROM earlier`,
};

/** The older members of `node`'s line (which links stamped before it now read as superseded); none for kinds without versions. */
export function olderOfLine(db: Db, node: LineageNode): LineageNode[] {
  const sql = LINE_SQL[node.kind];
  if (sql === undefined) return [];
  return (db.prepare(sql).all({ id: node.id }) as { id: string }[]).map((r) => ({ kind: node.kind, id: r.id }));
}

const versioned = (kind: string): kind is LineageNodeKind => kind in NEWEST_SQL;

/**
 * The newest member of each target's line, by targetKey; targets of kinds without versions (requirements, monitors,
 * evaluations, approvals, ...) and targets that no longer exist are absent.
 */
export function newestOfLines(db: Db, targets: readonly TraceTarget[]): Map<string, LineageNode> {
  const idsByKind = new Map<LineageNodeKind, Set<string>>();
  for (const t of targets) {
    if (versioned(t.kind)) idsByKind.set(t.kind, (idsByKind.get(t.kind) ?? new Set()).add(t.id));
  }
  const newest = new Map<string, LineageNode>();
  for (const [kind, ids] of idsByKind) {
    const sql = NEWEST_SQL[kind] ?? fail('INTERNAL', `no line for ${kind}`);
    for (const row of db.prepare(sql).all({ ids: JSON.stringify([...ids]) }) as NewestRow[]) {
      newest.set(targetKey({ kind, id: row.id }), { kind, id: row.newest });
    }
  }
  return newest;
}

export function stampFor(store: ProjectStore, requirement: string, target: TraceTarget): LinkStamp {
  const repo = new RequirementsRepo(store.db);
  const latest = repo.latest(requirement);
  if (!latest) fail('NOT_FOUND', `No requirement '${requirement}'.`, { where: { field: 'requirement' } });
  const targetStamp = target.kind === 'requirement' ? (repo.latest(target.id)?.fingerprint ?? null) : (newestOfLines(store.db, [target]).get(targetKey(target))?.id ?? null);
  return { requirementRevision: latest.revision, requirementFingerprint: latest.fingerprint, targetStamp };
}
