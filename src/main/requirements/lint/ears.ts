// EARS pattern recognition (Mavin et al., "Easy Approach to Requirements Syntax", RE 2009) and a rewrite into the
// nearest template for a sentence that fits none: the precondition moves to the front, the modal becomes "shall".
import type { EarsMatch, EarsPattern } from '../../../shared/requirements-lint';
import { PhraseIndex, phraseRules } from './phrase-rules';
import type { Sentence } from './structure-rules';
import { phraseAt } from './tokenize';

const keywordPatterns: Record<string, EarsPattern> = {
  when: 'event-driven',
  while: 'state-driven',
  if: 'unwanted-behaviour',
  where: 'optional',
};
const keywordWords: Record<EarsPattern, string> = {
  'event-driven': 'When',
  'state-driven': 'While',
  'unwanted-behaviour': 'If',
  optional: 'Where',
  ubiquitous: '',
  complex: '',
  none: '',
};
const loopholes = new PhraseIndex(Object.entries(phraseRules.find((r) => r.rule === 'loophole')?.phrases ?? {}));
const otherModals = new Set(['must', 'will', 'should', 'may', 'can']);
const modalPhrases = ['is required to', 'are required to', 'needs to', 'need to', 'has to', 'have to'];

/** The EARS pattern of a requirement, read from its first sentence that has a "shall" (or its first sentence). */
export function recogniseEars(sentences: readonly Sentence[]): EarsMatch {
  const s = sentences.find((x) => x.tokens.some((t) => t.lower === 'shall')) ?? sentences[0];
  if (s === undefined) return { pattern: 'none', rewrite: 'The <system> shall <response>.' };
  const shallAt = s.tokens.findIndex((t) => t.lower === 'shall');
  if (shallAt < 0) return { pattern: 'none', rewrite: rewrite(s) };
  // EARS keywords open a clause: at the start of the sentence or after a comma, before the "shall"
  const leading = new Set<EarsPattern>();
  s.tokens.slice(0, shallAt).forEach((t, i) => {
    const pattern = keywordPatterns[t.lower];
    if (pattern && (i === 0 || s.tokens[i - 1].text === ',')) leading.add(pattern);
  });
  if (leading.size > 1) return { pattern: 'complex' };
  if (leading.size === 1) return { pattern: [...leading][0] };
  if (trailingCondition(s, shallAt)) return { pattern: 'none', rewrite: rewrite(s) };
  return { pattern: 'ubiquitous' };
}

interface Condition {
  pattern: EarsPattern;
  /** token index where the condition's words start, and where its keyword starts */
  from: number;
  at: number;
}

/**
 * A condition after the main clause ("... shall stop when the door opens"), which EARS puts in front. A loophole
 * ("if possible", "where appropriate") is no condition: the lint reports it instead.
 */
function trailingCondition(s: Sentence, after: number): Condition | null {
  for (let i = after + 1; i < s.tokens.length; i++) {
    // a trailing "where" is a relative clause ("the mode where the pump runs"), never an optional feature
    const pattern = s.tokens[i].lower === 'where' ? undefined : keywordPatterns[s.tokens[i].lower];
    if (pattern && loopholes.match(s.tokens, i) === null) return { pattern, from: i + 1, at: i };
    const eventOf = ['in case of', 'in the event of'].find((p) => phraseAt(s.tokens, i, p));
    if (eventOf) return { pattern: 'unwanted-behaviour', from: i + eventOf.split(' ').length, at: i };
  }
  return null;
}

function rewrite(s: Sentence): string {
  const modal = modalIn(s);
  const whole = sentenceText(s, 0, s.tokens.length);
  if (modal === null) return `The <system> shall ensure that ${lowerFirst(whole)}.`;
  const condition = trailingCondition(s, modal.at);
  if (condition === null) return `${withShall(s, modal, whole)}.`;
  const main = withShall(s, modal, s.text.slice(s.tokens[0].start, s.tokens[condition.at].start).replace(/[\s,]+$/, ''));
  const then = condition.pattern === 'unwanted-behaviour' ? 'then ' : '';
  return `${keywordWords[condition.pattern]} ${sentenceText(s, condition.from, s.tokens.length)}, ${then}${lowerFirst(main)}.`;
}

interface Modal {
  /** token index of the modal, and the text offsets [start, end) of its words */
  at: number;
  start: number;
  end: number;
}

/** The first modal of a sentence: "shall", "must", "will", "needs to", ...; null when it has none. */
function modalIn(s: Sentence): Modal | null {
  for (let i = 0; i < s.tokens.length; i++) {
    const t = s.tokens[i];
    const phrase = modalPhrases.find((p) => phraseAt(s.tokens, i, p));
    if (phrase) return { at: i, start: t.start, end: s.tokens[i + phrase.split(' ').length - 1].end };
    if (t.lower === 'shall' || otherModals.has(t.lower)) return { at: i, start: t.start, end: t.end };
  }
  return null;
}

/** text (a prefix of the sentence) with the modal replaced by "shall" */
function withShall(s: Sentence, modal: Modal, text: string): string {
  const offset = s.tokens[0].start;
  return text.slice(0, modal.start - offset) + 'shall' + text.slice(modal.end - offset);
}

/** The text of tokens [from, to) without a closing full stop. */
function sentenceText(s: Sentence, from: number, to: number): string {
  const last = s.tokens[to - 1].text === '.' ? to - 2 : to - 1;
  return s.text.slice(s.tokens[from].start, s.tokens[last].end);
}

function lowerFirst(text: string): string {
  // an acronym or a name in capitals ("ECU", "ABS") keeps its case
  return /^\p{Lu}[\p{Lu}\d]/u.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}
