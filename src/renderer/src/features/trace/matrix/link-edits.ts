// What a key press in the matrix does to the links: the type a cell gets when the person lets the column's kind decide,
// the edit a toggle or a Delete makes over the selected cells, and the edit that undoes it.
import type { TraceTarget } from '../../../../../shared/trace';
import type { TraceLinkType, TraceTargetKind } from '../../../../../shared/trace-matrix';

/** 'auto': each cell takes the usual type for its column's kind */
export type LinkTypeChoice = 'auto' | TraceLinkType;

/**
 * The type a link to each kind usually has: what the requirement is met by (a model version, a run), verified by (an
 * evaluation, a report, an approval), trained on (a dataset version), watched by (a monitor, its alerts) or refines.
 */
export const USUAL_LINK_TYPE: Readonly<Record<TraceTargetKind, TraceLinkType>> = {
  requirement: 'refines',
  dataset_version: 'trained-on',
  study: 'satisfies',
  run: 'satisfies',
  model_version: 'satisfies',
  drift_report: 'verifies',
  monitor: 'monitored-by',
  alert: 'monitored-by',
  evaluation: 'verifies',
  approval: 'verifies',
};

export const linkTypeFor = (choice: LinkTypeChoice, kind: TraceTargetKind): TraceLinkType => (choice === 'auto' ? USUAL_LINK_TYPE[kind] : choice);

/** One link an edit makes or removes; `link` is its id once it exists (a link made again gets a new id). */
export interface LinkSpec {
  requirement: string;
  target: TraceTarget;
  type: TraceLinkType;
  link: string | null;
}

/** What an edit did (or is to do): make these links, or remove them. */
export interface MatrixEdit {
  action: 'link' | 'unlink';
  links: LinkSpec[];
}

/** A selected cell: what it joins and the links it holds now. */
export interface EditableCell {
  requirement: string;
  target: TraceTarget;
  links: readonly { linkType: TraceLinkType; link: string }[];
}

/**
 * Space/Enter over the selection: when every selected cell already has a link of its type, they are all removed;
 * otherwise the cells without one get it (so a mixed selection is filled first, and a second press clears it).
 */
export function planToggle(cells: readonly EditableCell[], choice: LinkTypeChoice): MatrixEdit | null {
  if (cells.length === 0) return null;
  const withType = cells.map((c) => {
    const type = linkTypeFor(choice, c.target.kind);
    return { ...c, type, existing: c.links.find((l) => l.linkType === type) };
  });
  const missing = withType.filter((c) => c.existing === undefined);
  if (missing.length > 0) return { action: 'link', links: missing.map((c) => ({ requirement: c.requirement, target: c.target, type: c.type, link: null })) };
  return { action: 'unlink', links: withType.map((c) => ({ requirement: c.requirement, target: c.target, type: c.type, link: c.existing?.link ?? null })) };
}

/** Delete over the selection: every link of every selected cell, whatever its type. */
export function planRemove(cells: readonly EditableCell[]): MatrixEdit | null {
  const links = cells.flatMap((c) => c.links.map((l) => ({ requirement: c.requirement, target: c.target, type: l.linkType, link: l.link })));
  return links.length === 0 ? null : { action: 'unlink', links };
}

/** The edit that takes `edit` back: the same links, made where they were removed and removed where they were made. */
export const inverseEdit = (edit: MatrixEdit): MatrixEdit => ({ action: edit.action === 'link' ? 'unlink' : 'link', links: edit.links });
