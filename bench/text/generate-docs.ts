// The text benchmark's input: documents from a seeded PRNG over a large Zipf vocabulary, several overlapping classes.
// Usage: node --import tsx bench/text/generate-docs.ts <documents> <seed> <out-dir>; writes docs.csv (text,label) and meta.json.
import fs from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../../src/main/training/splits';

export interface DocsMeta {
  documents: number;
  /** the first trainDocuments rows train, the rest are held out */
  trainDocuments: number;
  classNames: string[];
  seed: number;
}

export const HELD_OUT_FRACTION = 0.2;
const CLASSES = ['billing', 'compliance', 'hardware', 'logistics', 'network', 'payroll', 'research', 'safety'];
/** words every class uses, drawn Zipf-like, as function words and common nouns are in real text */
const SHARED_WORDS = 20_000;
const TOPIC_WORDS = 300;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** A distinct word per index (base-26 spelling behind a class prefix): letters only, so no CSV quoting is ever needed. */
function word(prefix: string, index: number): string {
  let w = '';
  let i = index;
  do {
    w = LETTERS[i % 26] + w;
    i = Math.floor(i / 26);
  } while (i > 0);
  return `${prefix}${w}`;
}

/** Rank k in [0, n) with probability about proportional to 1 / (k + 1): log-uniform, the continuous Zipf(1) law. */
function zipf(n: number, random: () => number): number {
  return Math.min(n - 1, Math.floor(Math.exp(random() * Math.log(n + 1))) - 1);
}

/**
 * 8-60 words a document: 70 % shared words, 22 % from its class's topic, 8 % from another class's topic, so the classes
 * overlap and accuracy stays below 100 %. The vocabulary in use runs to thousands of terms, where a dense
 * documents x terms matrix no longer fits in memory and a sparse one is needed.
 */
function writeDocs(dir: string, documents: number, seed: number): DocsMeta {
  const random = mulberry32(seed);
  const lines = ['text,label'];
  for (let d = 0; d < documents; d++) {
    const c = Math.floor(random() * CLASSES.length);
    const length = 8 + Math.floor(random() * 53);
    const words: string[] = [];
    for (let i = 0; i < length; i++) {
      const u = random();
      if (u < 0.7) words.push(word('w', zipf(SHARED_WORDS, random)));
      else if (u < 0.92) words.push(word(`t${c}`, zipf(TOPIC_WORDS, random)));
      else words.push(word(`t${(c + 1 + Math.floor(random() * (CLASSES.length - 1))) % CLASSES.length}`, zipf(TOPIC_WORDS, random)));
    }
    lines.push(`${words.join(' ')},${CLASSES[c]}`);
  }
  fs.writeFileSync(path.join(dir, 'docs.csv'), `${lines.join('\n')}\n`);
  return { documents, trainDocuments: documents - Math.round(documents * HELD_OUT_FRACTION), classNames: CLASSES, seed };
}

/** Writes into a temporary folder and renames it into place, so a killed run never leaves half a dataset behind. */
function main(): void {
  const [documentsArg, seedArg, out] = process.argv.slice(2);
  const documents = Number(documentsArg);
  const seed = Number(seedArg);
  if (!Number.isInteger(documents) || documents < 10 || !Number.isInteger(seed) || !out) throw new Error('usage: generate-docs.ts <documents> <seed> <out-dir>');
  const tmp = `${out}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const meta = writeDocs(tmp, documents, seed);
  fs.writeFileSync(path.join(tmp, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  fs.renameSync(tmp, out);
}

main();
