// The acceptance-criteria editor's lines as typed: each checked by the shared grammar as it is written (the error
// with its column, or the canonical text), and matched to the stored criterion it reads as, for that one's verdict.
import type { CriterionResult } from '../../../../shared/acceptance-criteria';
import { AppFailure } from '../../../../shared/errors';
import { formatCriterion } from '../../../../shared/format-criterion';
import { parseCriterion } from '../../../../shared/parse-criterion';
import type { RequirementCriterionInfo } from '../../../../shared/trace';

export interface DraftLine {
  text: string;
  /** the canonical text it reads as; null when blank or when it does not parse */
  canonical: string | null;
  /** why it does not parse: "expected a comparison (>=, <=, >, <), found 'is' at column 8"; null otherwise */
  error: string | null;
  /** the stored verdict of the criterion it reads as; null when it is not stored (or not yet saved) */
  result: CriterionResult | null;
}

const PREFIX = 'acceptance criterion: ';

export function checkLines(lines: readonly string[], stored: readonly RequirementCriterionInfo[]): DraftLine[] {
  const verdicts = new Map(stored.map((c) => [c.text, c.result]));
  return lines.map((text) => {
    if (text.trim() === '') return { text, canonical: null, error: null, result: null };
    try {
      const canonical = formatCriterion(parseCriterion(text));
      return { text, canonical, error: null, result: verdicts.get(canonical) ?? null };
    } catch (e) {
      if (!(e instanceof AppFailure)) throw e;
      // the editor shows it under its own line: the grammar's name for itself adds nothing there
      const message = e.error.message.startsWith(PREFIX) ? e.error.message.slice(PREFIX.length) : e.error.message;
      return { text, canonical: null, error: message, result: null };
    }
  });
}

/** The texts Save sends (blank lines left out), or null when a line does not parse or nothing changed. */
export function textsToSave(lines: readonly DraftLine[], stored: readonly RequirementCriterionInfo[]): string[] | null {
  if (lines.some((l) => l.error !== null)) return null;
  const texts = lines.flatMap((l) => (l.canonical === null ? [] : [l.text.trim()]));
  const canonical = lines.flatMap((l) => (l.canonical === null ? [] : [l.canonical]));
  const same = canonical.length === stored.length && canonical.every((c, i) => c === stored[i].text);
  return same ? null : texts;
}
