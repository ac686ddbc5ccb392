// Duplicate and conflicting requirements: candidates come from the prefix-filtered similarity index, from a hash
// of each sentence with one value masked and, when sentence embeddings are given, from an LSH index over them (never
// all pairs); each candidate about the same subject is then a conflict (opposite polarity, contradicting bounds, the
// same quantity in other units, one differing value) or, when it says the same thing in other words, a duplicate.
import { fail } from '../../../shared/errors';
import type { RequirementPair, RequirementText } from '../../../shared/requirements-lint';
import type { Quantity } from './quantities';
import { sameTerm, termsOf, type RequirementTerms } from './requirement-terms';
import { semanticPairs } from './semantic-pairs';
import { similarPairs } from './similar-pairs';

/** Cosine over content terms from which two requirements are taken to be about the same subject. */
export const sameSubject = 0.7;
/** Cosine from which two requirements with nothing contradicting are duplicates. */
export const duplicateFrom = 0.8;
/**
 * Cosine of two sentence embeddings from which the two requirements are taken to mean the same, or, when something
 * contradicts, to be about the same subject. Sentence-transformers models put paraphrases around 0.8-0.95 and
 * related but different statements lower; 0.85 leans towards fewer, surer pairs.
 */
export const semanticFrom = 0.85;

export interface PairsResult {
  pairs: RequirementPair[];
  /** full similarity computations: far fewer than n (n - 1) / 2 on a real set */
  comparisons: number;
}

export interface PairOptions {
  /** sentence embeddings, one per requirement in input order (embeddings/embed-texts.ts): paraphrases in other words */
  vectors?: readonly Float32Array[];
}

export function findPairs(requirements: readonly RequirementText[], options: PairOptions = {}): RequirementPair[] {
  return findPairsCounted(requirements, options).pairs;
}

export function findPairsCounted(requirements: readonly RequirementText[], options: PairOptions = {}): PairsResult {
  const terms = requirements.map((r) => termsOf(r.text));
  const similar = similarPairs(
    terms.map((t) => t.terms),
    sameSubject,
  );
  const found = new Map<string, RequirementPair>();
  const add = (a: number, b: number, relation: Relation) => found.set(`${a} ${b}`, { a: requirements[a].id, b: requirements[b].id, ...relation });
  for (const { a, b, cosine } of similar.pairs) {
    const relation = relate(terms[a], terms[b], cosine);
    if (relation) add(a, b, relation);
  }
  // one differing value weighs little against the shared words' IDF ("default language" vs "English"/"German"),
  // so these pairs can fall below the subject threshold; the masked-sentence hash finds them directly
  const values = oneValueApart(terms);
  for (const { a, b, value, share } of values.pairs) {
    if (!found.has(`${a} ${b}`)) add(a, b, { relation: 'conflict', score: round(share), reason: valueReason(value) });
  }
  let comparisons = similar.comparisons + values.comparisons;
  // last, so a pair the words already explain keeps that reason; the embeddings add what the words cannot see
  if (options.vectors) {
    const semantic = semanticPairs(vectorsFor(requirements, options.vectors), semanticFrom);
    comparisons += semantic.comparisons;
    for (const { a, b, cosine } of semantic.pairs) {
      const relation = found.has(`${a} ${b}`) ? null : relateByMeaning(terms[a], terms[b], cosine);
      if (relation) add(a, b, relation);
    }
  }
  const pairs = [...found.values()].sort((x, y) => y.score - x.score || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
  return { pairs, comparisons };
}

function vectorsFor(requirements: readonly RequirementText[], vectors: readonly Float32Array[]): readonly Float32Array[] {
  if (vectors.length !== requirements.length) {
    fail('BAD_INPUT', `vectors: ${vectors.length} embeddings for ${requirements.length} requirements.`, { where: { field: 'vectors' }, hint: 'Embed the same requirements, in the same order.' });
  }
  return vectors;
}

type Relation = Pick<RequirementPair, 'relation' | 'score' | 'reason'>;

/** A candidate from the content terms: their IDF cosine says how sure "the same subject" is. */
function relate(a: RequirementTerms, b: RequirementTerms, cosine: number): Relation | null {
  const score = round(cosine);
  const conflict = conflictOf(a, b, score);
  if (conflict) return conflict;
  if (cosine < duplicateFrom || !sameBounds(a, b) || !oneContainsTheOther(a.terms, b.terms) || a.negated !== b.negated) return null;
  const reason = a.terms.length === b.terms.length ? 'the same content terms in other words' : 'every content term of one is in the other';
  return { relation: 'duplicate', score, reason: `${reason} (cosine ${score})` };
}

/**
 * A candidate from the sentence embeddings, which the words did not pair: the same checks for a contradiction (an
 * embedding barely moves for a "not"), and otherwise a duplicate, whatever words each uses, unless a bound or the
 * polarity differs, or the two are one word apart: "view access" and "update access" say different things, which
 * an embedding of the whole sentence barely registers.
 */
function relateByMeaning(a: RequirementTerms, b: RequirementTerms, cosine: number): Relation | null {
  const score = round(cosine);
  const conflict = conflictOf(a, b, score);
  if (conflict) return conflict;
  if (!sameBounds(a, b) || a.negated !== b.negated || differingWord(a, b) !== null) return null;
  return { relation: 'duplicate', score, reason: `the same meaning in other words: their sentence embeddings agree (cosine ${score})` };
}

/** What contradicts between two requirements about the same subject; null when nothing does. */
function conflictOf(a: RequirementTerms, b: RequirementTerms, score: number): Relation | null {
  if (a.negated !== b.negated && a.conditions.join() === b.conditions.join()) {
    return { relation: 'conflict', score, reason: 'same subject; one says "shall", the other "shall not"' };
  }
  const bounds = contradictingBounds(a.quantities, b.quantities);
  if (bounds) return { relation: 'conflict', score, reason: `same subject; ${bounds}` };
  const value = differingValue(a, b);
  if (value) return { relation: 'conflict', score, reason: valueReason(value) };
  return null;
}

/** Compatible but different bounds ("at most 200 ms" and "at least 100 ms") are two requirements, not one. */
const sameBounds = (a: RequirementTerms, b: RequirementTerms) => matched(a.quantities, b.quantities).every(([x, y]) => sameInterval(x, y));

/** The quantities of one dimension in the same place in both (the first with the first, the second with the second). */
function matched(xs: readonly Quantity[], ys: readonly Quantity[]): Array<[Quantity, Quantity]> {
  return xs.flatMap((x): Array<[Quantity, Quantity]> => {
    const k = xs.filter((q) => q.dimension === x.dimension).indexOf(x);
    const y = ys.filter((q) => q.dimension === x.dimension)[k];
    return y === undefined ? [] : [[x, y]];
  });
}

const sameInterval = (x: Quantity, y: Quantity) => close(x.lo, y.lo) && close(x.hi, y.hi);

/** The first pair of quantities that contradict, said in words; null when none do. */
function contradictingBounds(xs: readonly Quantity[], ys: readonly Quantity[]): string | null {
  for (const [x, y] of matched(xs, ys)) {
    const same = sameInterval(x, y);
    if (x.bound === y.bound && !same) return `different bounds for the same ${x.dimension}: "${x.text}" vs "${y.text}"`;
    if (x.hi < y.lo || y.hi < x.lo) return `bounds that exclude each other: "${x.text}" vs "${y.text}"`;
    if (same && x.unit !== y.unit) return `the same ${x.dimension} in different units: "${x.text}" vs "${y.text}"`;
  }
  return null;
}

/**
 * Whether every term of one is a term of the other: a duplicate may add words, but two requirements that each have
 * a term the other lacks ("view access" vs "update access", "offensive grid" vs "defensive grid") say different things.
 */
function oneContainsTheOther(x: readonly string[], y: readonly string[]): boolean {
  const [small, large] = x.length <= y.length ? [x, new Set(y)] : [y, new Set(x)];
  return small.every((t) => large.has(t));
}

// "shall be", "is", "in", "as", "use" (a colour, a language, a mode) introduce a value; "to" only after a setting
const valueMarkers = new Set(['be', 'is', 'are', 'in', 'as', 'use']);
const settingVerbs = new Set(['set', 'default', 'defaults', 'equal', 'switch', 'switched', 'change', 'changed', 'changes']);
const isValueSlot = (words: readonly string[], i: number) =>
  i > 0 && (valueMarkers.has(words[i - 1]) || (words[i - 1] === 'to' && settingVerbs.has(words[i - 2] ?? '')));

/**
 * The one word two requirements differ in, where it stands as a value ("shall be English" vs "shall be German"),
 * and the two words do not mean the same; null otherwise (different subjects: "each login" vs "each logout").
 */
function differingValue(a: RequirementTerms, b: RequirementTerms): [string, string] | null {
  const i = differingWord(a, b);
  return i !== null && isValueSlot(a.words, i) ? [a.written[i], b.written[i]] : null;
}

/** Where two requirements of the same words differ in one word only, and the two words do not mean the same; else null. */
function differingWord(a: RequirementTerms, b: RequirementTerms): number | null {
  if (a.words.length !== b.words.length) return null;
  const differ = a.words.flatMap((w, i) => (w === b.words[i] ? [] : [i]));
  return differ.length === 1 && !sameTerm(a.words[differ[0]], b.words[differ[0]]) ? differ[0] : null;
}

const valueReason = ([x, y]: [string, string]) => `same subject; incompatible values "${x}" vs "${y}"`;

/**
 * The pairs of requirements whose words are the same but for one value after a marker ("shall be English" vs
 * "shall be German"), found by hashing each sentence once per value position with that value masked: the work is
 * linear in the words, plus the pairs that share a masked sentence.
 */
function oneValueApart(terms: readonly RequirementTerms[]): {
  pairs: Array<{ a: number; b: number; value: [string, string]; share: number }>;
  comparisons: number;
} {
  const groups = new Map<string, number[]>();
  terms.forEach((t, r) => {
    t.words.forEach((_, i) => {
      if (!isValueSlot(t.words, i)) return;
      const key = `${i} ${t.words.slice(0, i).join(' ')} * ${t.words.slice(i + 1).join(' ')}`;
      const group = groups.get(key) ?? [];
      group.push(r);
      groups.set(key, group);
    });
  });
  const pairs: Array<{ a: number; b: number; value: [string, string]; share: number }> = [];
  let comparisons = 0;
  for (const group of groups.values()) {
    for (let x = 0; x < group.length; x++) {
      for (let y = x + 1; y < group.length; y++) {
        comparisons++;
        const [a, b] = [group[x], group[y]];
        const value = differingValue(terms[a], terms[b]);
        if (value) pairs.push({ a, b, value, share: 1 - 1 / terms[a].words.length });
      }
    }
  }
  return { pairs, comparisons };
}

function close(x: number, y: number): boolean {
  // open ends are ±Infinity, which only equal themselves (a relative tolerance would call them close to anything)
  return x === y || (Number.isFinite(x) && Number.isFinite(y) && Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y)));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
