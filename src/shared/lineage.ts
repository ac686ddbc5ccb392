// The lineage graph's catalogue: which kinds of node exist, which relations join them (and between which kinds), and
// the shape of a graph query and its answer. Every edge written and every query asked is checked against it.
import { z } from 'zod';

/** Versioned things lineage links; each id is that thing's stable string ('<dataset>@<version>', a run id, ...). */
export const LINEAGE_NODE_KINDS = ['dataset_version', 'study', 'run', 'model_version', 'drift_report', 'monitor', 'alert', 'evaluation', 'approval'] as const;
export type LineageNodeKind = (typeof LINEAGE_NODE_KINDS)[number];

export const LINEAGE_RELATION_NAMES = ['trained', 'studied', 'trial', 'produced', 'reference_of', 'current_of', 'scored_in', 'ran', 'raised', 'triggered', 'retrained_as', 'scored', 'scored_from', 'evaluated', 'evaluated_on', 'approved_as', 'cited_by'] as const;
export type LineageRelation = (typeof LINEAGE_RELATION_NAMES)[number];

/** Each relation reads "from <relation> to": the dataset version `trained` the run, the run `produced` the model version. */
export const LINEAGE_RELATIONS: Readonly<Record<LineageRelation, { from: LineageNodeKind; to: LineageNodeKind }>> = {
  trained: { from: 'dataset_version', to: 'run' },
  studied: { from: 'dataset_version', to: 'study' },
  trial: { from: 'study', to: 'run' },
  produced: { from: 'run', to: 'model_version' },
  /** a drift report compares its reference version with its current version, scoring both with a model version */
  reference_of: { from: 'dataset_version', to: 'drift_report' },
  current_of: { from: 'dataset_version', to: 'drift_report' },
  scored_in: { from: 'model_version', to: 'drift_report' },
  /** the monitor that made a report */
  ran: { from: 'monitor', to: 'drift_report' },
  /** a report whose figures fired an alert rule; the alert that started a retraining run; the run it retrains -> the new run */
  raised: { from: 'drift_report', to: 'alert' },
  triggered: { from: 'alert', to: 'run' },
  retrained_as: { from: 'run', to: 'run' },
  /** a scoring job: the model version whose predictions a new dataset version holds, and the version it scored */
  scored: { from: 'model_version', to: 'dataset_version' },
  scored_from: { from: 'dataset_version', to: 'dataset_version' },
  /** an evaluation report about a model version (both sides of a comparison), on a dataset version */
  evaluated: { from: 'model_version', to: 'evaluation' },
  evaluated_on: { from: 'dataset_version', to: 'evaluation' },
  /** a signed approval moving an alias to the model version, and each evaluation it cites as evidence */
  approved_as: { from: 'model_version', to: 'approval' },
  cited_by: { from: 'evaluation', to: 'approval' },
};

/** upstream: what the node came from; downstream: what came from it (what a change to it affects) */
export const LINEAGE_DIRECTIONS = ['upstream', 'downstream', 'both'] as const;

/** How far a graph query may walk: deep enough for requirement -> dataset -> run -> model -> evaluation chains. */
export const MAX_LINEAGE_DEPTH = 10;
/** Edges one answer may carry; past it the answer says it was truncated. */
export const MAX_LINEAGE_EDGES = 5000;

export const lineageNode = z
  .object({
    kind: z.enum(LINEAGE_NODE_KINDS),
    id: z.string().min(1).max(300),
  })
  .strict();
export type LineageNode = z.infer<typeof lineageNode>;

export const lineageGraphQuery = z
  .object({
    node: lineageNode,
    direction: z.enum(LINEAGE_DIRECTIONS),
    depth: z.number().int().min(1).max(MAX_LINEAGE_DEPTH).default(MAX_LINEAGE_DEPTH),
    /** only walk these relations (default: all) */
    relations: z.array(z.enum(LINEAGE_RELATION_NAMES)).min(1).optional(),
  })
  .strict();
export type LineageGraphQuery = z.output<typeof lineageGraphQuery>;

export interface LineageEdge {
  from: LineageNode;
  relation: LineageRelation;
  to: LineageNode;
  createdAt: string;
}

export interface LineageGraph {
  /** the node asked about first, then every node an edge reaches, each once */
  nodes: (LineageNode & { depth: number })[];
  edges: LineageEdge[];
  /** true when MAX_LINEAGE_EDGES cut the walk short */
  truncated: boolean;
}
