// The model as the explainers see it: a function from feature columns to one score per row, plus column surgery.
import { fail } from '../../shared/errors';
import type { FeatureColumn } from '../training/model-types';

/** One score per row: a regression value or the positive-class probability. Batching and providers live behind it. */
export type ScoreFn = (columns: FeatureColumn[]) => Promise<Float64Array>;

/** What every explainer takes from the job that runs it. */
export interface ExplainHooks {
  /** throws JOB_CANCELLED when the user asked to stop; called between model calls */
  checkCancelled?: () => void;
  /** fraction in [0, 1] */
  progress?: (fraction: number, message: string) => void;
}

/** The column with its values taken from `rows` (row i gets the value of row rows[i]); same name and kind. */
export function pickRows(column: FeatureColumn, rows: ArrayLike<number>): FeatureColumn {
  if (column.kind === 'numeric') {
    const values = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) values[i] = column.values[rows[i]];
    return { name: column.name, kind: 'numeric', values };
  }
  const values = Array.from({ length: rows.length }, (_, i) => column.values[rows[i]]);
  return { name: column.name, kind: column.kind, values };
}

/** A copy of the column list with column `index` replaced; the other columns are shared, not copied. */
export function replaceColumn(columns: readonly FeatureColumn[], index: number, column: FeatureColumn): FeatureColumn[] {
  return columns.map((c, i) => (i === index ? column : c));
}

export function rowCount(columns: readonly FeatureColumn[]): number {
  return columns.length === 0 ? 0 : columns[0].values.length;
}

/** The model's scores, refusing an answer with the wrong number of rows (a mis-mapped batch) before it skews a result. */
export async function scoreRows(score: ScoreFn, columns: FeatureColumn[], rows: number): Promise<Float64Array> {
  const s = await score(columns);
  if (s.length !== rows) fail('BAD_INPUT', `The model returned ${s.length} scores for ${rows} rows.`);
  return s;
}
