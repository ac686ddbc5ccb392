// Checks an acceptance criterion against observations from its requirement's linked evidence: pass, fail or no
// evidence, with the observation that decided and a one-line reason a reviewer can follow back to the report.
import {
  DISPARITY_PHRASES,
  type AcceptanceCriterion,
  type ComparisonOp,
  type CriterionResult,
  type CriterionStatus,
  type DriftCriterionScope,
  type EvidencePick,
  type Observation,
  type ObservationWindow,
} from '../../../shared/acceptance-criteria';
import { quoteName } from '../../../shared/criterion-tokens';
import { formatDataset, formatDriftScope } from '../../../shared/format-criterion';
import { oneLine } from '../../../shared/one-line';
import { num } from '../../monitoring/report-format';

export interface EvaluateOptions {
  /** default 'newest': the newest matching evidence decides, so a fixed model passes once it is evaluated again */
  pick?: EvidencePick;
}

export function evaluateCriterion(criterion: AcceptanceCriterion, observations: Observation[], options: EvaluateOptions = {}): CriterionResult {
  const matching = observations.filter((o) => matches(criterion, o));
  if (matching.length === 0) return { status: 'no-evidence', observation: null, value: null, reason: `no evidence measures ${subject(criterion)}` };
  const pool = (options.pick ?? 'newest') === 'newest' ? ofNewestEvidence(matching) : matching;
  const defined = pool.flatMap((o) => (o.value === null ? [] : [{ o, value: o.value }]));
  if (defined.length === 0) {
    const o = pool[0];
    return { status: 'no-evidence', observation: o, value: null, reason: `${subject(criterion)} is undefined in ${o.evidenceId}${because(o)}` };
  }
  // newest first, so that among equally bad figures the newest one is shown
  const ordered = [...defined].sort((a, b) => newestFirst(a.o, b.o));
  const higherIsWorse = criterion.kind === 'no-drift' || criterion.op === '<=' || criterion.op === '<';
  const { o: worst, value } = ordered.reduce((a, b) => ((higherIsWorse ? b.value > a.value : b.value < a.value) ? b : a));
  const pass = criterion.kind === 'no-drift' ? value === 0 : holds(value, criterion.op, threshold(criterion));
  return { status: pass ? 'pass' : 'fail', observation: worst, value, reason: reason(criterion, worst, value, pass) };
}

/**
 * A requirement's verdict over all its criteria: fail when any fails (a broken criterion must show even while others
 * lack evidence), else no evidence when any lacks it, else pass; null for a requirement without criteria.
 */
export function combinedStatus(results: CriterionResult[]): CriterionStatus | null {
  if (results.length === 0) return null;
  if (results.some((r) => r.status === 'fail')) return 'fail';
  return results.some((r) => r.status === 'no-evidence') ? 'no-evidence' : 'pass';
}

function matches(c: AcceptanceCriterion, o: Observation): boolean {
  switch (c.kind) {
    case 'metric':
      // metric names match whatever their case: runs imported from MLflow name them as their authors did
      return o.metric.toLowerCase() === `score.${c.metric.toLowerCase()}` && (c.dataset === null || sameDataset(o.scope.dataset, c.dataset.name, c.dataset.version));
    case 'latency':
      return o.metric === `latency.${c.statistic}` && (c.provider === null || o.scope.provider === c.provider) && (c.batchSize === null || o.scope.batchSize === c.batchSize);
    case 'fairness':
      return o.metric === `fairness.${c.disparity}` && o.scope.attribute === c.attribute;
    case 'drift-share':
      return o.metric === 'drift.share' && inScope(o.scope.window, c.scope);
    case 'no-drift':
      return (c.column === null ? o.metric === 'drift.dataset' : o.metric === 'drift.column' && o.scope.column === c.column) && inScope(o.scope.window, c.scope);
  }
}

/** `assays@3` against a criterion's dataset: the name, and the version when the criterion gives one. */
function sameDataset(observed: string | null, name: string, version: number | null): boolean {
  if (observed === null) return false;
  const at = observed.lastIndexOf('@');
  return observed.slice(0, at) === name && (version === null || observed.slice(at + 1) === String(version));
}

function inScope(window: ObservationWindow | null, scope: DriftCriterionScope): boolean {
  switch (scope) {
    case 'report':
      return window === null;
    case 'latest_window':
      return window?.last === true;
    case 'any_window':
      return window !== null;
  }
}

function newestFirst(a: Observation, b: Observation): number {
  return Date.parse(b.at) - Date.parse(a.at) || (a.evidenceId < b.evidenceId ? 1 : a.evidenceId > b.evidenceId ? -1 : 0);
}

/** Every matching observation of the newest evidence: within one report the worst of them decides. */
function ofNewestEvidence(matching: Observation[]): Observation[] {
  const newest = [...matching].sort(newestFirst)[0].evidenceId;
  return matching.filter((o) => o.evidenceId === newest);
}

function holds(value: number, op: ComparisonOp, limit: number): boolean {
  switch (op) {
    case '>=':
      return value >= limit;
    case '<=':
      return value <= limit;
    case '>':
      return value > limit;
    case '<':
      return value < limit;
  }
}

const NEGATED: Record<ComparisonOp, ComparisonOp> = { '>=': '<', '<=': '>', '>': '<=', '<': '>=' };

function threshold(c: Exclude<AcceptanceCriterion, { kind: 'no-drift' }>): number {
  return c.kind === 'latency' ? c.thresholdMs : c.threshold;
}

/** What the criterion measures, as a reason names it: "p95 latency on provider webgpu batch 8". */
function subject(c: AcceptanceCriterion): string {
  switch (c.kind) {
    case 'metric':
      return `${name(c.metric)}${c.dataset ? ` on dataset ${formatDataset(c.dataset)}` : ''}`;
    case 'latency':
      return `${c.statistic} latency${c.provider ? ` on provider ${c.provider}` : ''}${c.batchSize !== null ? ` batch ${c.batchSize}` : ''}`;
    case 'fairness':
      return `${DISPARITY_PHRASES[c.disparity]} on ${name(c.attribute)}`;
    case 'drift-share':
      return `drift share${formatDriftScope(c.scope)}`;
    case 'no-drift':
      return `${c.column === null ? 'dataset drift' : `drift in column ${name(c.column)}`}${formatDriftScope(c.scope)}`;
  }
}

function name(text: string): string {
  return oneLine(quoteName(text));
}

/** Where the deciding figure was measured: " on assays@3", " on webgpu at batch 8", " in window 2024-03". */
function where(c: AcceptanceCriterion, o: Observation): string {
  switch (c.kind) {
    case 'metric':
      return o.scope.dataset ? ` on ${name(o.scope.dataset)}` : '';
    case 'latency':
      return ` on ${o.scope.provider} at batch ${o.scope.batchSize}`;
    case 'fairness':
      return '';
    case 'drift-share':
    case 'no-drift':
      return o.scope.window ? ` in window ${name(o.scope.window.label)}` : '';
  }
}

function because(o: Observation): string {
  return o.detail ? `: ${oneLine(o.detail)}` : '';
}

function reason(c: AcceptanceCriterion, o: Observation, value: number, pass: boolean): string {
  if (c.kind === 'no-drift') {
    const what = c.column === null ? 'the dataset' : `column ${name(c.column)}`;
    return `${what} ${pass ? 'does not drift' : 'drifts'}${where(c, o)}${because(o)} (${o.evidenceId})`;
  }
  const unit = c.kind === 'latency' ? ' ms' : '';
  const label = c.kind === 'metric' ? name(c.metric) : c.kind === 'latency' ? `${c.statistic} latency` : c.kind === 'fairness' ? DISPARITY_PHRASES[c.disparity] : 'drift share';
  const scope = c.kind === 'fairness' ? ` on ${name(c.attribute)}` : '';
  return `${label} ${num(value, 6)}${unit} ${pass ? c.op : NEGATED[c.op]} ${threshold(c)}${unit}${scope}${where(c, o)} (${o.evidenceId})`;
}
