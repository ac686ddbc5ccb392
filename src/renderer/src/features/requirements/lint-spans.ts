// The editor's lint highlights as pure functions: findings carried over to text typed since they were computed, the
// text cut into highlighted segments, and which suggestions are a plain replacement of their span.
import type { LintFinding } from '../../../../shared/requirements-lint';

/**
 * The findings of `linted` placed on `current` (the text as typed since): a finding before the changed stretch keeps
 * its place, one after it moves with the text, and one that overlaps it is dropped until the next lint answers.
 */
export function rebaseFindings(findings: readonly LintFinding[], linted: string, current: string): LintFinding[] {
  if (linted === current) return [...findings];
  let prefix = 0;
  const shortest = Math.min(linted.length, current.length);
  while (prefix < shortest && linted[prefix] === current[prefix]) prefix++;
  let suffix = 0;
  while (suffix < shortest - prefix && linted[linted.length - 1 - suffix] === current[current.length - 1 - suffix]) suffix++;
  const changedEnd = linted.length - suffix;
  const shift = current.length - linted.length;
  const kept: LintFinding[] = [];
  for (const f of findings) {
    if (f.end <= prefix) kept.push(f);
    else if (f.start >= changedEnd) kept.push({ ...f, start: f.start + shift, end: f.end + shift });
  }
  return kept;
}

export interface HighlightSegment {
  text: string;
  start: number;
  /** the findings whose span covers this segment; empty for plain text */
  findings: LintFinding[];
}

/** The text cut at every finding's start and end, so overlapping findings mark the stretch they share. */
export function highlightSegments(text: string, findings: readonly LintFinding[]): HighlightSegment[] {
  const cuts = new Set([0, text.length]);
  for (const f of findings) {
    cuts.add(Math.min(Math.max(f.start, 0), text.length));
    cuts.add(Math.min(Math.max(f.end, 0), text.length));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: HighlightSegment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [start, end] = [points[i], points[i + 1]];
    segments.push({ text: text.slice(start, end), start, findings: findings.filter((f) => f.start <= start && f.end >= end) });
  }
  return segments;
}

/** Suggestions that tell the author what to do ("name the criterion", "split into two requirements"), not what to write. */
const INSTRUCTION = /^(cite|delete|give|list|name|state|split|repeat|remove|use|replace|define|add|keep|write)\b/i;
/** a rewrite of a whole sentence (the missing-"shall" template) would drop the author's words, so only short spans */
const MAX_REPLACED_WORDS = 4;

/**
 * The text that replaces the finding's span when "apply" is pressed, or null where the suggestion is advice, offers
 * alternatives ("exactly <N> | each", "..., or ...") or rewrites more than a short span. Placeholders such as <N>
 * stay for the author to fill in.
 */
export function plainReplacement(finding: LintFinding): string | null {
  const s = finding.suggestion.trim();
  if (s === '' || INSTRUCTION.test(s) || /[:"()|]/.test(s) || /,\s*or\b/.test(s)) return null;
  if (finding.text.trim().split(/\s+/).length > MAX_REPLACED_WORDS) return null;
  return s;
}

/** The text with the finding's span replaced. */
export function applyReplacement(text: string, finding: LintFinding, replacement: string): string {
  return text.slice(0, finding.start) + replacement + text.slice(finding.end);
}
