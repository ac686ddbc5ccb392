// A small least-recently-used cache of decoded column chunks, so paging through rows decodes each chunk once.
import type { Vector } from 'apache-arrow';
import type { BlobStore } from '../store/blobs';
import { readChunk } from './arrow-chunks';

export class ChunkCache {
  private readonly blobs: BlobStore;
  private readonly capacity: number;
  /** Map keeps insertion order: the first key is the least recently used */
  private readonly entries = new Map<string, Vector>();

  /** 64 chunks of 65,536 rows: a few screens of a wide table, a few tens of MB at most */
  constructor(blobs: BlobStore, capacity = 64) {
    this.blobs = blobs;
    this.capacity = capacity;
  }

  get(blob: string): Vector {
    const hit = this.entries.get(blob);
    if (hit) {
      this.entries.delete(blob);
      this.entries.set(blob, hit);
      return hit;
    }
    const vector = readChunk(this.blobs.get(blob));
    this.entries.set(blob, vector);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return vector;
  }
}
