// Reads a dataset version's stored Arrow chunks back into the typed columns trainers use (no CSV parsing again).
import { DataType, makeVector, Precision, type Data, type Vector } from 'apache-arrow';
import type { ColumnSchema, ColumnType } from '../../shared/domain';
import { fail } from '../../shared/errors';
import { readChunk } from '../datasets/arrow-chunks';
import { DatasetsRepo } from '../store/datasets-repo';
import type { ProjectStore } from '../store/project-store';
import type { FeatureColumn } from '../training/model-types';

export interface DatasetColumns {
  /** lineage id of the version, `<name>@<version>` */
  versionId: string;
  dataset: string;
  version: number;
  rows: number;
  schema: ColumnSchema[];
  read(name: string): FeatureColumn;
  /**
   * Rows [from, to) of a column, decoded from only the chunks that hold them: a scorer reads a chunk's worth of rows
   * at a time, while it is still in cache, instead of every row first. Absent where the values are not stored in chunks.
   */
  readRows?(name: string, from: number, to: number): FeatureColumn;
}

/** How a stored column type feeds a model: numbers (booleans as 0/1, datetimes as epoch ms), categories or text. */
export function featureKind(type: ColumnType): FeatureColumn['kind'] {
  if (type === 'categorical') return 'categorical';
  if (type === 'text') return 'text';
  return 'numeric';
}

/**
 * Decoded columns kept between train jobs on one thread (a study's trial thread reads the same version for every
 * trial), up to a bound in bytes, the least recently read dropped first. Keyed by the version's content hash and the
 * column: a version never changes, so a hit is the same values. Numeric and categorical columns only: a text column's
 * size is unknown without walking its strings. Whoever reads through a cache must not write into the values.
 */
export class ColumnCache {
  /** Map order is the order of last use: the first entry is the next to go */
  private readonly columns = new Map<string, { column: FeatureColumn; bytes: number }>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string, make: () => FeatureColumn): FeatureColumn {
    const hit = this.columns.get(key);
    if (hit) {
      this.columns.delete(key);
      this.columns.set(key, hit);
      return hit.column;
    }
    const column = make();
    // a categorical cell is a pointer to one of its column's few shared strings
    const bytes = column.kind === 'numeric' ? column.values.byteLength : column.kind === 'categorical' ? 8 * column.values.length : Infinity;
    if (bytes > this.maxBytes) return column;
    for (const [k, old] of this.columns) {
      if (this.bytes + bytes <= this.maxBytes) break;
      this.columns.delete(k);
      this.bytes -= old.bytes;
    }
    this.columns.set(key, { column, bytes });
    this.bytes += bytes;
    return column;
  }
}

export function openDatasetColumns(store: ProjectStore, dataset: string, version?: number, cache?: ColumnCache): DatasetColumns {
  const repo = new DatasetsRepo(store.db);
  const d = repo.dataset(dataset);
  if (!d) fail('NOT_FOUND', `There is no dataset named '${dataset}'.`, { where: { field: 'dataset' } });
  const v = version === undefined ? repo.versions(d.id).at(-1) : repo.version(d.id, version);
  if (!v) fail('NOT_FOUND', `Dataset '${dataset}' has no version ${version ?? '(none imported)'}.`, { where: { field: 'version' } });
  const chunks = repo.chunks(v.id);
  /** starts.get(column)[i]: the first row of chunk i, known once the chunks before it were decoded */
  const starts = new Map<number, number[]>();
  const columnOf = (name: string): { index: number; kind: FeatureColumn['kind'] } => {
    const index = v.columns.findIndex((c) => c.name === name);
    if (index < 0) fail('BAD_INPUT', `Dataset ${v.id} has no column '${name}'.`, { where: { field: name } });
    return { index, kind: featureKind(v.columns[index].type) };
  };
  const decode = (index: number, chunk: number): Vector => readChunk(store.blobs.get(chunks[index][chunk]));
  const column = (name: string, kind: FeatureColumn['kind'], parts: ChunkPart[], rows: number): FeatureColumn =>
    kind === 'numeric' ? { name, kind, values: numericValues(parts, rows) } : { name, kind, values: stringValues(parts, rows) };
  return {
    versionId: v.id,
    dataset: v.dataset,
    version: v.version,
    rows: v.rows,
    schema: v.columns,
    read(name: string): FeatureColumn {
      const { index, kind } = columnOf(name);
      const decoded = () => column(name, kind, chunks[index].map((_, i) => ({ vec: decode(index, i), skip: 0 })), v.rows);
      // the hash covers the schema, so a column's place in it names the same column of the same content
      return cache && kind !== 'text' ? cache.get(`${v.hash}/${index}`, decoded) : decoded();
    },
    readRows(name: string, from: number, to: number): FeatureColumn {
      const { index, kind } = columnOf(name);
      const known = starts.get(index) ?? [0];
      starts.set(index, known);
      // the last chunk whose start is known and not past `from`: the chunks before it hold none of the rows
      let i = known.length - 1;
      while (i > 0 && known[i] > from) i--;
      const parts: ChunkPart[] = [];
      for (let at = known[i]; at < to && i < chunks[index].length; i++) {
        const vec = decode(index, i);
        known[i + 1] = at + vec.length;
        if (at + vec.length > from) parts.push({ vec, skip: Math.max(0, from - at) });
        at += vec.length;
      }
      return column(name, kind, parts, to - from);
    },
  };
}

/** A decoded chunk whose first `skip` rows are not wanted. */
interface ChunkPart {
  vec: Vector;
  skip: number;
}

/** The Arrow pieces of the parts as [data, first row wanted, rows wanted], until `rows` rows are covered. */
function* pieces(parts: ChunkPart[], rows: number): Generator<[Data, number, number]> {
  let left = rows;
  for (const { vec, skip } of parts) {
    let drop = skip;
    for (const data of vec.data) {
      if (left <= 0) return;
      if (drop >= data.length) {
        drop -= data.length;
        continue;
      }
      const take = Math.min(left, data.length - drop);
      yield [data, drop, take];
      left -= take;
      drop = 0;
    }
  }
}

function numericValues(parts: ChunkPart[], rows: number): Float64Array {
  const out = new Float64Array(rows);
  let at = 0;
  for (const [data, first, take] of pieces(parts, rows)) {
    // float64 and int32 chunks (most numeric columns) copy their value buffer at once: Vector.get per cell dispatches
    // on the type every time and was most of a million-row read
    const t = data.type;
    if (data.offset === 0 && ((DataType.isFloat(t) && t.precision === Precision.DOUBLE) || (DataType.isInt(t) && t.bitWidth === 32 && t.isSigned))) {
      const values: Float64Array | Int32Array = data.values;
      out.set(values.subarray(first, first + take), at);
      if (data.nullCount > 0) for (let i = 0; i < take; i++) if (!data.getValid(first + i)) out[at + i] = NaN;
      at += take;
      continue;
    }
    const part = makeVector(data);
    for (let i = first; i < first + take; i++) {
      const x = part.get(i) as number | bigint | boolean | null;
      out[at++] = x === null ? NaN : Number(x);
    }
  }
  return out;
}

function stringValues(parts: ChunkPart[], rows: number): (string | null)[] {
  const out = new Array<string | null>(rows);
  let at = 0;
  for (const [data, first, take] of pieces(parts, rows)) {
    // dictionary chunks (categorical columns) decode each distinct string once and share it between its cells
    if (data.offset === 0 && DataType.isDictionary(data.type) && data.dictionary && DataType.isInt(data.type.indices) && data.type.indices.bitWidth === 32) {
      const words = data.dictionary.toArray().map((w: unknown) => (w === null ? null : String(w)));
      const codes: Int32Array = data.values;
      const nulls = data.nullCount > 0;
      for (let i = first; i < first + take; i++) out[at++] = nulls && !data.getValid(i) ? null : words[codes[i]];
      continue;
    }
    const part = makeVector(data);
    for (let i = first; i < first + take; i++) {
      const x = part.get(i) as string | null;
      out[at++] = x === null ? null : String(x);
    }
  }
  return out;
}
