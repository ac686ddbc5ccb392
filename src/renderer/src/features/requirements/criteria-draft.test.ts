import { describe, expect, it } from 'vitest';
import type { CriterionResult } from '../../../../shared/acceptance-criteria';
import { parseCriterion } from '../../../../shared/parse-criterion';
import type { RequirementCriterionInfo } from '../../../../shared/trace';
import { checkLines, textsToSave } from './criteria-draft';

const failing: CriterionResult = { status: 'fail', observation: null, value: 0.9, reason: 'recall 0.9 < 0.98 on holdout@2 (eval-1)' };
const stored: RequirementCriterionInfo[] = [{ text: 'recall >= 0.98 on dataset holdout', criterion: parseCriterion('recall >= 0.98 on dataset holdout'), result: failing }];

describe('the acceptance-criteria draft', () => {
  it('gives a line that reads as a stored criterion its verdict, however it is spaced or cased', () => {
    const [line] = checkLines(['recall>=0.98 ON DATASET holdout'], stored);
    expect(line).toEqual({ text: 'recall>=0.98 ON DATASET holdout', canonical: 'recall >= 0.98 on dataset holdout', error: null, result: failing });
  });

  it('says why a line does not parse, with its column, and has no verdict for a new line', () => {
    const [bad, fresh, blank] = checkLines(['recall is high', 'p95 latency <= 20 ms', '  '], stored);
    expect(bad).toMatchObject({ canonical: null, error: "expected a comparison (>=, <=, >, <), found 'is' at column 8", result: null });
    expect(fresh).toMatchObject({ canonical: 'p95 latency <= 20 ms', error: null, result: null });
    expect(blank).toEqual({ text: '  ', canonical: null, error: null, result: null });
  });

  it('saves the lines as typed without blanks, and nothing while a line is wrong or nothing changed', () => {
    expect(textsToSave(checkLines(['recall >= 0.98 on dataset  holdout', ''], stored), stored)).toBeNull();
    expect(textsToSave(checkLines(['recall >= 0.98 on dataset holdout', 'recall is'], stored), stored)).toBeNull();
    expect(textsToSave(checkLines([' recall >= 0.98 on dataset holdout', '', 'no drift in column age '], stored), stored)).toEqual(['recall >= 0.98 on dataset holdout', 'no drift in column age']);
    expect(textsToSave(checkLines([''], stored), stored)).toEqual([]);
  });
});
