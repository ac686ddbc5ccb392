// Writes the training benchmark's two inputs once, from a seeded PRNG, into files both Airlock and its peers read.
// Usage: node --import tsx bench/train/generate-data.ts <tabular|text> <rows> <seed> <out-dir>
//        node --import tsx bench/train/generate-data.ts csv <tabular-dir>   (the same rows as data.csv, for the CLI)
import fs from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../../src/main/training/splits';

/** What every dataset folder holds besides its data files; the held-out rows are the last ones. */
export interface DatasetMeta {
  kind: 'tabular' | 'text';
  rows: number;
  trainRows: number;
  /** tabular: columns of X.f64 */
  features: number;
  classNames: string[];
  seed: number;
  files: Record<string, string>;
}

/** The last 20 % of rows are held out; rows are drawn independently, so the tail is as good as a random draw. */
export const HELD_OUT_FRACTION = 0.2;

const TABULAR_FEATURES = 20;

function normalSampler(random: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    // Box-Muller; 1 - u keeps log away from 0.
    const r = Math.sqrt(-2 * Math.log(1 - random()));
    const t = 2 * Math.PI * random();
    spare = r * Math.sin(t);
    return r * Math.cos(t);
  };
}

/**
 * 20 features, binary label. The label depends on 11 of them through linear terms, an interaction, a sine, a square and
 * a step, so trees have something a linear model cannot see; 5 features are correlated copies, 4 are noise, and the
 * scales differ (x15 in thousands, x16 around 50, x17 skewed), so standardising matters for the linear model.
 */
function writeTabular(dir: string, rows: number, seed: number): DatasetMeta {
  const random = mulberry32(seed);
  const normal = normalSampler(random);
  const f = TABULAR_FEATURES;
  const X = new Float64Array(rows * f);
  const y = new Int32Array(rows);
  const z = new Float64Array(f);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < f; j++) z[j] = normal();
    const o = r * f;
    for (let j = 0; j < 10; j++) X[o + j] = z[j];
    for (let j = 0; j < 5; j++) X[o + 10 + j] = 0.6 * z[j] + 0.8 * z[10 + j];
    X[o + 15] = 1000 * z[15];
    X[o + 16] = 50 + 5 * z[16];
    X[o + 17] = Math.exp(z[17]);
    X[o + 18] = z[18];
    X[o + 19] = random();
    const x = (j: number): number => X[o + j];
    const logit =
      0.8 * x(0) - 0.6 * x(1) + 0.5 * x(2) + 0.4 * x(3) - 0.3 * x(4) + 1.0 * x(5) * x(6) + Math.sin(2 * x(7)) + 0.5 * (x(8) * x(8) - 1) - 0.7 * (x(9) > 0.5 ? 1 : 0) + 0.3 * x(10) + 0.0005 * x(15);
    y[r] = random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  fs.writeFileSync(path.join(dir, 'X.f64'), new Uint8Array(X.buffer));
  fs.writeFileSync(path.join(dir, 'y.i32'), new Uint8Array(y.buffer));
  return {
    kind: 'tabular',
    rows,
    trainRows: rows - Math.round(rows * HELD_OUT_FRACTION),
    features: f,
    classNames: ['0', '1'],
    seed,
    files: { X: 'X.f64 (float64 little-endian, row-major rows x features)', y: 'y.i32 (int32 little-endian class index)' },
  };
}

const CLASSES = ['finance', 'science', 'sports', 'travel'];
const TOPIC_WORDS = 60;
const SYLLABLES = ['ka', 'to', 'mi', 're', 'su', 'lo', 'ne', 'pa', 'di', 'gu', 'ha', 've', 'ro', 'zi', 'ba', 'fe', 'no', 'ti', 'wa', 'ku'];

/** n distinct pseudo-words of 2-4 syllables, from the PRNG; letters only, so no CSV quoting is ever needed. */
function makeWords(n: number, random: () => number, taken: Set<string>): string[] {
  const out: string[] = [];
  while (out.length < n) {
    const syllables = 2 + Math.floor(random() * 3);
    let w = '';
    for (let s = 0; s < syllables; s++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (taken.has(w)) continue;
    taken.add(w);
    out.push(w);
  }
  return out;
}

/** Zipf-like draw of an index in [0, n): rank k has weight 1 / (k + 1). */
function zipfSampler(n: number, random: () => number): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) cumulative[k] = total += 1 / (k + 1);
  return () => {
    const u = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/**
 * Short documents (5-30 words) over 4 classes: 500 shared words drawn Zipf-like, plus 60 topic words per class, a third
 * of the words from the document's own topic and a tenth from another topic, so classes overlap and accuracy stays
 * below 100 %. One CSV, `text,label`, read by both sides and importable by the CLI.
 */
function writeText(dir: string, rows: number, seed: number): DatasetMeta {
  const random = mulberry32(seed);
  const taken = new Set<string>();
  const common = makeWords(500, random, taken);
  const topics = CLASSES.map(() => makeWords(TOPIC_WORDS, random, taken));
  const commonIndex = zipfSampler(common.length, random);
  const topicIndex = zipfSampler(TOPIC_WORDS, random);
  const lines = ['text,label'];
  for (let r = 0; r < rows; r++) {
    const c = Math.floor(random() * CLASSES.length);
    const length = 5 + Math.floor(random() * 26);
    const words: string[] = [];
    for (let i = 0; i < length; i++) {
      const u = random();
      if (u < 0.33) words.push(topics[c][topicIndex()]);
      else if (u < 0.43) words.push(topics[(c + 1 + Math.floor(random() * (CLASSES.length - 1))) % CLASSES.length][topicIndex()]);
      else words.push(common[commonIndex()]);
    }
    lines.push(`${words.join(' ')},${CLASSES[c]}`);
  }
  fs.writeFileSync(path.join(dir, 'docs.csv'), `${lines.join('\n')}\n`);
  return {
    kind: 'text',
    rows,
    trainRows: rows - Math.round(rows * HELD_OUT_FRACTION),
    features: 0,
    classNames: [...CLASSES].sort(),
    seed,
    files: { docs: 'docs.csv (text,label; label names sort into class indices)' },
  };
}

/**
 * The tabular rows as CSV (f00..f19, label) for `airlock dataset import`. Numbers are printed in full (shortest
 * round-trip form), so the CLI trains on exactly the values the direct calls see.
 */
function writeTabularCsv(dir: string): void {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as DatasetMeta;
  const X = new Float64Array(new Uint8Array(fs.readFileSync(path.join(dir, 'X.f64'))).buffer);
  const y = new Int32Array(new Uint8Array(fs.readFileSync(path.join(dir, 'y.i32'))).buffer);
  const f = meta.features;
  const tmp = path.join(dir, `data.csv.tmp-${process.pid}`);
  const fd = fs.openSync(tmp, 'w');
  const header = [...Array.from({ length: f }, (_, j) => `f${String(j).padStart(2, '0')}`), 'label'].join(',');
  let chunk = [header];
  for (let r = 0; r < meta.rows; r++) {
    chunk.push(`${Array.from(X.subarray(r * f, (r + 1) * f)).join(',')},${y[r]}`);
    if (chunk.length === 10_000) {
      fs.writeSync(fd, `${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  if (chunk.length > 0) fs.writeSync(fd, `${chunk.join('\n')}\n`);
  fs.closeSync(fd);
  fs.renameSync(tmp, path.join(dir, 'data.csv'));
}

/** Writes into a temporary folder and renames it into place, so a killed run never leaves half a dataset behind. */
function main(): void {
  const [kind, rowsArg, seedArg, out] = process.argv.slice(2);
  if (kind === 'csv' && rowsArg) return writeTabularCsv(rowsArg);
  const rows = Number(rowsArg);
  const seed = Number(seedArg);
  if ((kind !== 'tabular' && kind !== 'text') || !Number.isInteger(rows) || rows < 10 || !Number.isInteger(seed) || !out) {
    throw new Error('usage: generate-data.ts <tabular|text> <rows> <seed> <out-dir>');
  }
  const tmp = `${out}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const meta = kind === 'tabular' ? writeTabular(tmp, rows, seed) : writeText(tmp, rows, seed);
  fs.writeFileSync(path.join(tmp, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  fs.renameSync(tmp, out);
}

main();
