// Which requirements the window must hear about ('trace.changed') when something changes under their links: new
// evidence (a scoring, benchmark or fairness evaluation, a drift report) touches the requirements linked to it or to
// what it is about (its model version, dataset versions, monitor and the monitor's older reports, the alerts it raised),
// so a criterion it breaks or a report it supersedes shows at once; an edited requirement touches itself and the
// requirements linking to it.
import type { JobInfo } from '../../../shared/domain';
import { succeededAs } from '../../../shared/jobs';
import type { TraceTarget } from '../../../shared/trace';
import { LineageRepo } from '../../store/lineage-repo';
import type { ProjectStore } from '../../store/project-store';
import { TraceLinksRepo } from '../../store/trace-links-repo';
import type { EvidenceNode } from './link-evidence';

/** The evidence a succeeded job stored whose figures criteria read; null for any other job. */
export function evidenceStoredBy(job: JobInfo): EvidenceNode | null {
  if (succeededAs(job, 'drift.report')) return { kind: 'drift_report', id: job.result.reportId };
  if (succeededAs(job, 'model.score')) return job.result.evaluation === null ? null : { kind: 'evaluation', id: job.result.evaluation };
  if (succeededAs(job, 'model.bench') || succeededAs(job, 'model.fairness')) return { kind: 'evaluation', id: job.result.id };
  // comparisons and explanations hold no figure a criterion reads
  return null;
}

export function requirementsTouchedByEvidence(store: ProjectStore, evidence: EvidenceNode): string[] {
  const lineage = new LineageRepo(store.db);
  const about = lineage.graph({ node: evidence, direction: 'upstream', depth: 1 }).nodes;
  const raised = evidence.kind === 'drift_report' ? lineage.graph({ node: evidence, direction: 'downstream', depth: 1, relations: ['raised'] }).nodes : [];
  // a monitor's new report supersedes its older ones: links to those turn suspect
  const superseded = about.filter((n) => n.kind === 'monitor').flatMap((monitor) => lineage.graph({ node: monitor, direction: 'downstream', depth: 1, relations: ['ran'] }).nodes);
  return linkedRequirements(store, [...about, ...raised, ...superseded]);
}

export function requirementsTouchedByEdit(store: ProjectStore, requirement: string): string[] {
  const own = new TraceLinksRepo(store.db).live({ requirement }).length > 0 ? [requirement] : [];
  return [...new Set([...own, ...linkedRequirements(store, [{ kind: 'requirement', id: requirement }])])];
}

/** The requirements with a live link to any of these targets, each once, in the order first found. */
function linkedRequirements(store: ProjectStore, targets: readonly TraceTarget[]): string[] {
  const links = new TraceLinksRepo(store.db);
  return [...new Set(targets.flatMap((target) => links.live({ target: { kind: target.kind, id: target.id } }).map((l) => l.requirement)))];
}
