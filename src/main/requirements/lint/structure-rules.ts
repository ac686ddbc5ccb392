// The smells that need a look at the words around them, not just a word list: comparatives, negatives, pronouns,
// passive voice, bare numbers, universal quantifiers, combinators and the count of "shall" (INCOSE GtWR R2, R16,
// R19, R24, R32, R35; ISO/IEC/IEEE 29148 5.2.4). Part-of-speech tags (wink-nlp) would replace the suffix and
// next-word heuristics here: a determiner "this" vs a pronoun "this", an adjective "-ed" vs a participle.
import type { LintFinding, LintRule } from '../../../shared/requirements-lint';
import { readUnit } from '../pairs/units';
import { phraseAt, type Token } from './tokenize';

/** One sentence of a requirement: its tokens and the full text they index into. */
export interface Sentence {
  text: string;
  tokens: readonly Token[];
}

export function findingOf(s: Sentence, from: number, to: number, rule: LintRule, why: string, suggestion: string): LintFinding {
  const start = s.tokens[from].start;
  const end = s.tokens[to - 1].end;
  return { start, end, text: s.text.slice(start, end), rule, why, suggestion };
}

const words = (list: string) => new Set(list.split(' '));
const isWord = (t: Token | undefined, set: Set<string>) => t !== undefined && set.has(t.lower);

const comparatives = words(
  'faster slower quicker better worse higher lower greater larger smaller bigger easier harder cheaper safer shorter longer fewer more less improved enhanced increased reduced',
);
const boundNouns = words('limit limits bound bounds threshold thresholds case');

function comparativesWithoutReference(s: Sentence): LintFinding[] {
  const found: LintFinding[] = [];
  s.tokens.forEach((t, i) => {
    if (!comparatives.has(t.lower) || isWord(s.tokens[i + 1], boundNouns) || isWord(s.tokens[i - 1], words('no'))) return;
    // a reference is "than ..." or "as ..." or a figure ("reduced by 20 %", "more than 5") within the next few words
    const ahead = s.tokens.slice(i + 1, i + 6);
    if (ahead.some((a) => a.lower === 'than' || a.lower === 'as' || a.kind === 'number')) return;
    found.push(
      findingOf(s, i, i + 1, 'comparative-without-reference', 'A comparative without "than <reference>" cannot be tested.', `${t.text} than <reference>, or a bound: <N> <unit>`),
    );
  });
  return found;
}

const negatives = words('not cannot nor neither no');

function negativeStatements(s: Sentence): LintFinding[] {
  const found: LintFinding[] = [];
  s.tokens.forEach((t, i) => {
    if (!negatives.has(t.lower) && !/n['’]t$/.test(t.lower)) return;
    found.push(
      findingOf(
        s,
        i,
        i + 1,
        'negative-statement',
        'A negative statement describes what is not done; the set of behaviours it allows is open and cannot be tested exhaustively.',
        'state what it shall do ("shall not exceed <N>" -> "shall be at most <N>")',
      ),
    );
  });
  return found;
}

const personalPronouns = words('it its they them their theirs itself themselves');
const demonstratives = words('this these those');
const verbsAfterPronoun = words('shall must will should may can is are was were has have be');

function vaguePronouns(s: Sentence): LintFinding[] {
  const found: LintFinding[] = [];
  s.tokens.forEach((t, i) => {
    // "IT" in capitals is information technology, not a pronoun
    const personal = personalPronouns.has(t.lower) && t.text !== 'IT';
    // a demonstrative is a pronoun when a verb or the end follows it ("this shall"), a determiner before a noun
    const next = s.tokens[i + 1];
    const demonstrative = demonstratives.has(t.lower) && (next === undefined || next.kind === 'symbol' || verbsAfterPronoun.has(next.lower));
    if (!personal && !demonstrative) return;
    found.push(findingOf(s, i, i + 1, 'vague-pronoun', 'A pronoun may refer to more than one thing; a reader of this requirement alone cannot tell which.', 'repeat the noun it stands for'));
  });
  return found;
}

const beForms = words('be is are was were been being');
const irregularParticiples = words(
  'done made sent shown given taken written known set kept held built run shut put read seen found chosen driven drawn thrown hidden broken frozen spoken stolen begun',
);
const notParticiples = words('speed need feed seed embed exceed proceed succeed hundred bleed');

function isParticiple(t: Token | undefined): boolean {
  if (t === undefined || t.kind !== 'word' || notParticiples.has(t.lower)) return false;
  return irregularParticiples.has(t.lower) || (t.lower.length >= 5 && t.lower.endsWith('ed'));
}

function passivesWithoutActor(s: Sentence): LintFinding[] {
  const found: LintFinding[] = [];
  s.tokens.forEach((t, i) => {
    if (!beForms.has(t.lower)) return;
    // one adverb may stand between: "shall be automatically logged"
    const p = isParticiple(s.tokens[i + 1]) ? i + 1 : s.tokens[i + 1]?.lower.endsWith('ly') && isParticiple(s.tokens[i + 2]) ? i + 2 : -1;
    if (p < 0 || s.tokens.slice(p + 1).some((a) => a.lower === 'by')) return;
    found.push(
      findingOf(
        s,
        i,
        p + 1,
        'passive-without-actor',
        'A passive verb without "by <actor>" leaves open who is responsible, so no one can be held to it.',
        `${s.text.slice(t.start, s.tokens[p].end)} by <actor>, or "The <actor> shall <verb> ..."`,
      ),
    );
  });
  return found;
}

const referenceWords = words(
  'section sections clause chapter table figure fig annex appendix version v step phase level class category sil asil iso iec en do requirement req item page part rev revision issue edition grade type mode channel priority model no number id rule standard article paragraph sheet line pin port bit zone stage',
);
const boundWords = words('at most least within maximum minimum max min up below above under over exceed exceeds less more than between from limit range');
// a stated value ("shall be 5 V"); a setting ("set to 30 s", "a radius of 30 miles") needs no tolerance
const exactWords = words('be is are equal equals');
const rangeJoiners = words('and or to');

function numbersWithoutUnits(s: Sentence): LintFinding[] {
  const found: LintFinding[] = [];
  const tokens = s.tokens;
  tokens.forEach((t, i) => {
    if (t.kind !== 'number') return;
    const prev = tokens[i - 1];
    // identifiers and compound numbers: "section 3", "ISO 26262-6", "26262:2018", "12:00", "Firefox 1.0", "(2)"
    if (isWord(prev, referenceWords) || (prev !== undefined && prev.kind === 'symbol' && tokens[i - 2]?.kind === 'number')) return;
    if (prev !== undefined && prev.kind === 'word' && i > 1 && /^\p{Lu}/u.test(prev.text)) return;
    if ((prev?.text === '(' && tokens[i + 1]?.text === ')') || (prev !== undefined && '$€£¥'.includes(prev.text))) return;
    // "2-day", "3-phase": the word after the hyphen is what is counted
    const hyphenated = tokens[i + 1]?.text === '-' && tokens[i + 2]?.kind === 'word' && tokens[i + 2].start === tokens[i + 1].end;
    const next = hyphenated ? tokens[i + 2] : tokens[i + 1];
    if (next !== undefined && next.kind === 'symbol' && ':-/'.includes(next.text) && tokens[i + 2]?.kind === 'number') return;
    const unit = readUnit(tokens, i + 1);
    if (unit) {
      const before = tokens.slice(Math.max(0, i - 5), i);
      const after = tokens.slice(unit.end, unit.end + 4);
      const exact = isWord(prev, exactWords) || prev?.text === '=';
      const bounded = before.some((b) => boundWords.has(b.lower) || '<>≤≥±'.includes(b.text));
      const tolerance = after.some((a) => a.text === '±' || a.lower === 'tolerance' || a.text === '+/-' || a.text === '+');
      if (exact && !bounded && !tolerance) {
        found.push(findingOf(s, i, unit.end, 'number-without-unit', 'An exact value without a tolerance cannot be met by a real measurement.', `${s.text.slice(t.start, tokens[unit.end - 1].end)} ± <tolerance>`));
      }
      return;
    }
    // a counted noun ("3 retries") is its own unit; a range shares the unit of its upper end ("10 to 20 ms")
    if (next !== undefined && next.kind === 'word' && !rangeJoiners.has(next.lower)) return;
    if (next !== undefined && (rangeJoiners.has(next.lower) || next.text === '-') && tokens[i + 2]?.kind === 'number' && readUnit(tokens, i + 3)) return;
    found.push(findingOf(s, i, i + 1, 'number-without-unit', 'A number without a unit can be read in more than one scale.', `${t.text} <unit>`));
  });
  return found;
}

const quantifiers = words('all every any always never none nothing everything anything everyone anyone everybody anybody');
const aggregates = words('sum total mean average maximum minimum max min over across');
const numberWords = words('two three four five six seven eight nine ten eleven twelve both');
const definedSet = /\b(listed|defined|specified|given|enumerated) in\b|\bin (table|section|annex|appendix)\b/i;

function universalQuantifiers(s: Sentence): LintFinding[] {
  const found: LintFinding[] = [];
  s.tokens.forEach((t, i) => {
    if (!quantifiers.has(t.lower)) return;
    if (isDefinedQuantity(s, i)) return;
    const always = t.lower === 'always' || t.lower === 'never';
    found.push(
      findingOf(
        s,
        i,
        i + 1,
        'universal-quantifier',
        'A universal quantifier claims every case, which no test can show; it usually hides an unstated exception.',
        always ? 'state the condition: "While <state>, ..."' : 'each <item> (listed in <reference>)',
      ),
    );
  });
  return found;
}

/** "all 4 wheels", "every 10 ms", "the sum of all cell voltages", "all sensors listed in Table 3": a set the requirement defines. */
function isDefinedQuantity(s: Sentence, i: number): boolean {
  const ahead = s.tokens.slice(i + 1, i + 4);
  if (ahead.some((a) => a.kind === 'number' || numberWords.has(a.lower))) return true;
  // "every hour", "each second": a period
  if (readUnit(s.tokens, i + 1)?.unit.dimension === 'time') return true;
  const behind = s.tokens.slice(Math.max(0, i - 2), i);
  if (behind.some((b) => aggregates.has(b.lower))) return true;
  return definedSet.test(s.text.slice(s.tokens[i].start, s.tokens[s.tokens.length - 1].end));
}

const combinatorPhrases = ['and/or', 'as well as', 'but also', 'and also', 'or else', 'unless', 'otherwise', 'whereas'];
const determiners = words('the a an each its their all any');
const prepositions = words('via by with in on at for from to of into through per');

function combinators(s: Sentence): LintFinding[] {
  const found: LintFinding[] = [];
  const shallAt = s.tokens.findIndex((t) => t.lower === 'shall');
  s.tokens.forEach((t, i) => {
    const phrase = combinatorPhrases.find((p) => phraseAt(s.tokens, i, p));
    if (phrase) {
      const suggestion = phrase === 'and/or' ? '"and" or "or", whichever is meant' : 'split into two requirements';
      found.push(findingOf(s, i, i + phrase.split(' ').length, 'combinator', 'A combinator joins two conditions or actions, so the requirement cannot pass or fail as one.', suggestion));
      return;
    }
    // "shall log the error and notify the operator": a second verb with its own object is a second requirement
    const second = s.tokens[i + 1];
    const verbLike = second !== undefined && second.kind === 'word' && !prepositions.has(second.lower);
    if (shallAt >= 0 && i > shallAt + 2 && (t.lower === 'and' || t.lower === 'or') && verbLike && isWord(s.tokens[i + 2], determiners)) {
      found.push(findingOf(s, i, i + 1, 'combinator', 'Two actions after one "shall" are two requirements; each must be verifiable alone.', 'split into two requirements, one "shall" each'));
    }
  });
  return found;
}

const weakModals: Record<string, string> = { must: 'shall', will: 'shall', should: 'shall', may: 'shall', can: 'shall', could: 'shall', would: 'shall' };

/** "shall" missing from the whole requirement, or more than one in one sentence. */
export function shallCount(sentences: readonly Sentence[], text: string): LintFinding[] {
  const found: LintFinding[] = [];
  let total = 0;
  for (const s of sentences) {
    const shalls = s.tokens.flatMap((t, i) => (t.lower === 'shall' ? [i] : []));
    total += shalls.length;
    for (const i of shalls.slice(1)) {
      found.push(findingOf(s, i, i + 1, 'several-shalls', 'Several "shall"s in one sentence make several requirements that pass or fail together.', 'split into one requirement per "shall"'));
    }
  }
  if (total > 0) return found;
  for (const s of sentences) {
    const i = s.tokens.findIndex((t) => weakModals[t.lower] !== undefined);
    if (i >= 0) {
      const why = 'Only "shall" states a binding requirement (ISO/IEC/IEEE 29148); "must", "will", "should" and "may" are read as facts, goals or options.';
      return [...found, findingOf(s, i, i + 1, 'missing-shall', why, 'shall')];
    }
  }
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  return [...found, { start, end, text: text.slice(start, end), rule: 'missing-shall', why: 'Without "shall" the sentence is a description, not a binding requirement.', suggestion: 'The <system> shall <response>' }];
}

/** The per-sentence structural rules, in the order they are reported. */
export const sentenceRules: Array<(s: Sentence) => LintFinding[]> = [
  comparativesWithoutReference,
  negativeStatements,
  vaguePronouns,
  passivesWithoutActor,
  numbersWithoutUnits,
  universalQuantifiers,
  combinators,
];
