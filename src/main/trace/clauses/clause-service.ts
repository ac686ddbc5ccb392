// Clause coverage of a project: the shipped checklists, the gap report from the mappings people confirmed (with
// suggestions over the requirements and artifacts beside it), clause suggestions for one requirement or artifact,
// and a person's confirmation or rejection, append-only and audited. A decided pair is never suggested again.
import { fail } from '../../../shared/errors';
import type { TraceTarget } from '../../../shared/trace';
import type { ChecklistInfo, ClauseChecklist, ClauseCoverageReport, ClauseMapping, ClauseSuggestion, EvidenceKind, EvidenceRef } from '../../../shared/standards';
import { isHeading, storedRequirements } from '../../requirements/store/requirements-service';
import { ClauseMappingsRepo, type ClauseDecision } from '../../store/clause-mappings-repo';
import { EvaluationsRepo } from '../../store/evaluations-repo';
import { LineageRepo } from '../../store/lineage-repo';
import { MonitoringRepo } from '../../store/monitoring-repo';
import type { ProjectStore } from '../../store/project-store';
import { RequirementsRepo } from '../../store/requirements-repo';
import { resolveTargetRef, traceTargets } from '../links/trace-targets';
import { checklistTree } from './checklist-tree';
import { clauseCoverage } from './clause-coverage';
import { checklistInfo, shippedChecklist, shippedChecklists } from './load-checklists';
import { suggestClauses } from './suggest-clauses';

/** Suggestions per requirement or artifact in the gap report: enough to say where to look, few enough to read. */
const SUGGESTIONS_PER_ITEM = 3;

/**
 * The words an artifact's kind adds to its label before clause suggestion: an artifact has no prose of its own,
 * so its kind says what it shows, in the words the checklists' keywords use (a scoring evaluation is a test of
 * accuracy; a benchmark, of timing and memory).
 */
const EVIDENCE_WORDS: Readonly<Record<Exclude<EvidenceKind, 'requirement'>, string>> = {
  dataset_version: 'dataset version data collection',
  run: 'training run build',
  model_version: 'trained model version',
  scoring: 'scoring evaluation test verification accuracy metrics',
  benchmark: 'benchmark test performance timing memory hardware',
  comparison: 'model comparison regression test',
  explanation: 'explanation explainability feature importance',
  fairness: 'fairness bias test subgroup',
  drift_report: 'drift monitoring report data',
  alert_rule: 'alert rule monitoring threshold',
  approval: 'approval release sign-off review',
  audit_log: 'audit log record',
};

const refKey = (clause: string, ref: EvidenceRef): string => `${clause}\u0000${ref.kind}\u0000${ref.id}`;

export function standards(): ChecklistInfo[] {
  return shippedChecklists().map(checklistInfo);
}

/** The evidence a trace target stands as: an evaluation by its kind; a study, monitor or alert is none. */
export function evidenceRef(store: ProjectStore, target: TraceTarget): EvidenceRef {
  switch (target.kind) {
    case 'evaluation': {
      const evaluation = new EvaluationsRepo(store.db).get(target.id) ?? fail('NOT_FOUND', `No evaluation '${target.id}' in this project.`, { where: { field: 'target' } });
      return { kind: evaluation.kind, id: target.id };
    }
    case 'study':
    case 'monitor':
    case 'alert':
      return fail('BAD_INPUT', `A ${target.kind} is not evidence a clause can name.`, { where: { field: 'target' }, hint: 'Map its runs, drift reports or alert rules instead.' });
    default:
      return { kind: target.kind, id: target.id };
  }
}

/** Evidence the CLI may name that no link can point at: `alert-rule:ID`, `audit:SEQ` (an audit log entry). */
const EVIDENCE_ONLY_WORDS: ReadonlyMap<string, EvidenceKind> = new Map([
  ['alert-rule', 'alert_rule'],
  ['audit', 'audit_log'],
]);

/** The evidence a CLI reference names: `alert-rule:ID`, `audit:SEQ`, or any link target (`req:ID`, `eval:ID`, `model:NAME@V`...). */
export function evidenceFromRef(store: ProjectStore, ref: string): EvidenceRef {
  const colon = ref.indexOf(':');
  const only = colon > 0 ? EVIDENCE_ONLY_WORDS.get(ref.slice(0, colon)) : undefined;
  return only === undefined ? evidenceRef(store, resolveTargetRef(store, ref)) : { kind: only, id: ref.slice(colon + 1) };
}

function evidenceExists(store: ProjectStore, ref: EvidenceRef): boolean {
  switch (ref.kind) {
    case 'requirement':
      return new RequirementsRepo(store.db).latest(ref.id) !== null;
    case 'scoring':
    case 'benchmark':
    case 'comparison':
    case 'explanation':
    case 'fairness':
      return new EvaluationsRepo(store.db).get(ref.id)?.kind === ref.kind;
    case 'alert_rule':
      return new MonitoringRepo(store.db).rule(ref.id) !== undefined;
    case 'audit_log':
      return /^[1-9][0-9]*$/.test(ref.id) && store.audit.hashAt(Number(ref.id)) !== undefined;
    default:
      return new LineageRepo(store.db).exists({ kind: ref.kind, id: ref.id });
  }
}

interface Candidate {
  ref: EvidenceRef;
  text: string;
}

/** Every requirement with text, and every artifact that can stand as evidence, with the text clauses are matched on. */
function candidates(store: ProjectStore): Candidate[] {
  const requirements = storedRequirements(store)
    .filter((r) => !isHeading(r))
    .map((r): Candidate => ({ ref: { kind: 'requirement', id: r.row.id }, text: `${r.latest.title} ${r.latest.text}` }));
  const kinds = new Map(new EvaluationsRepo(store.db).list({}, Number.MAX_SAFE_INTEGER).map((e) => [e.id, e.kind]));
  const artifacts = traceTargets(store, ['dataset_version', 'run', 'model_version', 'drift_report', 'evaluation', 'approval']).flatMap((t): Candidate[] => {
    const kind = t.kind === 'evaluation' ? kinds.get(t.id) : t.kind;
    if (kind === undefined || kind === 'requirement' || kind === 'study' || kind === 'monitor' || kind === 'alert') return [];
    return [{ ref: { kind, id: t.id }, text: `${EVIDENCE_WORDS[kind]} ${t.label}` }];
  });
  return [...requirements, ...artifacts];
}

function matchingClauses(text: string, ref: EvidenceRef, checklist: ClauseChecklist, options: { level?: string | null; limit?: number }): ClauseSuggestion[] {
  return suggestClauses(text, checklist, { ...options, evidenceKind: ref.kind });
}

/** The gap report of one standard at a level: confirmed mappings cover; undecided suggestions are listed beside them. */
export function clauseReport(store: ProjectStore, standard: string, level: string | null): ClauseCoverageReport {
  const checklist = shippedChecklist(standard);
  const decided = new ClauseMappingsRepo(store.db).current(standard);
  const confirmed = decided.filter((m) => m.state === 'confirmed').map((m): ClauseMapping => ({ standard, clause: m.clause, target: m.target, state: 'confirmed' }));
  const seen = new Set(decided.map((m) => refKey(m.clause, m.target)));
  const suggested = candidates(store).flatMap((c) =>
    matchingClauses(c.text, c.ref, checklist, { level, limit: SUGGESTIONS_PER_ITEM })
      .filter((s) => !seen.has(refKey(s.clause, c.ref)))
      .map((s): ClauseMapping => ({ standard, clause: s.clause, target: c.ref, state: 'suggested' })),
  );
  return clauseCoverage(checklist, [...confirmed, ...suggested], { level });
}

/** The text one requirement or artifact is matched on: a requirement's title and text, an artifact's kind words and label. */
function textOf(store: ProjectStore, target: TraceTarget, ref: EvidenceRef): string {
  const missing = (): never => fail('NOT_FOUND', `No ${target.kind.replace(/_/g, ' ')} '${target.id}' in this project.`, { where: { field: 'target' } });
  if (ref.kind === 'requirement') {
    const latest = new RequirementsRepo(store.db).latest(ref.id) ?? missing();
    return `${latest.title} ${latest.text}`;
  }
  const info = traceTargets(store, [target.kind]).find((t) => t.id === target.id) ?? missing();
  return `${EVIDENCE_WORDS[ref.kind]} ${info.label}`;
}

/** Clauses proposed for one requirement or artifact, best first, leaving out those a person already decided for it. */
export function clauseSuggestions(store: ProjectStore, standard: string, target: TraceTarget): ClauseSuggestion[] {
  const checklist = shippedChecklist(standard);
  const ref = evidenceRef(store, target);
  const decided = new Set(new ClauseMappingsRepo(store.db).current(standard).map((m) => refKey(m.clause, m.target)));
  return matchingClauses(textOf(store, target, ref), ref, checklist, { limit: 10 }).filter((s) => !decided.has(refKey(s.clause, ref)));
}

/** A person confirms or rejects `target` as evidence for a clause; kept append-only with its audit entry. */
export function mapClause(store: ProjectStore, input: { standard: string; clause: string; target: EvidenceRef; state: ClauseDecision; reason?: string }): void {
  const checklist = shippedChecklist(input.standard);
  if (!checklistTree(checklist).byId.has(input.clause)) {
    fail('NOT_FOUND', `${checklist.name} has no clause '${input.clause}' in Airlock's checklist.`, { where: { field: 'clause' }, hint: `airlock trace clauses --standard ${checklist.id} lists them.` });
  }
  if (!evidenceExists(store, input.target)) fail('NOT_FOUND', `No ${input.target.kind.replace(/_/g, ' ')} '${input.target.id}' in this project.`, { where: { field: 'target' } });
  const reason = input.reason === undefined || input.reason === '' ? null : input.reason;
  const { standard, clause, target, state } = input;
  store.mutate({ action: 'trace.mapClause', target: `${standard}:${clause}`, details: { evidence: target, state, reason } }, () =>
    new ClauseMappingsRepo(store.db).add({ standard, clause, target, state, reason, createdAt: store.now().toISOString(), createdBy: store.actor }),
  );
}
