// Seeded, reproducible row splits: train/validation/test and k-fold, stratified by class when labels are given.
import { fail } from '../../shared/errors';

/** mulberry32: a tiny 32-bit PRNG; same seed, same sequence on every platform (Math.random cannot be seeded). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(a: Int32Array, random: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/**
 * All row indices, shuffled; with labels, grouped class by class (each class shuffled), so that dealing rows out
 * in this order gives every split or fold its share of every class.
 */
function dealingOrder(n: number, random: () => number, labels?: Int32Array): Int32Array {
  if (!labels) {
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    shuffle(order, random);
    return order;
  }
  if (labels.length !== n) fail('BAD_INPUT', `There are ${labels.length} labels for ${n} rows.`);
  // A counting sort by class (rows ascending within a class) into one array, each class's block then shuffled in
  // place: the order per-class row lists gave, without a growing list per class.
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) counts.set(labels[i], (counts.get(labels[i]) ?? 0) + 1);
  const classes = [...counts.keys()].sort((a, b) => a - b);
  const next = new Map<number, number>();
  let start = 0;
  for (const cls of classes) {
    next.set(cls, start);
    start += counts.get(cls)!;
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const at = next.get(labels[i])!;
    order[at] = i;
    next.set(labels[i], at + 1);
  }
  let at = 0;
  for (const cls of classes) {
    const size = counts.get(cls)!;
    shuffle(order.subarray(at, at + size), random);
    at += size;
  }
  return order;
}

export interface SplitFractions {
  validation: number;
  test: number;
}

export interface RowSplit {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

/**
 * Splits rows 0..n-1 into train (the rest), validation and test. Rows are dealt in turn to whichever split is furthest
 * below its share so far, so every prefix of the dealing order, and so every class, is split in proportion (within a row).
 * Each part comes back in ascending row order.
 */
export function splitRows(n: number, fractions: SplitFractions, seed: number, labels?: Int32Array): RowSplit {
  const { validation, test } = fractions;
  if (!(validation >= 0 && test >= 0 && validation + test < 1)) {
    fail('BAD_INPUT', `Validation (${validation}) and test (${test}) fractions must be >= 0 and leave rows to train on.`);
  }
  const shares = [1 - validation - test, validation, test];
  const order = dealingOrder(n, mulberry32(seed), labels);
  // Each row's part is noted where it lies, so a scan in row order lists every part already ascending (no sort).
  const counts = [0, 0, 0];
  const partOf = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestDeficit = -Infinity;
    for (let p = 0; p < 3; p++) {
      const deficit = (i + 1) * shares[p] - counts[p];
      if (shares[p] > 0 && deficit > bestDeficit) {
        best = p;
        bestDeficit = deficit;
      }
    }
    counts[best]++;
    partOf[order[i]] = best;
  }
  const [train, val, tst] = counts.map((c) => new Int32Array(c));
  const parts = [train, val, tst];
  const filled = [0, 0, 0];
  for (let r = 0; r < n; r++) {
    const p = partOf[r];
    parts[p][filled[p]++] = r;
  }
  return { train, validation: val, test: tst };
}

export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

/** k folds whose test parts cover every row once; with labels, each fold holds each class's rows within one of its share. */
export function kFold(n: number, k: number, seed: number, labels?: Int32Array): Fold[] {
  if (!Number.isInteger(k) || k < 2 || k > n) fail('BAD_INPUT', `k-fold needs a whole k between 2 and the row count (${n}), got ${k}.`);
  const order = dealingOrder(n, mulberry32(seed), labels);
  const foldOf = new Int32Array(n);
  for (let i = 0; i < n; i++) foldOf[order[i]] = i % k;
  return Array.from({ length: k }, (_, f) => {
    const train: number[] = [];
    const test: number[] = [];
    for (let r = 0; r < n; r++) (foldOf[r] === f ? test : train).push(r);
    return { train: Int32Array.from(train), test: Int32Array.from(test) };
  });
}
