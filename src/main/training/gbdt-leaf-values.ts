// Adds a grown tree's leaf values to the training scores, for all rows or for one thread's block of rows.
import type { HistogramKernel } from './gbdt-histogram-wasm';

/**
 * A tree's leaves as the grower left them: leaf l holds the ascending u32 rows [starts[l], ends[l]) of the row buffer
 * at byte offset `rows` in the kernel memory, and adds values[l] to the f64 scores[row * stride + offset] at byte
 * offset `scores` of each.
 */
export interface LeafValues {
  rows: number;
  starts: number[];
  ends: number[];
  values: number[];
  scores: number;
  stride: number;
  offset: number;
}

/**
 * Adds each leaf's value to the scores of its rows numbered in [from, to), one f64 add a row as predictScores() does
 * it, so threads that own blocks of rows (the gradients pass) add to their own rows only; `rowBuffer` views the rows
 * buffer. A leaf's rows are ascending, so a block's share of them is one run, found by bisection.
 */
export function addLeafValues(kernel: HistogramKernel, rowBuffer: Uint32Array, leaves: LeafValues, from: number, to: number): void {
  const { rows, starts, ends, values, scores, stride, offset } = leaves;
  for (let l = 0; l < values.length; l++) {
    const first = firstRowAtLeast(rowBuffer, starts[l], ends[l], from);
    const last = firstRowAtLeast(rowBuffer, first, ends[l], to);
    kernel.addLeaf(rows, first, last, scores + 8 * offset, 8 * stride, values[l]);
  }
}

/** The first index in [start, end) of the ascending rowBuffer whose row is >= row (end when none is). */
function firstRowAtLeast(rowBuffer: Uint32Array, start: number, end: number, row: number): number {
  let lo = start;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rowBuffer[mid] < row) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
