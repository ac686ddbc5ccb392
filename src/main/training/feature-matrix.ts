// The feature matrix trainers and predictors take: dense row-major, or compressed sparse rows where TF-IDF leaves most entries zero.
import { fail } from '../../shared/errors';

export interface DenseMatrix {
  kind: 'dense';
  /** rows x features, row-major */
  X: Float64Array;
  rows: number;
  features: number;
}

/**
 * Row r holds values[indptr[r] .. indptr[r + 1]) at the columns indices[...] (ascending, each once); every other entry
 * is zero. Ascending columns make a sparse dot product add its terms in the order the dense one does, so both round alike.
 */
export interface CsrMatrix {
  kind: 'csr';
  values: Float64Array;
  indices: Int32Array;
  /** rows + 1 offsets into values and indices */
  indptr: Int32Array;
  rows: number;
  features: number;
}

export type FeatureMatrix = DenseMatrix | CsrMatrix;

export function denseMatrix(X: Float64Array, rows: number, features: number): DenseMatrix {
  if (X.length !== rows * features) fail('BAD_INPUT', `The matrix holds ${X.length} values, not ${rows} x ${features}.`);
  return { kind: 'dense', X, rows, features };
}

/** The same matrix with its zeros written out, for trainers that need every entry (trees, the MLP). */
export function toDense(m: FeatureMatrix): DenseMatrix {
  if (m.kind === 'dense') return m;
  const X = new Float64Array(m.rows * m.features);
  for (let r = 0; r < m.rows; r++) {
    const base = r * m.features;
    for (let p = m.indptr[r]; p < m.indptr[r + 1]; p++) X[base + m.indices[p]] = m.values[p];
  }
  return { kind: 'dense', X, rows: m.rows, features: m.features };
}

/** Fails unless the CSR arrays are consistent with its shape: offsets rising to the entry count, columns in range. */
export function checkCsr(m: CsrMatrix): void {
  const { indptr, indices, values, rows, features } = m;
  if (indptr.length !== rows + 1 || indptr[0] !== 0 || indptr[rows] !== values.length || indices.length !== values.length) {
    fail('BAD_INPUT', `The sparse matrix's offsets do not describe ${rows} rows of ${values.length} entries.`);
  }
  for (let r = 0; r < rows; r++) {
    let previous = -1;
    if (indptr[r + 1] < indptr[r]) fail('BAD_INPUT', `The sparse matrix's row ${r} ends before it starts.`);
    for (let p = indptr[r]; p < indptr[r + 1]; p++) {
      const j = indices[p];
      if (!(j > previous && j < features)) fail('BAD_INPUT', `Row ${r} of the sparse matrix has column ${j} out of order or outside 0..${features - 1}.`);
      previous = j;
    }
  }
}

/** Appends rows to a CSR matrix whose size is not known in advance, growing its arrays by doubling. */
export class CsrBuilder {
  private values: Float64Array;
  private indices: Int32Array;
  private readonly indptr: Int32Array;
  private size = 0;
  private row = 0;

  constructor(
    private readonly rows: number,
    private readonly features: number,
    expectedEntries: number,
  ) {
    const capacity = Math.max(16, expectedEntries);
    this.values = new Float64Array(capacity);
    this.indices = new Int32Array(capacity);
    this.indptr = new Int32Array(rows + 1);
  }

  /** Adds an entry to the current row; columns must come in ascending order. */
  push(column: number, value: number): void {
    if (this.size === this.values.length) {
      const values = new Float64Array(this.size * 2);
      values.set(this.values);
      this.values = values;
      const indices = new Int32Array(this.size * 2);
      indices.set(this.indices);
      this.indices = indices;
    }
    this.indices[this.size] = column;
    this.values[this.size++] = value;
  }

  endRow(): void {
    this.indptr[++this.row] = this.size;
  }

  finish(): CsrMatrix {
    if (this.row !== this.rows) fail('INTERNAL', `A sparse matrix of ${this.rows} rows was finished after ${this.row}.`);
    return { kind: 'csr', values: this.values.slice(0, this.size), indices: this.indices.slice(0, this.size), indptr: this.indptr, rows: this.rows, features: this.features };
  }
}
