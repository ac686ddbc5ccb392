// Fast non-cryptographic hashing of cells and rows: two independent 32-bit lanes give a 64-bit row identity.

/** The last hash computed, as two 32-bit lanes; written in place so the hot loop allocates nothing. */
export const lanes = new Uint32Array(2);

const f64 = new Float64Array(1);
const f64Words = new Uint32Array(f64.buffer);

/** murmur3's finalizer: spreads every input bit over the whole word */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Hashes bytes (FNV-1a on two lanes with different seeds and primes) into `lanes`. */
export function hashBytes(buf: Uint8Array, start: number, end: number): void {
  let a = 0x811c9dc5;
  let b = 0x27d4eb2f;
  for (let i = start; i < end; i++) {
    const c = buf[i];
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  lanes[0] = fmix32(a ^ (end - start));
  lanes[1] = fmix32(b + (end - start));
}

/** Hashes a number by its float64 bits, so 1 and 1.0 agree and every distinct double differs. */
export function hashNumber(value: number): void {
  f64[0] = value;
  lanes[0] = fmix32(f64Words[0] ^ Math.imul(f64Words[1], 0x9e3779b1));
  lanes[1] = fmix32(f64Words[1] ^ Math.imul(f64Words[0], 0x85ebca77) ^ 0x5bd1e995);
}

/** Two hash lanes as one number below 2^53: a Set/Map key whose collisions are negligible at our counts. */
export function lanesKeyOf(a: number, b: number): number {
  return (a & 0x1fffff) * 4294967296 + b;
}

/** The current lanes as such a key. */
export function lanesKey(): number {
  return lanesKeyOf(lanes[0], lanes[1]);
}
