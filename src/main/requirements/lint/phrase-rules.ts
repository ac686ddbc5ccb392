// The word-list smells (ISO/IEC/IEEE 29148 5.2.7, INCOSE GtWR R7-R10, R26, R35): phrases matched on lower-case
// tokens, each with the rewrite it suggests, and the context phrases that make a listed word precise.
import type { LintRule } from '../../../shared/requirements-lint';
import type { Token } from './tokenize';

export interface PhraseRule {
  rule: LintRule;
  why: string;
  /** phrase (words separated by spaces, as the tokenizer splits them) -> suggested rewrite */
  phrases: Record<string, string>;
}

const measurable = 'state a measurable criterion: <quantity> <comparison> <N> <unit>';

export const phraseRules: PhraseRule[] = [
  {
    rule: 'subjective-language',
    why: 'Subjective words mean different things to different readers, so the requirement cannot be verified.',
    phrases: {
      'user-friendly': 'a <user> completes <task> within <N> s without help after <N> min of training',
      'user friendly': 'a <user> completes <task> within <N> s without help after <N> min of training',
      'easy to use': 'a <user> completes <task> in at most <N> steps',
      easy: 'in at most <N> steps',
      intuitive: 'a <user> completes <task> without training in <N> % of trials',
      simple: 'with at most <N> <steps|options>',
      convenient: measurable,
      nice: measurable,
      good: measurable,
      attractive: measurable,
      elegant: measurable,
      seamless: 'without interruption longer than <N> ms',
      seamlessly: 'without interruption longer than <N> ms',
      'state-of-the-art': 'name the standard or version to meet',
      'state of the art': 'name the standard or version to meet',
      robust: 'keeps <function> under <named disturbance> up to <N> <unit>',
      transparent: measurable,
    },
  },
  {
    rule: 'ambiguous-term',
    why: 'Vague adjectives and adverbs give no value to test against.',
    phrases: {
      quickly: 'within <N> ms',
      quick: 'within <N> ms',
      fast: 'within <N> ms',
      rapidly: 'within <N> ms',
      promptly: 'within <N> ms',
      immediately: 'within <N> ms',
      timely: 'within <N> s',
      'in a timely manner': 'within <N> s',
      soon: 'within <N> s',
      slow: 'taking at least <N> s',
      slowly: 'at a rate of at most <N> <unit>/s',
      adequate: 'at least <N> <unit>',
      adequately: 'to at least <N> <unit>',
      sufficient: 'at least <N> <unit>',
      sufficiently: 'to at least <N> <unit>',
      enough: 'at least <N> <unit>',
      reasonable: 'at most <N> <unit>',
      reasonably: 'to within <N> <unit>',
      acceptable: 'within <N> <unit> of <reference>',
      appropriate: 'name the criterion that makes it appropriate',
      appropriately: 'name the criterion that makes it appropriate',
      efficient: 'using at most <N> <unit>',
      efficiently: 'using at most <N> <unit>',
      significant: 'by at least <N> <unit>',
      significantly: 'by at least <N> <unit>',
      minimal: 'at most <N> <unit>',
      several: 'exactly <N>',
      some: 'exactly <N> | each',
      many: 'at least <N>',
      few: 'at most <N>',
      large: 'at least <N> <unit>',
      small: 'at most <N> <unit>',
      high: 'at least <N> <unit>',
      low: 'at most <N> <unit>',
      normally: 'name the condition: "While <state>, ..."',
      usually: 'name the condition: "While <state>, ..."',
      typically: 'name the condition: "While <state>, ..."',
      generally: 'name the condition: "While <state>, ..."',
      often: 'at least every <N> <unit>',
      frequently: 'at least every <N> <unit>',
      regularly: 'every <N> <unit>',
      periodically: 'every <N> <unit>',
      occasionally: 'at most every <N> <unit>',
      approximately: '<N> ± <tolerance> <unit>',
      roughly: '<N> ± <tolerance> <unit>',
      almost: 'in at least <N> % of <cases>',
      relevant: 'name the items: "the <items> listed in <reference>"',
      recent: 'from the last <N> <unit>',
      recently: 'within the last <N> <unit>',
      flexible: 'name the variations to support',
      scalable: 'up to <N> <users|items> with <quantity> at most <N> <unit>',
      reliable: 'with a mean time between failures of at least <N> h',
      secure: 'name the threat and the control',
    },
  },
  {
    rule: 'loophole',
    why: 'A loophole lets the supplier decide whether the requirement applies, so it cannot be enforced.',
    phrases: {
      'if possible': 'delete it, or state the condition: "If <condition>, then ..."',
      'where possible': 'delete it, or state the condition: "Where <feature>, ..."',
      'when possible': 'delete it, or state the condition: "When <trigger>, ..."',
      'as far as possible': 'delete it, or state the limit',
      'to the extent possible': 'delete it, or state the limit',
      'as much as possible': 'at least <N> <unit>',
      'if practicable': 'delete it, or state the condition',
      'as appropriate': 'state the condition that decides',
      'where appropriate': 'state the condition that decides',
      'as applicable': 'name where it applies',
      'if applicable': 'name where it applies',
      'if necessary': 'state the condition that makes it necessary',
      'when necessary': 'state the condition that makes it necessary',
      'as necessary': 'state the condition that makes it necessary',
      'if needed': 'state the condition that makes it needed',
      'as needed': 'state the condition that makes it needed',
      'as required': 'name the requirement or condition',
      'as low as reasonably practicable': 'at most <N> <unit>',
      alarp: 'at most <N> <unit>',
      'unless otherwise specified': 'name the document that may specify otherwise',
      'to the extent practical': 'delete it, or state the limit',
      optionally: 'state the condition: "Where <feature>, ..."',
    },
  },
  {
    rule: 'open-ended',
    why: 'An open-ended list leaves the scope undefined, so no one can tell when it is met.',
    phrases: {
      etc: 'list every item, or name the document that lists them',
      'and so on': 'list every item',
      'and so forth': 'list every item',
      'including but not limited to': 'list every item ("the following <N> items: ...")',
      'but not limited to': 'list every item',
      'but not be limited to': 'list every item',
      'not be limited to': 'list every item',
      'not limited to': 'list every item',
      'among others': 'list every item',
      'and the like': 'list every item',
      'or similar': 'name the alternatives',
      'such as': 'list every item, or write "the following: ..."',
    },
  },
  {
    rule: 'superlative',
    why: 'A superlative has no reference point a test can measure against.',
    phrases: {
      best: 'name the measure and its bound',
      worst: 'name the measure and its bound',
      fastest: 'within <N> ms',
      slowest: 'name the measure and its bound',
      highest: 'at least <N> <unit>',
      lowest: 'at most <N> <unit>',
      largest: 'at least <N> <unit>',
      smallest: 'at most <N> <unit>',
      greatest: 'at least <N> <unit>',
      optimal: 'name the measure and its bound',
      optimum: 'name the measure and its bound',
      optimally: 'name the measure and its bound',
      ideal: 'name the measure and its bound',
      maximise: 'at least <N> <unit>',
      maximize: 'at least <N> <unit>',
      minimise: 'at most <N> <unit>',
      minimize: 'at most <N> <unit>',
      'most efficient': 'using at most <N> <unit>',
      'most reliable': 'with a failure rate of at most <N> per hour',
    },
  },
  {
    rule: 'incomplete-reference',
    why: 'The requirement is unfinished or points at text that moves; it cannot be reviewed or tested as it stands.',
    phrases: {
      tbd: 'give the value, or the date and owner that will decide it',
      tbc: 'give the confirmed value',
      tba: 'give the value',
      tbr: 'give the reviewed value',
      'to be determined': 'give the value, or the date and owner that will decide it',
      'to be defined': 'give the definition',
      'to be confirmed': 'give the confirmed value',
      'see above': 'cite the requirement by its identifier',
      'see below': 'cite the requirement by its identifier',
      'as mentioned above': 'cite the requirement by its identifier',
      'as described above': 'cite the requirement by its identifier',
      'as stated above': 'cite the requirement by its identifier',
      'mentioned above': 'cite the requirement by its identifier',
      'the above': 'cite the requirement by its identifier',
      aforementioned: 'cite the requirement by its identifier',
      xxx: 'give the value',
    },
  },
];

/**
 * Phrases in which a listed word is a defined term, not a vague one: every finding inside one is dropped. A term of
 * art ("fast Fourier transform", "high voltage" as IEC 60038 defines it) or a bound ("at least", "no more than").
 */
export const preciseContexts: string[] = [
  'fast fourier transform',
  'fast fourier transforms',
  'low-pass filter',
  'low pass filter',
  'high-pass filter',
  'high pass filter',
  'high voltage',
  'low voltage',
  'high availability',
  'high-speed can',
  'high speed can',
  'low-speed can',
  'quick disconnect',
  'best effort',
  'most significant bit',
  'least significant bit',
  'most significant byte',
  'least significant byte',
  'at least',
  'at most',
  'no more than',
  'no less than',
  'not more than',
  'not less than',
  'no later than',
  'no earlier than',
  'no fewer than',
  'no longer than',
  'not longer than',
  'no shorter than',
  'no greater than',
  'not greater than',
  'no higher than',
  'no lower than',
  'no sooner than',
  // "no later 30 seconds": a bound with its "than" dropped, still a bound
  'no later',
];

/** Words that make "as low as reasonably practicable" the defined acceptance criterion of a safety case (UK HSE). */
export const safetyCaseWords = new Set(['risk', 'risks', 'hazard', 'hazards', 'harm', 'residual', 'safety']);

/** An index from a phrase's first word to the phrases (as word arrays) that start with it, longest first. */
export class PhraseIndex<V> {
  private readonly byFirst = new Map<string, Array<{ words: string[]; value: V }>>();

  constructor(entries: Iterable<[string, V]>) {
    for (const [phrase, value] of entries) {
      const words = phrase.split(' ');
      const list = this.byFirst.get(words[0]) ?? [];
      list.push({ words, value });
      list.sort((x, y) => y.words.length - x.words.length);
      this.byFirst.set(words[0], list);
    }
  }

  /** The longest phrase that starts at token i: its value and the token index after it, or null. */
  match(tokens: readonly Token[], i: number): { value: V; end: number } | null {
    for (const { words, value } of this.byFirst.get(tokens[i].lower) ?? []) {
      if (words.every((w, k) => tokens[i + k]?.lower === w)) return { value, end: i + words.length };
    }
    return null;
  }
}
