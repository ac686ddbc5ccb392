// Everything a link can point at, with the name the window shows: requirements, dataset versions, runs, model
// versions, evaluations, drift reports, monitors, alerts, approvals; and the CLI's `KIND:ID[@VERSION]` read into a
// target (`model:churn@2`, `dataset:holdout` for its newest version). (stub: slice 1)
import { fail } from '../../../shared/errors';
import type { TraceTarget, TraceTargetInfo } from '../../../shared/trace';
import type { TraceTargetKind } from '../../../shared/trace-matrix';
import type { ProjectStore } from '../../store/project-store';

/** Every linkable target of the given kinds (default: all), grouped by kind in TRACE_TARGET_KINDS order, oldest first within a kind. */
export function traceTargets(_store: ProjectStore, _kinds?: readonly TraceTargetKind[]): TraceTargetInfo[] {
  return [];
}

/** The target a CLI reference names, checked to exist. */
export function resolveTargetRef(_store: ProjectStore, ref: string): TraceTarget {
  return fail('BAD_INPUT', `cannot read '${ref}' as KIND:ID[@VERSION] yet`);
}
