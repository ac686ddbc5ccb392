// Which dataset columns feed which input of an ONNX model, checked against the input's element type and shape
// before any row is read: explicit mappings first, then inputs named like a column, then one packed feature input.
import type { ColumnSchema, ColumnType } from '../../shared/domain';
import { fail } from '../../shared/errors';
import type { FeatureColumn } from '../training/model-types';

/** A model input as the inspector reports it: elementType is the ONNX TensorProto name (FLOAT, INT64, STRING...). */
export interface OnnxInputInfo {
  name: string;
  elementType: string;
  /** the first dim is the batch; a string is a symbolic dim, null an unnamed dynamic one */
  shape: (number | string | null)[];
}

/** What kind of values an input takes, which decides the columns it accepts and how a missing value is fed. */
export type ValueKind = 'float' | 'integer' | 'bool' | 'string';

export interface InputFeed {
  input: string;
  elementType: string;
  kind: ValueKind;
  /** how the columns were chosen */
  source: 'explicit' | 'name' | 'packed';
  /** in the order their values are laid out in each row */
  columns: string[];
  /** the dims after the batch, symbolic ones resolved from the column count: [] for [N], [4] for [N, 4], [1, 28, 28] */
  rowShape: number[];
  /** the only batch size the model accepts, or null when the batch dim is dynamic */
  fixedBatch: number | null;
  /** a missing value becomes NaN (floats) or "" (strings); integer and boolean inputs cannot take one */
  missing: 'nan' | 'empty-string' | 'refuse';
}

export interface InputMapping {
  inputs: InputFeed[];
  /** dataset columns no input takes (the target excluded), in dataset order */
  unusedColumns: string[];
}

// FLOAT16 and BFLOAT16 are left out: onnxruntime-node takes their raw bits, and no conversion is written for them yet.
const FLOAT_TYPES = new Set(['FLOAT', 'DOUBLE']);
const INTEGER_TYPES = new Set(['INT8', 'UINT8', 'INT16', 'UINT16', 'INT32', 'UINT32', 'INT64', 'UINT64']);

/** The column types each kind of input accepts: floats take booleans as 0/1 and integers as numbers. */
const ACCEPTS: Record<ValueKind, readonly ColumnType[]> = {
  float: ['numeric', 'integer', 'boolean'],
  integer: ['integer'],
  bool: ['boolean'],
  string: ['text', 'categorical'],
};

const MISSING: Record<ValueKind, InputFeed['missing']> = { float: 'nan', integer: 'refuse', bool: 'refuse', string: 'empty-string' };

function valueKind(input: OnnxInputInfo): ValueKind {
  const t = input.elementType.toUpperCase();
  if (FLOAT_TYPES.has(t)) return 'float';
  if (INTEGER_TYPES.has(t)) return 'integer';
  if (t === 'BOOL') return 'bool';
  if (t === 'STRING') return 'string';
  return fail('BAD_INPUT', `Input '${input.name}' takes ${input.elementType} values, which Airlock cannot feed from a dataset column.`, {
    where: { field: input.name },
  });
}

const describeShape = (shape: OnnxInputInfo['shape']): string => `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;

/** Values per row when every dim after the batch is fixed; null when one is dynamic. */
function fixedRowSize(input: OnnxInputInfo): number | null {
  const rest = input.shape.slice(1);
  return rest.every((d): d is number => typeof d === 'number') ? rest.reduce((a, b) => a * b, 1) : null;
}

/**
 * The dims after the batch for `count` values per row: fixed dims must multiply to it; one dynamic dim takes what is
 * left; two or more dynamic dims are only determined when they are all 1.
 */
function resolveRowShape(input: OnnxInputInfo, count: number, what: string): number[] {
  if (input.shape.length === 0) {
    fail('BAD_INPUT', `Input '${input.name}' is a single value (shape []), not one value per row, so ${what} cannot feed it.`, {
      where: { field: input.name },
    });
  }
  const rest = input.shape.slice(1);
  const fixed = rest.reduce<number>((a, d) => (typeof d === 'number' ? a * d : a), 1);
  const dynamic = rest.filter((d) => typeof d !== 'number').length;
  const fits = dynamic === 0 ? count === fixed : dynamic === 1 ? fixed > 0 && count % fixed === 0 : count === fixed;
  if (!fits) {
    const problem =
      dynamic === 0 ? `takes ${fixed} value${fixed === 1 ? '' : 's'} per row, but it is given ${what}` : `cannot hold the ${count} values per row of ${what}`;
    fail('BAD_INPUT', `Input '${input.name}' of shape ${describeShape(input.shape)} ${problem}.`, {
      where: { field: input.name },
      hint: `Give exactly the columns it takes: --input ${input.name}=COL[,COL...]`,
    });
  }
  const free = dynamic === 1 ? count / fixed : 1;
  return rest.map((d) => (typeof d === 'number' ? d : free));
}

function feedFor(input: OnnxInputInfo, columns: ColumnSchema[], source: InputFeed['source']): InputFeed {
  const kind = valueKind(input);
  for (const c of columns) {
    if (!ACCEPTS[kind].includes(c.type)) {
      fail('BAD_INPUT', `Input '${input.name}' takes ${input.elementType} values, but column '${c.name}' is ${c.type} (it needs ${ACCEPTS[kind].join(' or ')}).`, {
        where: { field: c.name },
      });
    }
  }
  const what = columns.length === 1 ? `one column ('${columns[0].name}')` : `${columns.length} columns`;
  const rowShape = resolveRowShape(input, columns.length, what);
  const batch = input.shape[0];
  return {
    input: input.name,
    elementType: input.elementType,
    kind,
    source,
    columns: columns.map((c) => c.name),
    rowShape,
    fixedBatch: typeof batch === 'number' ? batch : null,
    missing: MISSING[kind],
  };
}

/**
 * Maps dataset columns to model inputs. `explicit` (NAME -> columns, from `--input NAME=COL,...` or the UI) wins; an
 * input named exactly like a column takes it; at most one input is then left, and it takes the dataset's columns
 * that no other input took, the target excluded, in dataset order, when their number is what one row of it holds.
 */
export function mapInputs(inputs: OnnxInputInfo[], schema: ColumnSchema[], explicit: Record<string, string[]> = {}, target?: string): InputMapping {
  const byName = new Map(schema.map((c) => [c.name, c]));
  const column = (name: string, input: string): ColumnSchema =>
    byName.get(name) ?? fail('BAD_INPUT', `Input '${input}' is mapped to column '${name}', which the dataset does not have.`, { where: { field: name } });
  if (target !== undefined && !byName.has(target)) fail('BAD_INPUT', `The target '${target}' is not a column of the dataset.`, { where: { field: target } });
  const inputNames = new Set(inputs.map((i) => i.name));
  for (const [name, columns] of Object.entries(explicit)) {
    if (!inputNames.has(name)) {
      fail('BAD_INPUT', `The model has no input '${name}'; its inputs are ${inputs.map((i) => `'${i.name}'`).join(', ')}.`, { where: { field: name } });
    }
    if (columns.length === 0) fail('BAD_INPUT', `Input '${name}' is mapped to no column.`, { where: { field: name } });
  }

  const feeds = new Map<string, InputFeed>();
  for (const input of inputs) {
    const given = Object.hasOwn(explicit, input.name) ? explicit[input.name] : undefined;
    if (given) feeds.set(input.name, feedFor(input, given.map((c) => column(c, input.name)), 'explicit'));
    else if (byName.has(input.name)) feeds.set(input.name, feedFor(input, [byName.get(input.name)!], 'name'));
  }

  const taken = new Set([...feeds.values()].flatMap((f) => f.columns));
  const remaining = schema.filter((c) => c.name !== target && !taken.has(c.name));
  const left = inputs.filter((i) => !feeds.has(i.name));
  if (left.length > 1) {
    fail('BAD_INPUT', `Inputs ${left.map((i) => `'${i.name}'`).join(', ')} are named like no column, and which columns go to which cannot be guessed.`, {
      where: { field: left[0].name },
      hint: `Map them: --input ${left[0].name}=COL[,COL...]`,
    });
  }
  if (left.length === 1) {
    const input = left[0];
    const k = fixedRowSize(input);
    const besides = target === undefined ? '' : ` besides the target '${target}'`;
    if (k === null || k !== remaining.length) {
      const size = k === null ? `shape ${describeShape(input.shape)}` : `${k} value${k === 1 ? '' : 's'} per row`;
      fail('BAD_INPUT', `Input '${input.name}' is named like no column and takes ${size}, but ${remaining.length} column${remaining.length === 1 ? '' : 's'} remain${remaining.length === 1 ? 's' : ''}${besides}.`, {
        where: { field: input.name },
        hint: `Name its columns: --input ${input.name}=COL[,COL...]`,
      });
    }
    feeds.set(input.name, feedFor(input, remaining, 'packed'));
  }

  const used = new Set([...feeds.values()].flatMap((f) => f.columns));
  return {
    inputs: inputs.map((i) => feeds.get(i.name)!),
    unusedColumns: schema.filter((c) => c.name !== target && !used.has(c.name)).map((c) => c.name),
  };
}

/** `--input NAME=COL[,COL...]` options as a mapping; the name ends at the first '=', so column names keep theirs. */
export function parseInputOptions(specs: string[]): Record<string, string[]> {
  const mapping: Record<string, string[]> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0) fail('BAD_INPUT', `--input '${spec}' is not NAME=COL[,COL...].`);
    const name = spec.slice(0, eq);
    if (Object.hasOwn(mapping, name)) fail('BAD_INPUT', `--input names '${name}' twice.`, { where: { field: name } });
    mapping[name] = spec
      .slice(eq + 1)
      .split(',')
      .filter((c) => c !== '');
  }
  return mapping;
}

/** One batch of one input as onnxruntime-node's Tensor constructor takes it: its type name, row-major data and dims. */
export type BatchTensor =
  | { type: 'float32'; data: Float32Array; dims: number[] }
  | { type: 'float64'; data: Float64Array; dims: number[] }
  | { type: 'int8'; data: Int8Array; dims: number[] }
  | { type: 'uint8' | 'bool'; data: Uint8Array; dims: number[] }
  | { type: 'int16'; data: Int16Array; dims: number[] }
  | { type: 'uint16'; data: Uint16Array; dims: number[] }
  | { type: 'int32'; data: Int32Array; dims: number[] }
  | { type: 'uint32'; data: Uint32Array; dims: number[] }
  | { type: 'int64'; data: BigInt64Array; dims: number[] }
  | { type: 'uint64'; data: BigUint64Array; dims: number[] }
  | { type: 'string'; data: string[]; dims: number[] };

/** The integer types' value ranges: a value outside would wrap silently in the typed array. */
const INTEGER_RANGE: Record<string, [number, number]> = {
  INT8: [-128, 127],
  UINT8: [0, 255],
  INT16: [-32768, 32767],
  UINT16: [0, 65535],
  INT32: [-(2 ** 31), 2 ** 31 - 1],
  UINT32: [0, 2 ** 32 - 1],
  INT64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  UINT64: [0, Number.MAX_SAFE_INTEGER],
};

/** Rows at a time in interleave's blocks: a block of a 784-column image input (400 kB of float32) stays in cache. */
const ROW_BLOCK = 128;

/**
 * Writes rows [start, start + rows) of the columns row-major into `data` (row r's values at r * k .. r * k + k). One
 * column is a plain copy (converted natively by set); several are filled block by block of rows, so the strided writes
 * of every column land in the same few cache lines instead of one pass over the whole batch per column.
 */
function interleave<T extends Float32Array | Float64Array>(data: T, columns: readonly Float64Array[], start: number, rows: number): T {
  const k = columns.length;
  if (k === 1) {
    data.set(columns[0].subarray(start, start + rows));
    return data;
  }
  for (let block = 0; block < rows; block += ROW_BLOCK) {
    const stop = Math.min(rows, block + ROW_BLOCK);
    for (let j = 0; j < k; j++) {
      const values = columns[j];
      for (let r = block; r < stop; r++) data[r * k + j] = values[start + r];
    }
  }
  return data;
}

/**
 * Lays out rows [start, end) of a mapped input: row r's values are its columns' values in the mapping's order, so a
 * [batch, k] input reads row-major and an image input's k columns fill [1, 28, 28] in order. Missing numbers become
 * NaN and missing strings ""; an integer or boolean input refuses a missing value, naming the column and row.
 */
export function layoutBatch(feed: InputFeed, columns: ReadonlyMap<string, FeatureColumn>, start: number, end: number): BatchTensor {
  const sources = feed.columns.map(
    (name) => columns.get(name) ?? fail('INTERNAL', `Column '${name}' for input '${feed.input}' was not read.`, { where: { field: name } }),
  );
  const rows = end - start;
  const k = sources.length;
  const dims = [rows, ...feed.rowShape];
  if (feed.kind === 'string') {
    const data = new Array<string>(rows * k);
    sources.forEach((col, j) => {
      if (col.kind === 'numeric') fail('INTERNAL', `Column '${col.name}' was read as numbers for the string input '${feed.input}'.`);
      for (let r = 0; r < rows; r++) data[r * k + j] = col.values[start + r] ?? '';
    });
    return { type: 'string', data, dims };
  }
  const numbers = sources.map((col) =>
    col.kind === 'numeric' ? col.values : fail('INTERNAL', `Column '${col.name}' was read as strings for the ${feed.elementType} input '${feed.input}'.`),
  );
  const t = feed.elementType.toUpperCase();
  if (feed.kind === 'float') {
    // Float64Array's NaN stays NaN in either width, which is how the model sees a missing number.
    if (t === 'DOUBLE') return { type: 'float64', data: interleave(new Float64Array(rows * k), numbers, start, rows), dims };
    return { type: 'float32', data: interleave(new Float32Array(rows * k), numbers, start, rows), dims };
  }
  const [min, max] = feed.kind === 'bool' ? [0, 1] : INTEGER_RANGE[t];
  const flat = new Array<number>(rows * k);
  numbers.forEach((values, j) => {
    for (let r = 0; r < rows; r++) {
      const v = values[start + r];
      if (Number.isNaN(v)) {
        fail('BAD_INPUT', `Column '${feed.columns[j]}' has no value in row ${start + r + 1}, and input '${feed.input}' takes ${feed.elementType} values, which cannot be missing.`, {
          where: { field: feed.columns[j] },
        });
      }
      if (!Number.isInteger(v) || v < min || v > max) {
        fail('BAD_INPUT', `Column '${feed.columns[j]}' holds ${v} in row ${start + r + 1}, which input '${feed.input}' cannot take as ${feed.elementType} (${min} to ${max}).`, {
          where: { field: feed.columns[j] },
        });
      }
      flat[r * k + j] = v;
    }
  });
  switch (feed.kind === 'bool' ? 'BOOL' : t) {
    case 'BOOL':
      return { type: 'bool', data: Uint8Array.from(flat), dims };
    case 'INT8':
      return { type: 'int8', data: Int8Array.from(flat), dims };
    case 'UINT8':
      return { type: 'uint8', data: Uint8Array.from(flat), dims };
    case 'INT16':
      return { type: 'int16', data: Int16Array.from(flat), dims };
    case 'UINT16':
      return { type: 'uint16', data: Uint16Array.from(flat), dims };
    case 'INT32':
      return { type: 'int32', data: Int32Array.from(flat), dims };
    case 'UINT32':
      return { type: 'uint32', data: Uint32Array.from(flat), dims };
    case 'UINT64':
      return { type: 'uint64', data: BigUint64Array.from(flat, BigInt), dims };
    default:
      return { type: 'int64', data: BigInt64Array.from(flat, BigInt), dims };
  }
}
