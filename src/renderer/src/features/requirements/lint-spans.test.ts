import { describe, expect, it } from 'vitest';
import type { LintFinding, LintRule } from '../../../../shared/requirements-lint';
import { applyReplacement, highlightSegments, plainReplacement, rebaseFindings } from './lint-spans';

function finding(text: string, phrase: string, rule: LintRule, suggestion: string): LintFinding {
  const start = text.indexOf(phrase);
  if (start < 0) throw new Error(`${phrase} is not in ${text}`);
  return { start, end: start + phrase.length, text: phrase, rule, why: 'why', suggestion };
}

const linted = 'The pump shall stop quickly and/or alert the nurse.';
const quickly = finding(linted, 'quickly', 'ambiguous-term', 'within <N> ms');
const andOr = finding(linted, 'and/or', 'combinator', '"and" or "or", whichever is meant');

describe('rebaseFindings', () => {
  it('keeps findings before an edit in place and moves those after it by the inserted length', () => {
    const current = 'The infusion pump shall stop quickly and/or alert the nurse.';
    const rebased = rebaseFindings([quickly, andOr], linted, current);
    expect(rebased.map((f) => current.slice(f.start, f.end))).toEqual(['quickly', 'and/or']);
  });

  it('drops a finding whose span the edit touched, until the next lint answers', () => {
    const current = 'The pump shall stop quick and/or alert the nurse.';
    const rebased = rebaseFindings([quickly, andOr], linted, current);
    expect(rebased.map((f) => f.rule)).toEqual(['combinator']);
    expect(current.slice(rebased[0].start, rebased[0].end)).toBe('and/or');
  });

  it('keeps a finding before a deletion at the end', () => {
    const current = 'The pump shall stop quickly and/or';
    expect(rebaseFindings([quickly, andOr], linted, current).map((f) => current.slice(f.start, f.end))).toEqual(['quickly', 'and/or']);
  });
});

describe('highlightSegments', () => {
  it('cuts the text into plain and marked segments that join back to the text', () => {
    const segments = highlightSegments(linted, [quickly, andOr]);
    expect(segments.map((s) => s.text).join('')).toBe(linted);
    expect(segments.filter((s) => s.findings.length > 0).map((s) => s.text)).toEqual(['quickly', 'and/or']);
  });

  it('marks the stretch two overlapping findings share with both', () => {
    const text = 'all users at all times';
    const wide = finding(text, 'all users at all', 'universal-quantifier', 'each user');
    const narrow = finding(text, 'users at', 'vague-pronoun', 'x');
    const shared = highlightSegments(text, [wide, narrow]).find((s) => s.text === 'users at');
    expect(shared?.findings.map((f) => f.rule)).toEqual(['universal-quantifier', 'vague-pronoun']);
  });

  it('clamps a span that reaches past the text (a stale finding) to its end', () => {
    const segments = highlightSegments('short', [{ ...quickly, start: 2, end: 40 }]);
    expect(segments.map((s) => [s.text, s.findings.length])).toEqual([
      ['sh', 0],
      ['ort', 1],
    ]);
  });
});

describe('plainReplacement', () => {
  it('offers a rewrite of a short span, placeholders and all', () => {
    expect(plainReplacement(quickly)).toBe('within <N> ms');
    expect(applyReplacement(linted, quickly, 'within <N> ms')).toBe('The pump shall stop within <N> ms and/or alert the nurse.');
  });

  it('offers nothing for advice, alternatives or a rewrite of the whole sentence', () => {
    expect(plainReplacement(andOr)).toBeNull();
    expect(plainReplacement({ ...quickly, suggestion: 'name the criterion that makes it appropriate' })).toBeNull();
    expect(plainReplacement({ ...quickly, suggestion: 'exactly <N> | each' })).toBeNull();
    expect(plainReplacement({ ...quickly, suggestion: 'fewer than <reference>, or a bound: <N> <unit>' })).toBeNull();
    const sentence = 'The pump stops when the door opens.';
    expect(plainReplacement({ ...finding(sentence, sentence, 'missing-shall', 'The <system> shall <response>') })).toBeNull();
  });
});
