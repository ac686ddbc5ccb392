// One chunk's distinct strings in order of first appearance, found by cell hash and checked byte for byte: a code per cell, no string per cell.
import { lanes } from './field-hash';

export class ChunkDictionary {
  size = 0;
  /** value i is bytes[offsets[i], offsets[i + 1]) */
  // every buffer starts small and doubles: a wide file has one dictionary per column, most holding a few values
  offsets = new Int32Array(17);
  bytes = Buffer.alloc(256);
  /** each value's cell hash lanes and how many cells of the chunk hold it */
  hashA = new Uint32Array(16);
  hashB = new Uint32Array(16);
  counts = new Int32Array(16);
  /** open addressing: code + 1, 0 for a free slot; kept under half full */
  private slots = new Int32Array(32);

  get byteLength(): number {
    return this.offsets[this.size];
  }

  /** The code of the cell [start, end) whose hash hashBytes just left in `lanes`, adding the value if new. */
  code(buf: Uint8Array, start: number, end: number): number {
    const a = lanes[0];
    const b = lanes[1];
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = a & mask;
    for (;;) {
      const entry = slots[slot];
      if (entry === 0) break;
      const code = entry - 1;
      // equal hashes almost always mean equal bytes; the comparison makes a collision a new value, not a wrong one
      if (this.hashA[code] === a && this.hashB[code] === b && this.holds(code, buf, start, end)) {
        this.counts[code]++;
        return code;
      }
      slot = (slot + 1) & mask;
    }
    return this.add(slot, buf, start, end, a, b);
  }

  clear(): void {
    this.slots.fill(0);
    this.counts.fill(0, 0, this.size);
    this.size = 0;
  }

  private add(slot: number, buf: Uint8Array, start: number, end: number, a: number, b: number): number {
    const code = this.size++;
    if (this.size === this.counts.length) this.growValues();
    const from = this.offsets[code];
    const to = from + end - start;
    if (to > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(to, this.bytes.length * 2));
      this.bytes.copy(grown, 0, 0, from);
      this.bytes = grown;
    }
    this.bytes.set(buf.subarray(start, end), from);
    this.offsets[code + 1] = to;
    this.hashA[code] = a;
    this.hashB[code] = b;
    this.counts[code] = 1;
    this.slots[slot] = code + 1;
    if (this.size * 2 > this.slots.length) this.rehash();
    return code;
  }

  private holds(code: number, buf: Uint8Array, start: number, end: number): boolean {
    const from = this.offsets[code];
    if (this.offsets[code + 1] - from !== end - start) return false;
    const bytes = this.bytes;
    for (let i = 0; i < end - start; i++) if (bytes[from + i] !== buf[start + i]) return false;
    return true;
  }

  private growValues(): void {
    const size = this.counts.length * 2;
    const grow = <T extends Int32Array | Uint32Array>(old: T, fresh: T): T => {
      fresh.set(old);
      return fresh;
    };
    this.offsets = grow(this.offsets, new Int32Array(size + 1));
    this.hashA = grow(this.hashA, new Uint32Array(size));
    this.hashB = grow(this.hashB, new Uint32Array(size));
    this.counts = grow(this.counts, new Int32Array(size));
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let code = 0; code < this.size; code++) {
      let slot = this.hashA[code] & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = code + 1;
    }
    this.slots = slots;
  }
}
