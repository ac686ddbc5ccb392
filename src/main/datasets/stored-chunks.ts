// Work on a column's chunks after the pass, from the blob store: widening integer chunks, switching string encodings, exact histograms.
import fs from 'node:fs';
import type { Data } from 'apache-arrow';
import type { BlobStore } from '../store/blobs';
import { float64Chunk, readChunk, type Nulls } from './arrow-chunks';
import { ChunkDictionary } from './chunk-dictionary';
import { stringChunk } from './column-encoder';
import { Histogram, isPresent } from './column-stats';
import { hashBytes } from './field-hash';

/*
 * Each of these reads chunks the pass has just written, so they come from the page cache; that is far cheaper than
 * reading and parsing the file a second time, which is what a one-pass import avoids.
 */

function chunkData(blobs: BlobStore, hash: string): Data {
  return readChunk(blobs.get(hash)).data[0];
}

function nullsOf(data: Data): Nulls {
  const count = data.nullCount;
  return { bitmap: count > 0 ? data.nullBitmap!.slice(0, (data.length + 7) >> 3) : null, count };
}

function validityOf(data: Data): Uint8Array | null {
  return data.nullCount > 0 ? data.nullBitmap! : null;
}

/** A column guessed integer met a fraction: its int32 chunks become the float64 chunks it would have had as numeric. */
export function widenIntegerChunks(blobs: BlobStore, hashes: string[]): string[] {
  return hashes.map((hash) => {
    const data = chunkData(blobs, hash);
    // by the values' array: a type read back from IPC is a generic Int, not an instance of Int32
    if (!(data.values instanceof Int32Array)) return hash;
    return blobs.put(float64Chunk(Float64Array.from(data.values), nullsOf(data)));
  });
}

/** Re-encodes categorical chunks as text or the reverse, byte for byte as the encoder would have written them. */
export function recodeStringChunks(blobs: BlobStore, hashes: string[], to: 'categorical' | 'text'): string[] {
  const dictionary = new ChunkDictionary();
  return hashes.map((hash) => {
    const data = chunkData(blobs, hash);
    const n = data.length;
    const validity = validityOf(data);
    // a dictionary chunk's rows point into its dictionary; a text chunk's rows are their own values
    const values = data.dictionary ? data.dictionary.data[0] : data;
    const offsets = values.valueOffsets as Int32Array;
    const bytes = values.values as Uint8Array;
    const source = data.dictionary ? (data.values as Int32Array) : null;
    const codes = new Int32Array(n);
    dictionary.clear();
    for (let r = 0; r < n; r++) {
      if (!isPresent(validity, r)) continue;
      const v = source ? source[r] : r;
      hashBytes(bytes, offsets[v], offsets[v + 1]);
      codes[r] = dictionary.code(bytes, offsets[v], offsets[v + 1]);
    }
    return blobs.put(stringChunk(to, codes, dictionary, nullsOf(data)));
  });
}

/**
 * The exact histogram of a number column between its final min and max, from its stored chunks. Each chunk is read
 * into one reused buffer: a fresh buffer per chunk left hundreds of MB of garbage at the end of a 1 GB import (its
 * peak RSS) before the collector caught up.
 */
export function histogramOf(blobs: BlobStore, hashes: string[], min: number, max: number): Histogram {
  const histogram = new Histogram(min, max);
  let buffer = Buffer.alloc(0);
  for (const hash of hashes) {
    const fd = fs.openSync(blobs.pathOf(hash), 'r');
    try {
      const size = fs.fstatSync(fd).size;
      if (buffer.length < size) buffer = Buffer.alloc(size);
      let read = 0;
      while (read < size) read += fs.readSync(fd, buffer, read, size - read, read);
      const data = readChunk(buffer.subarray(0, size)).data[0];
      histogram.addChunk(numbersOf(data), validityOf(data), data.length);
    } finally {
      fs.closeSync(fd);
    }
  }
  return histogram;
}

/** A number chunk's values as doubles; timestamps' int64 are read as two 32-bit words, not as BigInts. */
function numbersOf(data: Data): ArrayLike<number> {
  const values = data.values as Int32Array | Float64Array | BigInt64Array;
  if (!(values instanceof BigInt64Array)) return values;
  const words = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  const out = new Float64Array(values.length);
  for (let i = 0; i < out.length; i++) out[i] = words[2 * i + 1] * 4294967296 + (words[2 * i] >>> 0);
  return out;
}
