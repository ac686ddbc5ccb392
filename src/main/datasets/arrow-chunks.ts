// One column's chunk of rows as Apache Arrow IPC bytes, and back: the unit stored (and shared between versions) in blobs/.
import { Bool, Dictionary, Float64, Int32, makeData, makeVector, Table, tableFromIPC, tableToIPC, TimestampMillisecond, Utf8, type Data, type DataType, type Vector } from 'apache-arrow';

/** Rows per chunk: a chunk that did not change is stored once and shared by every version that holds it. */
export const CHUNK_ROWS = 65_536;

export interface Nulls {
  /** Arrow validity bitmap (bit set = value present), or null when the chunk has no nulls */
  bitmap: Uint8Array | null;
  count: number;
}

/**
 * The field inside every chunk is named "v", not after the column: a chunk's bytes then depend on its values only,
 * so renaming a column or two columns with equal values still share blobs.
 */
function toIpc<T extends DataType>(data: Data<T>): Uint8Array {
  return tableToIPC(new Table({ v: makeVector(data) }), 'stream');
}

export function float64Chunk(values: Float64Array, nulls: Nulls): Uint8Array {
  return toIpc(makeData({ type: new Float64(), length: values.length, nullCount: nulls.count, nullBitmap: nulls.bitmap, data: values }));
}

export function int32Chunk(values: Int32Array, nulls: Nulls): Uint8Array {
  return toIpc(makeData({ type: new Int32(), length: values.length, nullCount: nulls.count, nullBitmap: nulls.bitmap, data: values }));
}

/** epoch ms as Arrow's int64 timestamp; `words` holds each value as (low, high) 32-bit words */
export function timestampChunk(words: Int32Array, nulls: Nulls): Uint8Array {
  const data = new BigInt64Array(words.buffer, words.byteOffset, words.length / 2);
  return toIpc(makeData({ type: new TimestampMillisecond(), length: data.length, nullCount: nulls.count, nullBitmap: nulls.bitmap, data }));
}

export function boolChunk(bits: Uint8Array, length: number, nulls: Nulls): Uint8Array {
  return toIpc(makeData({ type: new Bool(), length, nullCount: nulls.count, nullBitmap: nulls.bitmap, data: bits }));
}

export function utf8Chunk(offsets: Int32Array, bytes: Uint8Array, nulls: Nulls): Uint8Array {
  return toIpc(makeData({ type: new Utf8(), length: offsets.length - 1, nullCount: nulls.count, nullBitmap: nulls.bitmap, valueOffsets: offsets, data: bytes }));
}

/**
 * Categorical values: int32 codes into a dictionary of this chunk's own values, in order of first appearance.
 * The dictionary id is fixed: Arrow would otherwise number dictionaries from a process-wide counter, and equal chunks
 * would get different bytes.
 */
export function dictionaryChunk(codes: Int32Array, dictOffsets: Int32Array, dictBytes: Uint8Array, nulls: Nulls): Uint8Array {
  const dictionary = makeVector(makeData({ type: new Utf8(), length: dictOffsets.length - 1, nullCount: 0, valueOffsets: dictOffsets, data: dictBytes }));
  return toIpc(
    makeData({ type: new Dictionary(new Utf8(), new Int32(), 0), length: codes.length, nullCount: nulls.count, nullBitmap: nulls.bitmap, data: codes, dictionary }),
  );
}

export function readChunk(bytes: Uint8Array): Vector {
  const column = tableFromIPC(bytes).getChildAt(0);
  if (!column) throw new Error('a dataset chunk holds no column');
  return column;
}
