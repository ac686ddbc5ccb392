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
  const df = new Map<string, number>();
  const total = new Map<string, number>();
  for (const doc of docs) {
    const terms = analyze(doc, options.analyzer, options.ngramRange);
    for (const t of terms) total.set(t, (total.get(t) ?? 0) + 1);
    for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
  }
  let vocabulary = [...df.keys()].sort(compareCodePoints);
  const cap = options.maxFeatures;
  if (cap !== undefined && vocabulary.length > cap) {
    // Rank by total count; the stable sort over the alphabetical list breaks ties alphabetically.
    const kept = [...vocabulary].sort((a, b) => total.get(b)! - total.get(a)!).slice(0, cap);
    vocabulary = kept.sort(compareCodePoints);
  }
  const n = docs.length;
  return {
    kind: 'tfidf',
    column,
    analyzer: options.analyzer,
    ngramRange: [options.ngramRange[0], options.ngramRange[1]],
    vocabulary,
    idf: vocabulary.map((t) => Math.log((1 + n) / (1 + df.get(t)!)) + 1),
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
  const counts = new Map<number, number>();
  const out = new CsrBuilder(docs.length, step.vocabulary.length, docs.length * 16);
  for (let r = 0; r < docs.length; r++) {
    counts.clear();
    for (const t of analyze(docs[r], step.analyzer, step.ngramRange)) {
      const i = index.get(t);
      if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    const columns = Int32Array.from(counts.keys()).sort();
    const weights = Float64Array.from(columns, (i) => (step.sublinearTf ? 1 + Math.log(counts.get(i)!) : counts.get(i)!) * step.idf[i]);
    let sumSq = 0;
    for (const v of weights) sumSq += v * v;
    const norm = step.norm === 'l2' && sumSq > 0 ? Math.sqrt(sumSq) : 1;
    for (let k = 0; k < columns.length; k++) out.push(columns[k], weights[k] / norm);
    out.endRow();
  }
  return out.finish();
}
