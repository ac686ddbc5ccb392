// Duplicate and conflicting requirements: candidates come from the prefix-filtered similarity index, from a hash
// of each sentence with one value masked and, when sentence embeddings are given, from an LSH index over them (never
// all pairs); each candidate of the same actor (clauses.ts: "the Harbor battery management system" is not "the Harbor
// flight management system") about the same thing is then a conflict (opposite polarity, contradicting bounds, the
// same quantity in other units, one differing value) or, when it says the same thing in other words, a duplicate.
// Each requirement keeps its strongest partners only (kept-pairs.ts), and each source checks a bounded number of
// candidates per requirement, so thousands of near-identical requirements cost time and memory linear in n.
import { fail } from '../../../shared/errors';
import type { RequirementPair, RequirementText } from '../../../shared/requirements-lint';
import { KeptPairs, type Relation, type SkipPair } from './kept-pairs';
import type { Quantity } from './quantities';
import { sameTerm, termsOf, type RequirementTerms } from './requirement-terms';
import { scanSemanticPairs } from './semantic-pairs';
import { similarGroups, type SimilarGroups } from './similar-pairs';

/** Cosine over content terms from which two requirements are a candidate pair (whose actors clauses.ts then compares). */
export const sameSubject = 0.7;
/** Cosine from which two requirements with nothing contradicting are duplicates. */
export const duplicateFrom = 0.8;
/**
 * Cosine of two sentence embeddings from which the two requirements are taken to mean the same, or, when something
 * contradicts, to be about the same subject. Sentence-transformers models put paraphrases around 0.8-0.95 and
 * related but different statements lower; 0.85 leans towards fewer, surer pairs.
 */
export const semanticFrom = 0.85;
/**
 * The partners each requirement keeps, strongest first. A reviewer settles a requirement against its closest few;
 * past ten, the partners of one requirement are variations of one pattern (a generated "shall deliver N l/min" for
 * every N), which the note on its weakest kept pair counts instead of listing n^2 / 2 pairs.
 */
export const partnersKept = 10;
/**
 * Candidates each source checks per requirement, per partner kept: enough that partners are found among candidates
 * that turn out to be no pair (compatible bounds, another condition), few enough that a group of thousands of alike
 * requirements costs n x 80 checks, not n^2 / 2.
 */
const checksPerPartner = 8;

export interface PairsResult {
  pairs: RequirementPair[];
  /** similarity computations and candidate pairs checked: far fewer than n (n - 1) / 2 on a real set */
  comparisons: number;
}

export interface PairOptions {
  /** sentence embeddings, one per requirement in input order (embeddings/embed-texts.ts): paraphrases in other words */
  vectors?: readonly Float32Array[];
  /** how many partners each requirement keeps (default partnersKept); Infinity lists every pair, at quadratic cost */
  partners?: number;
  /**
   * Pairs to leave out (those a person dismissed), by ids and relation: applied before keeping, so a requirement
   * still lists its `partners` strongest pairs that are not skipped.
   */
  skip?: SkipPair;
}

export function findPairs(requirements: readonly RequirementText[], options: PairOptions = {}): RequirementPair[] {
  return findPairsCounted(requirements, options).pairs;
}

export function findPairsCounted(requirements: readonly RequirementText[], options: PairOptions = {}): PairsResult {
  const partners = options.partners ?? partnersKept;
  if (!(partners >= 1 && (Number.isInteger(partners) || partners === Infinity))) {
    fail('BAD_INPUT', `partners: ${partners} is not a whole number from 1.`, { where: { field: 'partners' } });
  }
  const checks = partners * checksPerPartner;
  const terms = requirements.map((r) => termsOf(r.text));
  const kept = new KeptPairs(
    requirements.map((r) => r.id),
    partners,
    options.skip,
  );
  const similar = similarGroups(
    terms.map((t) => t.terms),
    sameSubject,
    checks,
  );
  // which source explains a pair is a function of the pair: the words' relation first, then one differing value
  // (which weighs little against the shared words' IDF, so it can fall below the subject threshold), then meaning
  const bySubject = (a: number, b: number): Relation | null => {
    const cosine = similar.cosine(a, b);
    return cosine >= sameSubject ? relate(terms[a], terms[b], cosine) : null;
  };
  const variants = (x: number, y: number) => compareVariants(terms[x], terms[y]);
  let comparisons = similar.comparisons + scanSubjectGroups(similar, checks, kept, variants, (a, b, cosine) => relate(terms[a], terms[b], cosine));
  comparisons += scanValueGroups(terms, checks, kept, (a, b) => (bySubject(a, b) ? null : valueConflict(terms[a], terms[b], round(1 - 1 / terms[a].words.length))));
  // last, so a pair the words already explain keeps that reason; the embeddings add what the words cannot see
  if (options.vectors) {
    const scan = scanSemanticPairs(vectorsFor(requirements, options.vectors), semanticFrom, { perBucket: checks }, (a, b, cosine) => {
      const relation = bySubject(a, b) || differingValue(terms[a], terms[b]) ? null : relateByMeaning(terms[a], terms[b], cosine);
      if (relation) kept.offer(a, b, relation);
    });
    scan.unchecked.forEach((count, r) => kept.skipped(r, count));
    comparisons += scan.comparisons;
  }
  return { pairs: kept.pairs(), comparisons };
}

/**
 * The member pairs of similar term-set groups, checked by `relation`: each member of the later group is checked
 * against at most `checks` members, of the most similar groups first (its own group: its nearest predecessors in
 * `variants` order, so the closest variants meet; another group: a window that turns with the member, so every
 * member of the other group is reached); what it skips is counted for both sides. Returns the pairs checked.
 */
function scanSubjectGroups(
  similar: SimilarGroups,
  checks: number,
  kept: KeptPairs,
  variants: (x: number, y: number) => number,
  relation: (a: number, b: number, cosine: number) => Relation | null,
): number {
  const { groups } = similar;
  // a group small enough to be checked whole keeps input order: the order only matters where windows leave pairs out
  for (const members of groups) if (members.length > checks + 1) members.sort(variants);
  const partnerGroups: Array<Array<{ group: number; cosine: number }>> = groups.map(() => []);
  for (const { a, b, cosine } of similar.pairs) partnerGroups[b].push({ group: a, cosine });
  const checked = new Float64Array(similar.groupOf.length);
  let count = 0;
  const check = (x: number, y: number, cosine: number) => {
    const a = Math.min(x, y);
    const b = Math.max(x, y);
    count++;
    checked[a]++;
    checked[b]++;
    const found = relation(a, b, cosine);
    if (found) kept.offer(a, b, found);
  };
  partnerGroups.forEach((partners, g) => {
    partners.sort((p, q) => q.cosine - p.cosine);
    groups[g].forEach((y, j) => {
      let left = checks;
      for (const { group, cosine } of partners) {
        const members = groups[group];
        if (group === g) for (let i = j - 1; i >= 0 && left > 0; i--, left--) check(members[i], y, cosine);
        else for (let t = 0; t < members.length && left > 0; t++, left--) check(members[(j + t) % members.length], y, cosine);
      }
    });
  });
  similar.groupOf.forEach((g, r) => kept.skipped(r, similar.alike[g] - checked[r]));
  return count;
}

/**
 * The pairs of requirements whose words are the same but for one value after a marker ("shall be English" vs
 * "shall be German"), found by hashing each sentence once per value position with that value masked: the work is
 * linear in the words, plus the pairs of members with different values (same values say the same), of which each
 * member checks at most `checks`, taking the earlier values in turn; what it leaves out is counted as skipped.
 * Returns the pairs checked.
 */
function scanValueGroups(terms: readonly RequirementTerms[], checks: number, kept: KeptPairs, relation: (a: number, b: number) => Relation | null): number {
  // masked sentence -> the value word -> the requirements with it, in input order
  const groups = new Map<string, Map<string, number[]>>();
  terms.forEach((t, r) => {
    t.words.forEach((value, i) => {
      if (!isValueSlot(t.words, i)) return;
      const key = `${i} ${t.words.slice(0, i).join(' ')} * ${t.words.slice(i + 1).join(' ')}`;
      const group = groups.get(key) ?? new Map<string, number[]>();
      const members = group.get(value);
      if (members) members.push(r);
      else group.set(value, [r]);
      groups.set(key, group);
    });
  });
  const candidates = new Float64Array(terms.length);
  const checked = new Float64Array(terms.length);
  let count = 0;
  for (const group of groups.values()) {
    const values = [...group.values()];
    const m = values.reduce((sum, v) => sum + v.length, 0);
    values.forEach((members, s) => {
      members.forEach((y, j) => {
        candidates[y] += m - members.length;
        let left = checks;
        // the first turn reads the first s values in place; a second turn only comes when s < checks
        let earlier = values;
        let active = s;
        for (let turn = 0; active > 0 && left > 0; turn++) {
          if (turn > 0) {
            earlier = earlier.slice(0, active).filter((other) => other.length > turn);
            active = earlier.length;
          }
          for (let k = 0; k < active && left > 0; k++, left--) {
            const other = earlier[k];
            const x = other[(j + turn) % other.length];
            const a = Math.min(x, y);
            const b = Math.max(x, y);
            count++;
            checked[a]++;
            checked[b]++;
            const found = relation(a, b);
            if (found) kept.offer(a, b, found);
          }
        }
      });
    });
  }
  candidates.forEach((c, r) => kept.skipped(r, c - checked[r]));
  return count;
}

/**
 * Orders requirements with the same content terms so that the closest variants are neighbours: the same words
 * first (a copy next to its original), then polarity, then their quantities by value ("40 l/min" beside "45 l/min").
 */
function compareVariants(a: RequirementTerms, b: RequirementTerms): number {
  const [x, y] = [a.words.join(' '), b.words.join(' ')];
  if (x !== y) return x < y ? -1 : 1;
  if (a.negated !== b.negated) return a.negated ? 1 : -1;
  for (let i = 0; i < Math.min(a.quantities.length, b.quantities.length); i++) {
    const [p, q] = [a.quantities[i], b.quantities[i]];
    const order = byValue(p.lo, q.lo) || byValue(p.hi, q.hi);
    if (order !== 0) return order;
  }
  return a.quantities.length - b.quantities.length;
}

// open ends are ±Infinity, whose difference with themselves is NaN: compare, never subtract
const byValue = (x: number, y: number) => (x < y ? -1 : x > y ? 1 : 0);

function vectorsFor(requirements: readonly RequirementText[], vectors: readonly Float32Array[]): readonly Float32Array[] {
  if (vectors.length !== requirements.length) {
    fail('BAD_INPUT', `vectors: ${vectors.length} embeddings for ${requirements.length} requirements.`, { where: { field: 'vectors' }, hint: 'Embed the same requirements, in the same order.' });
  }
  return vectors;
}

/**
 * A candidate from the content terms, whose IDF cosine says how sure "the same subject" is: only requirements of one
 * actor pair, and only those about one thing under one condition contradict by polarity or bounds.
 */
function relate(a: RequirementTerms, b: RequirementTerms, cosine: number): Relation | null {
  if (!sameActor(a, b)) return null;
  const score = round(cosine);
  const conflict = aboutOneThing(a, b) ? conflictOf(a, b, score) : valueConflict(a, b, score);
  if (conflict) return conflict;
  // a condition written after the response ("... shall stop when the door opens") is read as part of the predicate,
  // so where one side has no leading condition the two are compared as condition and predicate together
  const leading = a.condition.length > 0 && b.condition.length > 0;
  const sameWords = leading
    ? oneContainsTheOther(a.predicate, b.predicate) && oneContainsTheOther(a.condition, b.condition)
    : oneContainsTheOther([...a.condition, ...a.predicate], [...b.condition, ...b.predicate]);
  if (cosine < duplicateFrom || !sameWords || !sameBounds(a, b) || a.numbers.join() !== b.numbers.join() || a.negated !== b.negated) return null;
  const reason = a.terms.length === b.terms.length ? 'the same content terms in other words' : 'every content term of one is in the other';
  return { relation: 'duplicate', score, reason: `${reason} (cosine ${score})` };
}

/**
 * A candidate from the sentence embeddings, which the words did not pair: the same checks for a contradiction (an
 * embedding barely moves for a "not"), and otherwise a duplicate, whatever words each uses, unless a bound or the
 * polarity differs, or the two are one word apart or name two actors: "view access" and "update access", "the Harbor
 * battery management system" and "the Harbor flight management system" say different things, which an embedding of
 * the whole sentence barely registers.
 */
function relateByMeaning(a: RequirementTerms, b: RequirementTerms, cosine: number): Relation | null {
  if (otherActors(a, b) || differingWord(a, b) !== null) return null;
  const score = round(cosine);
  const conflict = conflictOf(a, b, score);
  if (conflict) return conflict;
  if (!sameBounds(a, b) || a.negated !== b.negated) return null;
  return { relation: 'duplicate', score, reason: `the same meaning in other words: their sentence embeddings agree (cosine ${score})` };
}

/** What contradicts between two requirements about the same subject; null when nothing does. */
function conflictOf(a: RequirementTerms, b: RequirementTerms, score: number): Relation | null {
  if (a.negated !== b.negated && a.conditions.join() === b.conditions.join()) {
    return { relation: 'conflict', score, reason: 'same subject; one says "shall", the other "shall not"' };
  }
  const bounds = contradictingBounds(a.quantities, b.quantities);
  if (bounds) return { relation: 'conflict', score, reason: `same subject; ${bounds}` };
  const number = differingNumber(a, b);
  if (number) return { relation: 'conflict', score, reason: `same subject; different numbers "${number[0]}" vs "${number[1]}"` };
  return valueConflict(a, b, score);
}

/** The first of the numbers without a known unit that differs ("after 3 attempts" vs "after 5 attempts") where the words are the same; else null. */
function differingNumber(a: RequirementTerms, b: RequirementTerms): [string, string] | null {
  if (a.numbers.length !== b.numbers.length || a.words.join(' ') !== b.words.join(' ')) return null;
  const i = a.numbers.findIndex((x, k) => x !== b.numbers[k]);
  return i < 0 ? null : [a.numbers[i], b.numbers[i]];
}

function valueConflict(a: RequirementTerms, b: RequirementTerms, score: number): Relation | null {
  const value = differingValue(a, b);
  return value && { relation: 'conflict', score, reason: `same subject; incompatible values "${value[0]}" vs "${value[1]}"` };
}

/** Whether two requirements name one actor (clauses.ts); an actor the sentence does not make clear is no evidence against it. */
const sameActor = (a: RequirementTerms, b: RequirementTerms) => a.actor === null || b.actor === null || a.actor === b.actor;

/**
 * Whether two actors share words but each has one of its own ("Harbor battery management system", "Harbor flight
 * management system"): two systems. Actors in other words altogether are the embeddings' to judge.
 */
function otherActors(a: RequirementTerms, b: RequirementTerms): boolean {
  if (a.actor === null || b.actor === null || a.actor === b.actor) return false;
  const [x, y] = [a.actor.split(' '), b.actor.split(' ')];
  return x.some((t) => y.includes(t)) && !oneContainsTheOther(x, y);
}

/**
 * Whether two requirements of one actor may contradict each other: under the same leading condition (under its own,
 * a "shall not" or another bound is an exception) and about one thing (every term of what one shall do is in the
 * other: the replacement of "the motor speed sensor" and of "the axle speed sensor" are two requirements).
 */
function aboutOneThing(a: RequirementTerms, b: RequirementTerms): boolean {
  const unknown = a.actor === null || b.actor === null;
  return (unknown || a.condition.join(' ') === b.condition.join(' ')) && oneContainsTheOther(a.predicate, b.predicate);
}


/**
 * Compatible but different bounds ("at most 200 ms" and "at least 100 ms") are two requirements, not one; nor are a
 * bound and none, or bounds of other dimensions ("18 px" and "18 pt").
 */
function sameBounds(a: RequirementTerms, b: RequirementTerms): boolean {
  const pairs = matched(a.quantities, b.quantities);
  return pairs.length === a.quantities.length && pairs.length === b.quantities.length && pairs.every(([x, y]) => sameInterval(x, y));
}

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
 * The one word two requirements differ in, where it stands as a value of what they shall do ("shall be English" vs
 * "shall be German"), and the two words do not mean the same; null otherwise (different subjects: "each login" vs
 * "each logout"; a value in the actor or the condition: "the system in Berlin" vs "the system in Munich").
 */
function differingValue(a: RequirementTerms, b: RequirementTerms): [string, string] | null {
  const i = differingWord(a, b);
  return i !== null && isValueSlot(a.words, i) && a.roles[i] === 'predicate' ? [a.written[i], b.written[i]] : null;
}

/** Where two requirements of the same words differ in one word only, and the two words do not mean the same; else null. */
function differingWord(a: RequirementTerms, b: RequirementTerms): number | null {
  if (a.words.length !== b.words.length) return null;
  const differ = a.words.flatMap((w, i) => (w === b.words[i] ? [] : [i]));
  return differ.length === 1 && !sameTerm(a.words[differ[0]], b.words[differ[0]]) ? differ[0] : null;
}

function close(x: number, y: number): boolean {
  // open ends are ±Infinity, which only equal themselves (a relative tolerance would call them close to anything)
  return x === y || (Number.isFinite(x) && Number.isFinite(y) && Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y)));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
