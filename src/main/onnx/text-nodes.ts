// The TF-IDF step as ONNX nodes: lower-case, tokenize as tfidf.ts's analyze() does, count n-grams, weight by idf, L2-normalise.
import { fail } from '../../shared/errors';
import type { FeatureStep } from '../training/model-types';
import { ElemType, attr, type GraphBuilder } from './onnx-graph-builder';

type TfidfStep = Extract<FeatureStep, { kind: 'tfidf' }>;

/**
 * Code point ranges of JavaScript's Unicode `\s`, which tfidf.ts uses to collapse whitespace runs before char n-grams.
 * RE2 (the Tokenizer's regex engine) reads `\s` as ASCII only, so the class is spelled out; a test checks it
 * against JavaScript over every code point.
 */
export const JS_WHITESPACE: readonly [number, number][] = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];

const hex = (c: number): string => `\\x{${c.toString(16)}}`;
const WHITESPACE_CLASS = `[${JS_WHITESPACE.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join('')}]`;
/** tfidf.ts's TOKEN (`[\p{L}\p{N}_]{2,}`); RE2 knows the same Unicode properties. */
export const WORD_TOKEN_RE2 = '[\\p{L}\\p{N}_]{2,}';
/** One token per code point, except that a run of 2+ whitespace characters is one token (mapped to a space below). */
export const CHAR_TOKEN_RE2 = `${WHITESPACE_CLASS}{2,}|(?s:.)`;
const WHITESPACE_RUN_RE2 = `${WHITESPACE_CLASS}{2,}`;

/**
 * StringNormalizer needs a named locale; ORT's default on Linux, en_US.UTF-8, is missing from many machines
 * (this one included) and then the model fails to load. C.UTF-8 is built into glibc and maps case per code point.
 */
export const LOWERCASE_LOCALE = 'C.UTF-8';

/** Pads short token rows; longer than one code point and not a word token, so it can never match a vocabulary entry. */
const PAD = '#pad#';

/** A vocabulary term as the tokens TfIdfVectorizer will see: words split on the space analyze() joins them with, or code points. */
function termTokens(step: TfidfStep, term: string): string[] {
  return step.analyzer === 'word' ? term.split(' ') : Array.from(term);
}

/** The TfIdfVectorizer pool: terms grouped by length, with where each length starts and each term's output column. */
function ngramPool(step: TfidfStep): { pool: string[]; counts: number[]; indexes: number[] } {
  const [minN, maxN] = step.ngramRange;
  const byLength: { tokens: string[]; index: number }[][] = Array.from({ length: maxN + 1 }, () => []);
  step.vocabulary.forEach((term, index) => {
    const tokens = termTokens(step, term);
    if (tokens.length < minN || tokens.length > maxN) {
      fail('BAD_INPUT', `The model cannot be exported: the ${step.analyzer} term '${term}' of '${step.column}' is not a ${minN}..${maxN}-gram.`, {
        where: { field: step.column },
      });
    }
    byLength[tokens.length].push({ tokens, index });
  });
  const pool: string[] = [];
  const counts: number[] = [];
  const indexes: number[] = [];
  for (let n = 1; n <= maxN; n++) {
    counts.push(pool.length);
    for (const { tokens, index } of byLength[n]) {
      pool.push(...tokens);
      indexes.push(index);
    }
  }
  return { pool, counts, indexes };
}

/** Tokens of each row, [N, maxTokens], padded with PAD. */
function addTokens(g: GraphBuilder, step: TfidfStep): string {
  // StringNormalizer and Tokenizer take [C] strings, not [N, 1].
  const flat = g.op('Squeeze', [step.column, g.int64s('axis1', [1])]);
  const lower = g.op('StringNormalizer', [flat], { case_change_action: attr.string('LOWER'), locale: attr.string(LOWERCASE_LOCALE) });
  const tokenizer = { mark: attr.int(0), mincharnum: attr.int(1), pad_value: attr.string(PAD) };
  if (step.analyzer === 'word') return g.op('Tokenizer', [lower], { ...tokenizer, tokenexp: attr.string(WORD_TOKEN_RE2) }, 'com.microsoft');
  const chars = g.op('Tokenizer', [lower], { ...tokenizer, tokenexp: attr.string(CHAR_TOKEN_RE2) }, 'com.microsoft');
  // RegexFullMatch (ai.onnx 20) is the only way to tell a whitespace-run token from a single character.
  g.requireOpset('', 20);
  const isRun = g.op('RegexFullMatch', [chars], { pattern: attr.string(WHITESPACE_RUN_RE2) });
  return g.op('Where', [isRun, g.strings('space', [' '], []), chars]);
}

/** Adds one TF-IDF step; returns its [N, vocabulary] double block. */
export function addTfidf(g: GraphBuilder, step: TfidfStep): string {
  const { pool, counts, indexes } = ngramPool(step);
  const tokens = addTokens(g, step);
  // Raw counts (exact in float), then everything else in double as writeTfidf() does.
  const tf = g.op(
    'TfIdfVectorizer',
    [tokens],
    {
      mode: attr.string('TF'),
      min_gram_length: attr.int(step.ngramRange[0]),
      max_gram_length: attr.int(step.ngramRange[1]),
      max_skip_count: attr.int(0),
      ngram_counts: attr.ints(counts),
      ngram_indexes: attr.ints(indexes),
      pool_strings: attr.strings(pool),
    },
  );
  let weight = g.op('Cast', [tf], { to: attr.int(ElemType.double) });
  if (step.sublinearTf) {
    // 1 + ln(tf) where tf > 0; Where discards the -inf that Log gives for absent terms.
    const zero = g.doubles('zero', [0], []);
    const logTf = g.op('Add', [g.doubles('one', [1], []), g.op('Log', [weight])]);
    weight = g.op('Where', [g.op('Greater', [weight, zero]), logTf, zero]);
  }
  const weighted = g.op('Mul', [weight, g.doubles('idf', step.idf)]);
  if (step.norm !== 'l2') return weighted;
  // sqrt of the sum of squares, as writeTfidf() computes it; an all-zero row is left as it is rather than divided by 0.
  const sumSq = g.op('ReduceSum', [g.op('Mul', [weighted, weighted]), g.int64s('axis1', [1])], { keepdims: attr.int(1) });
  const norm = g.op('Where', [g.op('Greater', [sumSq, g.doubles('zero', [0], [])]), g.op('Sqrt', [sumSq]), g.doubles('one', [1], [])]);
  return g.op('Div', [weighted, norm]);
}
