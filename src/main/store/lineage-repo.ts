// All lineage SQL: typed edges between versioned things, written inside a caller's mutate() and checked against the
// catalogue in src/shared/lineage.ts, and graph walks upstream or downstream of any node by a bounded recursive CTE.
import { fail } from '../../shared/errors';
import {
  LINEAGE_NODE_KINDS,
  LINEAGE_RELATION_NAMES,
  LINEAGE_RELATIONS,
  MAX_LINEAGE_EDGES,
  type LineageEdge,
  type LineageGraph,
  type LineageGraphQuery,
  type LineageNode,
  type LineageNodeKind,
  type LineageRelation,
} from '../../shared/lineage';
import type { Db } from './db';

/** Where each kind of node lives, to tell an unknown node from one with no edges. */
const NODE_TABLES: Record<LineageNodeKind, string> = {
  dataset_version: 'dataset_versions',
  study: 'studies',
  run: 'runs',
  model_version: 'model_versions',
  drift_report: 'drift_reports',
  monitor: 'monitors',
  alert: 'alerts',
  evaluation: 'evaluations',
  approval: 'model_approvals',
};
// Maps, not the objects above: kinds and relations arrive from callers and stored rows, and `constructor` is no kind
const tableOf = new Map<string, string>(Object.entries(NODE_TABLES));
const relationOf = new Map<string, { name: LineageRelation; from: LineageNodeKind; to: LineageNodeKind }>(LINEAGE_RELATION_NAMES.map((name) => [name, { name, ...LINEAGE_RELATIONS[name] }]));

/** Rows a walk may visit before it stops: diamonds in a deep graph repeat edges at several depths. */
const MAX_WALK_ROWS = MAX_LINEAGE_EDGES * 4;

interface EdgeRow {
  from_kind: string;
  from_id: string;
  relation: string;
  to_kind: string;
  to_id: string;
  created_at: string;
  depth: number;
}

/**
 * One direction of the walk. `near` is the side of an edge already reached, `far` the side the edge leads to:
 * upstream follows edges into a node back to where they start; downstream follows them out.
 */
function walkSql(near: 'to' | 'from', far: 'to' | 'from'): string {
  return `
    WITH RECURSIVE walk (from_kind, from_id, relation, to_kind, to_id, created_at, depth) AS (
      SELECT from_kind, from_id, relation, to_kind, to_id, created_at, 1 FROM lineage_edges
       WHERE ${near}_kind = @kind AND ${near}_id = @id AND relation IN (SELECT value FROM json_each(@relations))
      UNION
      SELECT e.from_kind, e.from_id, e.relation, e.to_kind, e.to_id, e.created_at, w.depth + 1
        FROM walk w JOIN lineage_edges e ON e.${near}_kind = w.${far}_kind AND e.${near}_id = w.${far}_id
       WHERE w.depth < @depth AND e.relation IN (SELECT value FROM json_each(@relations))
      LIMIT ${MAX_WALK_ROWS}
    )
    SELECT from_kind, from_id, relation, to_kind, to_id, MIN(created_at) AS created_at, MIN(depth) AS depth
      FROM walk GROUP BY from_kind, from_id, relation, to_kind, to_id
     ORDER BY depth, from_kind, from_id, relation, to_kind, to_id
     LIMIT ${MAX_LINEAGE_EDGES + 1}`;
}

export class LineageRepo {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /** Records "from <relation> to" (once: the same edge again changes nothing). Call inside store.mutate(). */
  link(from: LineageNode, relation: LineageRelation, to: LineageNode, createdAt: string): void {
    const ends = relationOf.get(relation);
    if (!ends) fail('BAD_INPUT', `'${relation}' is not a lineage relation (known: ${LINEAGE_RELATION_NAMES.join(', ')}).`, { where: { field: 'relation' } });
    if (ends.from !== from.kind || ends.to !== to.kind) {
      fail('BAD_INPUT', `A '${relation}' edge goes from a ${ends.from} to a ${ends.to}, not from a ${from.kind} to a ${to.kind}.`, { where: { field: 'relation' } });
    }
    this.db
      .prepare('INSERT OR IGNORE INTO lineage_edges (from_kind, from_id, relation, to_kind, to_id, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(from.kind, from.id, relation, to.kind, to.id, createdAt);
  }

  exists(node: LineageNode): boolean {
    const table = tableOf.get(node.kind);
    if (table === undefined) fail('BAD_INPUT', `'${node.kind}' is not a lineage node kind (known: ${LINEAGE_NODE_KINDS.join(', ')}).`, { where: { field: 'node.kind' } });
    return this.db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(node.id) !== undefined;
  }

  /** The node's upstream (what it came from), downstream (what came from it: what a change affects) or both, to `depth` edges. */
  graph(q: LineageGraphQuery): LineageGraph {
    if (!this.exists(q.node)) fail('NOT_FOUND', `No ${q.node.kind} '${q.node.id}' in this project.`, { where: { field: 'node.id' } });
    const relations = JSON.stringify(q.relations ?? LINEAGE_RELATION_NAMES);
    const directions: ('upstream' | 'downstream')[] = q.direction === 'both' ? ['upstream', 'downstream'] : [q.direction];
    const nodes = new Map<string, LineageNode & { depth: number }>([[nodeKey(q.node), { ...q.node, depth: 0 }]]);
    const edges = new Map<string, LineageEdge>();
    let truncated = false;
    for (const direction of directions) {
      const sql = direction === 'upstream' ? walkSql('to', 'from') : walkSql('from', 'to');
      const rows = this.db.prepare(sql).all({ kind: q.node.kind, id: q.node.id, relations, depth: q.depth }) as EdgeRow[];
      if (rows.length > MAX_LINEAGE_EDGES) {
        truncated = true;
        rows.length = MAX_LINEAGE_EDGES;
      }
      for (const row of rows) {
        const edge = toEdge(row);
        edges.set(`${nodeKey(edge.from)}|${edge.relation}|${nodeKey(edge.to)}`, edge);
        const reached = direction === 'upstream' ? edge.from : edge.to;
        const known = nodes.get(nodeKey(reached));
        if (!known || known.depth > row.depth) nodes.set(nodeKey(reached), { ...reached, depth: row.depth });
      }
    }
    return { nodes: [...nodes.values()].sort((a, b) => a.depth - b.depth), edges: [...edges.values()], truncated };
  }
}

function nodeKey(node: LineageNode): string {
  return `${node.kind}:${node.id}`;
}

/** A stored row as an edge; a row the catalogue does not know (written by a newer Airlock?) is refused by name. */
function toEdge(row: EdgeRow): LineageEdge {
  const ends = relationOf.get(row.relation);
  if (!ends || ends.from !== row.from_kind || ends.to !== row.to_kind) {
    fail('SCHEMA_TOO_NEW', `The lineage edge ${row.from_kind} '${row.from_id}' ${row.relation} ${row.to_kind} '${row.to_id}' is not in this version's catalogue.`, {
      hint: 'Open the project with the Airlock version that wrote it.',
    });
  }
  return {
    from: { kind: ends.from, id: row.from_id },
    relation: ends.name,
    to: { kind: ends.to, id: row.to_id },
    createdAt: row.created_at,
  };
}
