// Reads a dataset version's stored Arrow chunks back into the typed columns trainers use (no CSV parsing again).
import { DataType, makeVector, Precision, type Vector } from 'apache-arrow';
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
}

/** How a stored column type feeds a model: numbers (booleans as 0/1, datetimes as epoch ms), categories or text. */
export function featureKind(type: ColumnType): FeatureColumn['kind'] {
  if (type === 'categorical') return 'categorical';
  if (type === 'text') return 'text';
  return 'numeric';
}

export function openDatasetColumns(store: ProjectStore, dataset: string, version?: number): DatasetColumns {
  const repo = new DatasetsRepo(store.db);
  const d = repo.dataset(dataset);
  if (!d) fail('NOT_FOUND', `There is no dataset named '${dataset}'.`, { where: { field: 'dataset' } });
  const v = version === undefined ? repo.versions(d.id).at(-1) : repo.version(d.id, version);
  if (!v) fail('NOT_FOUND', `Dataset '${dataset}' has no version ${version ?? '(none imported)'}.`, { where: { field: 'version' } });
  const chunks = repo.chunks(v.id);
  return {
    versionId: v.id,
    dataset: v.dataset,
    version: v.version,
    rows: v.rows,
    schema: v.columns,
    read(name: string): FeatureColumn {
      const index = v.columns.findIndex((c) => c.name === name);
      if (index < 0) fail('BAD_INPUT', `Dataset ${v.id} has no column '${name}'.`, { where: { field: name } });
      const type = v.columns[index].type;
      const vectors = chunks[index].map((blob) => readChunk(store.blobs.get(blob)));
      const kind = featureKind(type);
      if (kind === 'numeric') return { name, kind, values: numericValues(vectors, v.rows) };
      return { name, kind, values: stringValues(vectors, v.rows) };
    },
  };
}

function numericValues(vectors: Vector[], rows: number): Float64Array {
  const out = new Float64Array(rows);
  let at = 0;
  for (const vec of vectors) {
    for (const data of vec.data) {
      // float64 and int32 chunks (most numeric columns) copy their value buffer at once: Vector.get per cell dispatches
      // on the type every time and was most of a million-row read
      const t = data.type;
      if (data.offset === 0 && ((DataType.isFloat(t) && t.precision === Precision.DOUBLE) || (DataType.isInt(t) && t.bitWidth === 32 && t.isSigned))) {
        const values: Float64Array | Int32Array = data.values;
        out.set(values.subarray(0, data.length), at);
        if (data.nullCount > 0) for (let i = 0; i < data.length; i++) if (!data.getValid(i)) out[at + i] = NaN;
        at += data.length;
        continue;
      }
      const part = makeVector(data);
      for (let i = 0; i < data.length; i++) {
        const x = part.get(i) as number | bigint | boolean | null;
        out[at++] = x === null ? NaN : Number(x);
      }
    }
  }
  return out;
}

function stringValues(vectors: Vector[], rows: number): (string | null)[] {
  const out = new Array<string | null>(rows);
  let at = 0;
  for (const vec of vectors) {
    for (const data of vec.data) {
      // dictionary chunks (categorical columns) decode each distinct string once and share it between its cells
      if (data.offset === 0 && DataType.isDictionary(data.type) && data.dictionary && DataType.isInt(data.type.indices) && data.type.indices.bitWidth === 32) {
        const words = data.dictionary.toArray().map((w: unknown) => (w === null ? null : String(w)));
        const codes: Int32Array = data.values;
        const nulls = data.nullCount > 0;
        for (let i = 0; i < data.length; i++) out[at++] = nulls && !data.getValid(i) ? null : words[codes[i]];
        continue;
      }
      const part = makeVector(data);
      for (let i = 0; i < data.length; i++) {
        const x = part.get(i) as string | null;
        out[at++] = x === null ? null : String(x);
      }
    }
  }
  return out;
}
