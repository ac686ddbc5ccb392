// The evidence a link target brings to its requirement's acceptance criteria, and the figures that evidence holds: an
// evaluation, drift report or run is its own evidence; a model version brings its evaluations, the drift reports scored
// with it and the run that produced it; a dataset version the evaluations and drift reports measured on it; a monitor
// its newest report; an alert the report that raised it; an approval the evaluations it cites.
import type { Observation } from '../../../shared/acceptance-criteria';
import type { LineageNode, LineageRelation } from '../../../shared/lineage';
import type { TraceTarget } from '../../../shared/trace';
import type { TraceLinkType } from '../../../shared/trace-matrix';
import { readEvaluation } from '../../models/evaluations/store-evaluation';
import { MonitoringService } from '../../monitoring/monitoring-service';
import { LineageRepo } from '../../store/lineage-repo';
import { MonitoringRepo } from '../../store/monitoring-repo';
import type { ProjectStore } from '../../store/project-store';
import { RunsRepo } from '../../store/runs-repo';
import { targetKey } from '../links/target-labels';
import { observationsFromDrift, observationsFromEvaluation, observationsFromRun } from './evidence-observations';

/**
 * Link types that claim their target shows the requirement is met, so its criteria are judged on the target's
 * evidence. trained-on (the data a model learnt from), derived-from and refines (between requirements) claim no such thing.
 */
export const JUDGED_LINK_TYPES: ReadonlySet<TraceLinkType> = new Set<TraceLinkType>(['satisfies', 'verifies', 'evaluated-by', 'monitored-by']);

const EVIDENCE_KINDS = ['evaluation', 'drift_report', 'run'] as const;
/** A stored report whose figures criteria read. */
export type EvidenceNode = { kind: (typeof EVIDENCE_KINDS)[number]; id: string };

function isEvidence(node: LineageNode): node is LineageNode & EvidenceNode {
  return EVIDENCE_KINDS.some((kind) => kind === node.kind);
}

/**
 * Reads evidence for many targets in one request (a matrix, a requirement's links): each target is resolved once and
 * each report read once, however many links share them. Build one per request: stored reports are immutable, but new
 * ones arrive between requests.
 */
export class EvidenceReader {
  private readonly store: ProjectStore;
  private readonly lineage: LineageRepo;
  private readonly monitors: MonitoringRepo;
  private readonly reports: MonitoringService;
  private readonly reached = new Map<string, EvidenceNode[]>();
  private readonly figures = new Map<string, Observation[]>();

  constructor(store: ProjectStore) {
    this.store = store;
    this.lineage = new LineageRepo(store.db);
    this.monitors = new MonitoringRepo(store.db);
    this.reports = new MonitoringService(store);
  }

  /** Every figure of the evidence the targets reach, each report counted once. */
  observations(targets: readonly TraceTarget[]): Observation[] {
    const evidence = new Map<string, EvidenceNode>();
    for (const target of targets) for (const node of this.evidenceOf(target)) evidence.set(targetKey(node), node);
    return [...evidence.values()].flatMap((node) => this.figuresOf(node));
  }

  private evidenceOf(target: TraceTarget): EvidenceNode[] {
    const key = targetKey(target);
    let nodes = this.reached.get(key);
    if (!nodes) {
      nodes = this.resolve(target);
      this.reached.set(key, nodes);
    }
    return nodes;
  }

  private resolve({ kind, id }: TraceTarget): EvidenceNode[] {
    switch (kind) {
      case 'evaluation':
      case 'drift_report':
      case 'run':
        return [{ kind, id }];
      case 'model_version':
        return [...this.neighbours({ kind, id }, 'downstream', ['evaluated', 'scored_in']), ...this.neighbours({ kind, id }, 'upstream', ['produced'])];
      case 'dataset_version':
        return this.neighbours({ kind, id }, 'downstream', ['evaluated_on', 'current_of']);
      case 'monitor': {
        // a monitor's state is its newest report; the older ones are its history
        const last = this.monitors.lastReport(id);
        return last ? [{ kind: 'drift_report', id: last.id }] : [];
      }
      case 'alert':
        return this.neighbours({ kind, id }, 'upstream', ['raised']);
      case 'approval':
        return this.neighbours({ kind, id }, 'upstream', ['cited_by']);
      case 'requirement':
      case 'study':
        return [];
    }
  }

  /** The evidence one lineage step away along these relations. */
  private neighbours(node: LineageNode, direction: 'upstream' | 'downstream', relations: LineageRelation[]): EvidenceNode[] {
    return this.lineage
      .graph({ node, direction, depth: 1, relations })
      .nodes.filter((n) => n.depth === 1)
      .flatMap((n) => (isEvidence(n) ? [{ kind: n.kind, id: n.id }] : []));
  }

  private figuresOf(node: EvidenceNode): Observation[] {
    const key = targetKey(node);
    let figures = this.figures.get(key);
    if (!figures) {
      figures = this.read(node);
      this.figures.set(key, figures);
    }
    return figures;
  }

  private read(node: EvidenceNode): Observation[] {
    switch (node.kind) {
      case 'evaluation':
        return observationsFromEvaluation(readEvaluation(this.store, node.id));
      case 'drift_report':
        return observationsFromDrift(this.reports.report(node.id));
      case 'run':
        return observationsFromRun(new RunsRepo(this.store.db).get(node.id));
    }
  }
}
