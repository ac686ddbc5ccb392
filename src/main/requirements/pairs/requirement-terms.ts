// What a requirement is about, reduced for comparison: its content terms (stop words, numbers, units and negations
// out; synonyms and inflections folded), split into its actor's, its leading condition's and the rest (clauses.ts),
// its polarity ("shall" or "shall not"), its bounded quantities and the numbers without a known unit.
// The synonym table keeps the default instant and needs no model; paraphrases it misses are found when the user
// brings a sentence-embedding model (find-pairs.ts PairOptions.vectors).
import { tokenize, type Token } from '../lint/tokenize';
import { conditionWords, rolesOf, type Role } from './clauses';
import { bareNumbers, quantitiesOf, type Quantity } from './quantities';
import { readUnit } from './units';

export interface RequirementTerms {
  /** distinct content terms, folded */
  terms: string[];
  negated: boolean;
  /** the condition words it has ("if", "when", "unless", ...), sorted: a "shall not" under its own condition is an exception, not a contradiction */
  conditions: string[];
  quantities: Quantity[];
  /** the numbers no known unit follows, in order (quantities.ts bareNumbers) */
  numbers: string[];
  /** the lower-case words in order, for spotting a single different value */
  words: string[];
  /** the words as written, parallel to words */
  written: string[];
  /** the role of each word, parallel to words (all 'predicate' when the actor is unknown) */
  roles: Role[];
  /** the actor's distinct terms, sorted and joined ("battery management system harbor"); null when unknown (clauses.ts) */
  actor: string | null;
  /** distinct terms of the leading condition clauses, sorted */
  condition: string[];
  /** distinct terms of what it shall do (a passive's subject included), or of the whole sentence when the actor is unknown */
  predicate: string[];
}

const stopWords = new Set(
  (
    'a an the of to in on at for by with from into onto per upon as than and or but that this these those it its their ' +
    'there then when while if where which who whom whose be is are was were been being shall must will should may can could would ' +
    'has have had do does did each every all any some such also only both either within up most least more less than over under ' +
    'above below between after before during'
  ).split(' '),
);
const modals = new Set(['shall', 'must', 'will', 'should', 'may', 'can', 'could', 'would', 'is', 'are', 'be']);
const negations = new Set(['not', 'never', 'no', 'cannot', 'nor']);
// "not more than", "no later than": a bound, not a negation
const boundAfterNegation = new Set(['more', 'less', 'later', 'earlier', 'sooner', 'fewer', 'exceed', 'exceeding', 'greater', 'longer', 'shorter', 'higher', 'lower']);

const synonymGroups = [
  'display show present',
  'start begin initiate commence launch',
  'stop halt cease terminate',
  'notify inform alert warn',
  'log record',
  'use utilize utilise employ',
  'fault malfunction',
  'vehicle car',
  'permit allow enable',
  'prevent prohibit forbid',
  'verify check validate',
  'user operator',
  'quickly rapidly promptly',
  'fast quick rapid',
  // requirement verbs, each only where no other common sense of it is a requirement's word ("supply voltage", "keep
  // active", "acknowledge" an alarm are not among them)
  'detect spot',
  'send transmit',
  'store save',
  'delete remove erase',
  'reject refuse deny',
  'restart reboot',
  'calculate compute',
  'change modify alter',
  'select choose',
  'cancel abort',
  'respond reply',
  'require need',
  'attempt try',
  'generate produce',
  'update refresh',
];

/** A crude suffix fold, the same on both sides of a comparison: displays / displayed / displaying -> display, deletes / deleted -> delet. */
function stem(word: string): string {
  let w = word;
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ied')) w = w.slice(0, -3) + 'y';
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 4 && w.endsWith('ies')) w = w.slice(0, -3) + 'y';
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  // logged -> logg -> log, stopping -> stopp -> stop
  if (w !== word && /([^aeiouslfz])\1$/.test(w)) w = w.slice(0, -1);
  // delete / deleted / deleting -> delet: a verb ending in "e" loses it before every suffix
  return w.length > 4 && w.endsWith('e') ? w.slice(0, -1) : w;
}

// keyed and valued by stems, so every inflection of a synonym folds to its group's first word
const synonyms = new Map<string, string>();
for (const group of synonymGroups) {
  const [head, ...rest] = group.split(' ').map(stem);
  for (const w of rest) synonyms.set(w, head);
}

function fold(word: string): string {
  const w = stem(word);
  return synonyms.get(w) ?? w;
}

/**
 * Whether token i negates the requirement itself: "shall not", "must never", "cannot", "No user shall". A "not" in
 * a relative clause ("ships that have not sunk") or a bound ("no more than") leaves its "shall" positive.
 */
function isNegation(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (boundAfterNegation.has(tokens[i + 1]?.lower ?? '')) return false;
  if (t.lower === 'cannot' || /n['’]t$/.test(t.lower)) return true;
  if (t.lower === 'no') return i === 0 || tokens[i - 1].kind === 'symbol';
  return (t.lower === 'not' || t.lower === 'never') && modals.has(tokens[i - 1]?.lower ?? '');
}

export function termsOf(text: string): RequirementTerms {
  const tokens = tokenize(text);
  const terms = new Set<string>();
  const words: string[] = [];
  const written: string[] = [];
  let negated = false;
  const conditions = new Set<string>();
  const tokenRoles = rolesOf(tokens);
  const roles: Role[] = [];
  const of: Record<Role, Set<string>> = { actor: new Set(), condition: new Set(), predicate: new Set() };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'word') continue;
    const role = tokenRoles?.[i] ?? 'predicate';
    words.push(t.lower);
    written.push(t.text);
    roles.push(role);
    if (conditionWords.has(t.lower)) conditions.add(t.lower);
    if (isNegation(tokens, i)) negated = true;
    else if (!stopWords.has(t.lower) && !negations.has(t.lower) && !(tokens[i - 1]?.kind === 'number' && readUnit(tokens, i))) {
      const term = fold(t.lower);
      terms.add(term);
      of[role].add(term);
    }
  }
  const sorted = (set: Set<string>) => [...set].sort();
  return {
    terms: [...terms],
    negated,
    conditions: sorted(conditions),
    quantities: quantitiesOf(tokens, text),
    numbers: bareNumbers(tokens),
    words,
    written,
    roles,
    // "It shall ...": a pronoun names no actor
    actor: tokenRoles === null || of.actor.size === 0 ? null : sorted(of.actor).join(' '),
    condition: sorted(of.condition),
    predicate: sorted(of.predicate),
  };
}

/** Two words that fold to the same term ("show", "display") are the same for a reader. */
export function sameTerm(a: string, b: string): boolean {
  return fold(a) === fold(b);
}
