// Test support: a small stratified slice of the shipped labelled set, so a test trains a real classifier in a second.
import { REQUIREMENT_CLASSES } from '../../../shared/requirements-classes';
import { defaultLabelledSet, type LabelledRow } from './labelled-set';

/** The first `perClass` rows of every class, in file order. */
export function labelledSlice(perClass: number): LabelledRow[] {
  const taken = new Map<string, number>(REQUIREMENT_CLASSES.map((c) => [c, 0]));
  return defaultLabelledSet().filter((r) => {
    const n = taken.get(r.label) ?? 0;
    taken.set(r.label, n + 1);
    return n < perClass;
  });
}
