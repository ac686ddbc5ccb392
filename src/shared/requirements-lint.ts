// What the requirements lint and the duplicate/conflict finder report, as src/main/requirements computes it and the
// CLI (`airlock req lint|pairs --json`) and the renderer show it.

/** The smells of ISO/IEC/IEEE 29148 and the INCOSE Guide to Writing Requirements that the lint checks. */
export const lintRules = [
  'subjective-language',
  'ambiguous-term',
  'loophole',
  'open-ended',
  'superlative',
  'comparative-without-reference',
  'negative-statement',
  'vague-pronoun',
  'incomplete-reference',
  'passive-without-actor',
  'number-without-unit',
  'universal-quantifier',
  'combinator',
  'missing-shall',
  'several-shalls',
] as const;

export type LintRule = (typeof lintRules)[number];

/** One smell in one requirement: the span [start, end) in UTF-16 code units of the text, as String.slice takes it. */
export interface LintFinding {
  start: number;
  end: number;
  /** the text of the span */
  text: string;
  rule: LintRule;
  /** why it matters, one sentence */
  why: string;
  /** a rewrite of the span or the sentence ("within <N> ms"); placeholders in angle brackets */
  suggestion: string;
}

/** The EARS patterns (Mavin et al., 2009); 'none' when a sentence fits none of them. */
export type EarsPattern = 'ubiquitous' | 'event-driven' | 'state-driven' | 'unwanted-behaviour' | 'optional' | 'complex' | 'none';

export interface EarsMatch {
  pattern: EarsPattern;
  /** a rewrite into the EARS template the sentence comes closest to; present only when the pattern is 'none' */
  rewrite?: string;
}

export interface LintResult {
  /** 0..1: the share of the checked rules the requirement passes (1 = no smell found) */
  score: number;
  ears: EarsMatch;
  /** in order of start */
  findings: LintFinding[];
}

export type PairRelation = 'duplicate' | 'conflict';

/** Two requirements that say the same thing, or contradict each other; a and b in the order the input listed them. */
export interface RequirementPair {
  a: string;
  b: string;
  relation: PairRelation;
  /** 0..1: similarity for a duplicate, how surely the two are about the same subject for a conflict */
  score: number;
  /** one line a user can check ("same subject 'response time': at most 200 ms vs at most 0.5 s") */
  reason: string;
}

export interface RequirementText {
  id: string;
  text: string;
}

/** One requirement's lint result, as `req lint --json` prints it and the project-wide report lists it. */
export interface RequirementLintRow extends LintResult {
  id: string;
  document: string;
}

/** A pair as the project lists it: with whether a person dismissed it (dismissals are remembered per pair and relation). */
export interface RequirementPairRow extends RequirementPair {
  dismissed: boolean;
}

/** A remembered dismissal: it holds while both requirements keep the normative content they had when it was given. */
export interface PairDismissal {
  a: string;
  b: string;
  relation: PairRelation;
  reason: string;
  createdAt: string;
  createdBy: string;
}
