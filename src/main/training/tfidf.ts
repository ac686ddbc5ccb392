// TF-IDF featurizer that reproduces scikit-learn 1.2's TfidfVectorizer (smooth idf, l2 norm) so fitted steps score like sklearn's.
import { fail } from '../../shared/errors';
import { CsrBuilder, type CsrMatrix } from './feature-matrix';
import type { FeatureStep } from './model-types';

export type TfidfStep = Extract<FeatureStep, { kind: 'tfidf' }>;

export interface TfidfOptions {
  analyzer: 'word' | 'char';
  ngramRange: [number, number];
  sublinearTf?: boolean;
  norm?: 'l2' | 'none';
  /** keep the terms with the highest total count in the training texts; ties go to the alphabetically first */
  maxFeatures?: number;
}

// sklearn's `(?u)\b\w\w+\b`: Python's Unicode \w is letters, numbers and underscore (no combining marks),
// which JS's ASCII-only \w is not; a run of 2+ such characters is exactly what the \b...\b pattern matches.
const TOKEN = /[\p{L}\p{N}_]{2,}/gu;
// sklearn collapses runs of whitespace (but not a single tab or newline) to one space before char n-grams.
const WHITE_SPACES = /\s\s+/gu;

function wordNgrams(text: string, [minN, maxN]: [number, number]): string[] {
  const tokens = text.match(TOKEN) ?? [];
  const grams: string[] = [];
  for (let n = minN; n <= Math.min(maxN, tokens.length); n++) {
    for (let i = 0; i + n <= tokens.length; i++) grams.push(n === 1 ? tokens[i] : tokens.slice(i, i + n).join(' '));
  }
  return grams;
}

function charNgrams(text: string, [minN, maxN]: [number, number]): string[] {
  // Python slices by code point, so astral characters (emoji) must count as one character here too.
  const chars = Array.from(text.replace(WHITE_SPACES, ' '));
  const grams: string[] = [];
  for (let n = minN; n <= Math.min(maxN, chars.length); n++) {
    for (let i = 0; i + n <= chars.length; i++) grams.push(chars.slice(i, i + n).join(''));
  }
  return grams;
}

/** The terms of one document, in order, with repeats: what sklearn's build_analyzer() returns. */
export function analyze(text: string | null, analyzer: 'word' | 'char', ngramRange: [number, number]): string[] {
  if (text === null) return [];
  const lower = text.toLowerCase();
  return analyzer === 'word' ? wordNgrams(lower, ngramRange) : charNgrams(lower, ngramRange);
}

/** Python orders str by code point; JS's default sort orders by UTF-16 unit, which differs above U+FFFF. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    const sa = ca >= 0xd800 && ca <= 0xdfff;
    const sb = cb >= 0xd800 && cb <= 0xdfff;
    if (sa !== sb) return sa ? 1 : -1;
    return ca - cb;
  }
  return a.length - b.length;
}

function checkRange([minN, maxN]: [number, number]): void {
  if (!Number.isInteger(minN) || !Number.isInteger(maxN) || minN < 1 || maxN < minN) {
    fail('BAD_INPUT', `An n-gram range must be whole numbers 1 <= min <= max, got [${minN}, ${maxN}].`);
  }
}

/** Learns the vocabulary (alphabetical, as sklearn orders it) and the smoothed idf of each term. */
export function fitTfidf(column: string, docs: readonly (string | null)[], options: TfidfOptions): TfidfStep {
  checkRange(options.ngramRange);
  // One map lookup a term: each term's counts live in one record, and `lastDoc` counts a document once without a Set per document.
  const counts = new Map<string, { df: number; total: number; lastDoc: number }>();
  docs.forEach((doc, d) => {
    for (const t of analyze(doc, options.analyzer, options.ngramRange)) {
      const c = counts.get(t);
      if (c === undefined) counts.set(t, { df: 1, total: 1, lastDoc: d });
      else {
        c.total++;
        if (c.lastDoc !== d) {
          c.df++;
          c.lastDoc = d;
        }
      }
    }
  });
  const df = (t: string) => counts.get(t)!.df;
  const total = (t: string) => counts.get(t)!.total;
  let vocabulary = [...counts.keys()].sort(compareCodePoints);
  const cap = options.maxFeatures;
  if (cap !== undefined && vocabulary.length > cap) {
    // Rank by total count; the stable sort over the alphabetical list breaks ties alphabetically.
    const kept = [...vocabulary].sort((a, b) => total(b) - total(a)).slice(0, cap);
    vocabulary = kept.sort(compareCodePoints);
  }
  const n = docs.length;
  return {
    kind: 'tfidf',
    column,
    analyzer: options.analyzer,
    ngramRange: [options.ngramRange[0], options.ngramRange[1]],
    vocabulary,
    idf: vocabulary.map((t) => Math.log((1 + n) / (1 + df(t))) + 1),
    sublinearTf: options.sublinearTf ?? false,
    norm: options.norm ?? 'l2',
  };
}

/**
 * Each document's TF-IDF row, as sparse rows over the step's vocabulary (columns ascending). Terms outside the
 * vocabulary are ignored, as sklearn's transform does; a missing text gives an empty row.
 */
export function tfidfMatrix(step: TfidfStep, docs: readonly (string | null)[]): CsrMatrix {
  const index = new Map<string, number>();
  step.vocabulary.forEach((t, i) => index.set(t, i));
  // Per-term counts in an array over the vocabulary, reset after each document through the list of terms it touched:
  // no allocation per document.
  const counts = new Int32Array(step.vocabulary.length);
  let touched = new Int32Array(64);
  const out = new CsrBuilder(docs.length, step.vocabulary.length, docs.length * 16);
  for (let r = 0; r < docs.length; r++) {
    let n = 0;
    for (const t of analyze(docs[r], step.analyzer, step.ngramRange)) {
      const i = index.get(t);
      if (i === undefined) continue;
      if (counts[i]++ === 0) {
        if (n === touched.length) {
          const grown = new Int32Array(2 * n);
          grown.set(touched);
          touched = grown;
        }
        touched[n++] = i;
      }
    }
    const columns = touched.subarray(0, n).sort();
    let sumSq = 0;
    for (let k = 0; k < n; k++) {
      const i = columns[k];
      const v = (step.sublinearTf ? 1 + Math.log(counts[i]) : counts[i]) * step.idf[i];
      sumSq += v * v;
    }
    const norm = step.norm === 'l2' && sumSq > 0 ? Math.sqrt(sumSq) : 1;
    for (let k = 0; k < n; k++) {
      const i = columns[k];
      out.push(i, ((step.sublinearTf ? 1 + Math.log(counts[i]) : counts[i]) * step.idf[i]) / norm);
      counts[i] = 0;
    }
    out.endRow();
  }
  return out.finish();
}
