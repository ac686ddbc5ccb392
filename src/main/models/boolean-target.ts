// A boolean target (a yes / no or true / false column, which the import stores as 0 and 1) read as the labels a
// classifier predicts: one reading for scoring, comparison, explanation and fairness.
import type { ColumnType } from '../../shared/domain';
import type { FeatureColumn } from '../training/model-types';

/** How a CSV's booleans are spelt (any case); the dataset stores them as 0 and 1. */
const BOOLEAN_SPELLINGS = [
  ['false', 'true'],
  ['no', 'yes'],
] as const;

/**
 * The labels a boolean target's 0 and 1 stand for, spelt as the classifiers spell them, when every label they predict
 * is one way of writing false / true or no / yes; otherwise null, and the target reads as "0" and "1".
 */
export function booleanLabels(predicted: readonly string[]): [string, string] | null {
  const distinct = [...new Set(predicted)];
  for (const spelling of BOOLEAN_SPELLINGS) {
    const lower: readonly string[] = spelling;
    if (!distinct.every((l) => lower.includes(l.toLowerCase()))) continue;
    const [no, yes] = spelling;
    return [distinct.find((l) => l.toLowerCase() === no) ?? no, distinct.find((l) => l.toLowerCase() === yes) ?? yes];
  }
  return null;
}

/**
 * A yes / no or true / false target, which the import stores as a boolean column (0 and 1), as the labels the
 * classifier predicts, spelt as it spells them; any other column as it is.
 */
export function spellBooleanTarget(column: FeatureColumn, type: ColumnType | undefined, predicted: readonly string[]): FeatureColumn {
  const spelt = type === 'boolean' ? booleanLabels(predicted) : null;
  if (!spelt || column.kind !== 'numeric') return column;
  return { name: column.name, kind: 'categorical', values: Array.from(column.values, (v) => (Number.isNaN(v) ? null : spelt[v])) };
}
