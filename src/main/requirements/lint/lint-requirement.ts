// The vague-wording lint of one requirement: every smell with its span, why it matters and a rewrite, a quality
// score over the rules checked, and the EARS pattern. Pure and fast enough to run on each keystroke.
import { lintRules, type LintFinding, type LintResult, type LintRule } from '../../../shared/requirements-lint';
import { recogniseEars } from './ears';
import { PhraseIndex, phraseRules, preciseContexts, safetyCaseWords, type PhraseRule } from './phrase-rules';
import { sentenceRules, shallCount, type Sentence } from './structure-rules';
import { sentenceRanges, tokenize, type Token } from './tokenize';

export interface LintOptions {
  /** the requirement belongs to a safety case, where ALARP is the defined acceptance criterion for residual risk */
  safetyCase?: boolean;
}

const phrases = new PhraseIndex<{ rule: PhraseRule; suggestion: string }>(
  phraseRules.flatMap((rule) => Object.entries(rule.phrases).map(([p, suggestion]): [string, { rule: PhraseRule; suggestion: string }] => [p, { rule, suggestion }])),
);
const contexts = new PhraseIndex<true>(
  [...preciseContexts, 'one or more', 'or more', 'or less', 'or fewer', 'or greater', 'or higher', 'or lower', 'or longer'].map((p): [string, true] => [p, true]),
);
const alarp = new Set(['as low as reasonably practicable', 'alarp']);

export function lintRequirement(text: string, options: LintOptions = {}): LintResult {
  const tokens = tokenize(text);
  const sentences: Sentence[] = sentenceRanges(tokens).map(([from, to]) => ({ text, tokens: tokens.slice(from, to) }));
  const precise = preciseSpans(tokens, options.safetyCase === true || tokens.some((t) => safetyCaseWords.has(t.lower)));
  const listed = sentences.flatMap(listedPhrases);
  // a smell inside a listed phrase is that phrase's ("not" in "including but not limited to" is no negative statement)
  const inside = (f: LintFinding, spans: ReadonlyArray<{ start: number; end: number }>) => spans.some((g) => g !== f && f.start >= g.start && f.end <= g.end);
  const findings = [...listed, ...sentences.flatMap((s) => sentenceRules.flatMap((rule) => rule(s))), ...shallCount(sentences, text)]
    .filter((f) => !inside(f, precise) && !inside(f, listed))
    .sort((x, y) => x.start - y.start || x.end - y.end);
  const fired = new Set<LintRule>(findings.map((f) => f.rule));
  return { score: (lintRules.length - fired.size) / lintRules.length, ears: recogniseEars(sentences), findings };
}

/** The listed phrases of a sentence, longest match first, no two overlapping. */
function listedPhrases(s: Sentence): LintFinding[] {
  const found: LintFinding[] = [];
  for (let i = 0; i < s.tokens.length; ) {
    const m = s.tokens[i].kind === 'word' ? phrases.match(s.tokens, i) : null;
    if (m === null || isName(s.tokens, i)) {
      i++;
      continue;
    }
    const start = s.tokens[i].start;
    const end = s.tokens[m.end - 1].end;
    found.push({ start, end, text: s.text.slice(start, end), rule: m.value.rule.rule, why: m.value.rule.why, suggestion: m.value.suggestion });
    i = m.end;
  }
  return found;
}

/** A capitalised word inside a sentence ("the Quick Stop button") names a thing; it is not vague wording. */
function isName(tokens: readonly Token[], i: number): boolean {
  const prev = tokens[i - 1];
  const opensSentence = prev === undefined || (prev.kind === 'symbol' && '.!?;:'.includes(prev.text));
  // all capitals are abbreviations the tables list themselves ("TBD", "ALARP")
  return !opensSentence && /^\p{Lu}\p{Ll}/u.test(tokens[i].text);
}

/** The text spans of the phrases in which listed words are precise (terms of art, bounds, ALARP in a safety case). */
function preciseSpans(tokens: readonly Token[], safetyCase: boolean): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  tokens.forEach((_, i) => {
    const m = contexts.match(tokens, i);
    if (m) spans.push({ start: tokens[i].start, end: tokens[m.end - 1].end });
    const a = safetyCase ? phrases.match(tokens, i) : null;
    if (a && alarp.has(tokens.slice(i, a.end).map((t) => t.lower).join(' '))) spans.push({ start: tokens[i].start, end: tokens[a.end - 1].end });
  });
  return spans;
}
