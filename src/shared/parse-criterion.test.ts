import { describe, expect, it } from 'vitest';
import type { AcceptanceCriterion } from './acceptance-criteria';
import { AppFailure } from './errors';
import { formatCriterion } from './format-criterion';
import { parseCriteria, parseCriterion } from './parse-criterion';

/** The one-line error a criterion's parse throws, with its column. */
function parseError(text: string): { code: string; message: string; column: number | undefined } {
  try {
    parseCriterion(text);
  } catch (e) {
    if (e instanceof AppFailure) return { code: e.error.code, message: e.error.message, column: e.error.where?.column };
    throw e;
  }
  throw new Error(`parsed: ${text}`);
}

describe('parseCriterion', () => {
  it('reads every kind of criterion the issue names into its typed form', () => {
    const cases: [string, AcceptanceCriterion][] = [
      ['recall >= 0.98 on dataset holdout', { kind: 'metric', metric: 'recall', op: '>=', threshold: 0.98, dataset: { name: 'holdout', version: null } }],
      ['accuracy >= 0.9 on dataset assays@3', { kind: 'metric', metric: 'accuracy', op: '>=', threshold: 0.9, dataset: { name: 'assays', version: 3 } }],
      ['f1_macro >= 0.8', { kind: 'metric', metric: 'f1_macro', op: '>=', threshold: 0.8, dataset: null }],
      ['p95 latency <= 20 ms on provider webgpu', { kind: 'latency', statistic: 'p95', op: '<=', thresholdMs: 20, provider: 'webgpu', batchSize: null }],
      ['mean latency < 4.5 ms batch 32', { kind: 'latency', statistic: 'mean', op: '<', thresholdMs: 4.5, provider: null, batchSize: 32 }],
      ['no drift in column age in the last window', { kind: 'no-drift', column: 'age', scope: 'latest_window' }],
      ['no drift in column age', { kind: 'no-drift', column: 'age', scope: 'report' }],
      ['no dataset drift in any window', { kind: 'no-drift', column: null, scope: 'any_window' }],
      ['drift share <= 0.3', { kind: 'drift-share', op: '<=', threshold: 0.3, scope: 'report' }],
      ['demographic parity difference <= 0.1 on sex', { kind: 'fairness', disparity: 'demographicParityDifference', op: '<=', threshold: 0.1, attribute: 'sex' }],
      ['equalized odds difference <= 0.05 on sex', { kind: 'fairness', disparity: 'equalizedOddsDifference', op: '<=', threshold: 0.05, attribute: 'sex' }],
      ['demographic parity ratio >= 0.8 on "age band"', { kind: 'fairness', disparity: 'demographicParityRatio', op: '>=', threshold: 0.8, attribute: 'age band' }],
    ];
    for (const [text, criterion] of cases) expect(parseCriterion(text), text).toEqual(criterion);
  });

  it('takes keywords in any case, operators without spaces and the latency qualifiers in either order', () => {
    expect(parseCriterion('P99 Latency<=20 MS BATCH 8 On Provider CUDA')).toEqual({ kind: 'latency', statistic: 'p99', op: '<=', thresholdMs: 20, provider: 'cuda', batchSize: 8 });
    expect(parseCriterion('  Recall>0.9   ')).toEqual({ kind: 'metric', metric: 'Recall', op: '>', threshold: 0.9, dataset: null });
  });

  it('keeps names as written: quoted with spaces and escapes, a keyword as a column name, a version after a quoted dataset', () => {
    expect(parseCriterion('no drift in column "blood \\"pressure\\" \\\\ mmHg"')).toMatchObject({ column: 'blood "pressure" \\ mmHg' });
    expect(parseCriterion('no drift in column in in any window')).toEqual({ kind: 'no-drift', column: 'in', scope: 'any_window' });
    expect(parseCriterion('no drift in column Age')).toMatchObject({ column: 'Age' });
    expect(parseCriterion('"no" >= 1')).toMatchObject({ kind: 'metric', metric: 'no' });
    expect(parseCriterion('rmse < 3 on dataset "blood tests"@12')).toMatchObject({ dataset: { name: 'blood tests', version: 12 } });
    expect(parseCriterion('rmse < 3 on dataset "blood tests@12"')).toMatchObject({ dataset: { name: 'blood tests', version: 12 } });
  });
});

describe('formatCriterion', () => {
  it('round-trips: the canonical text parses back to the same criterion, and formatting it again changes nothing', () => {
    const texts = [
      'recall >= 0.98 on dataset holdout',
      'accuracy >= 0.9 on dataset assays@3',
      'f1_macro >= 0.8',
      'rmse < 1e-7',
      'r2 > -0.5',
      'p95 latency <= 20 ms on provider webgpu',
      'p50 latency < 0.25 ms on provider cpu batch 1',
      'mean latency <= 3 ms batch 64',
      'p99 latency >= 0 ms',
      'no drift in column age in the last window',
      'no drift in column "first name" in any window',
      'no drift in column "say \\"hi\\"\\\\"',
      'no drift in column "<tab>"',
      'no dataset drift',
      'no dataset drift in the last window',
      'drift share <= 0.3',
      'drift share < 1 in any window',
      'demographic parity difference <= 0.1 on sex',
      'demographic parity ratio >= 0.8 on "ethnic group"',
      'true positive rate difference <= 0.05 on sex',
      'false positive rate difference <= 0.05 on sex',
      'equalized odds difference <= 0.05 on sex',
      'accuracy >= 0.9 on dataset "blood tests"@3',
      'accuracy >= 0.9 on dataset "blood tests"',
      'val_recall >= 0.95',
      'eval/loss <= 0.3',
      '"val loss" <= 0.3',
      '"no" >= 1',
      '"True" >= 1',
      '"drift" < 2',
    ];
    for (const text of texts) {
      const parsed = parseCriterion(text);
      expect(formatCriterion(parsed), text).toBe(text);
      expect(parseCriterion(formatCriterion(parsed))).toEqual(parsed);
    }
  });

  it('round-trips awkward names: keywords, quotes, backslashes, operators, spaces, @ and line breaks', () => {
    const names = ['in', 'on', 'batch', 'window', 'no', 'drift', 'mean', 'p95', 'equalized', 'a b', 'say "hi"', 'back\\slash\\', 'a<b', '>=', 'x@1', 'two\nlines', ' padded ', 'ü-ß', '"'];
    for (const n of names) {
      const criteria: AcceptanceCriterion[] = [
        { kind: 'metric', metric: n, op: '<', threshold: 1, dataset: null },
        { kind: 'no-drift', column: n, scope: 'any_window' },
        { kind: 'fairness', disparity: 'truePositiveRateDifference', op: '<=', threshold: 0.2, attribute: n },
      ];
      for (const c of criteria) expect(parseCriterion(formatCriterion(c)), JSON.stringify(c)).toEqual(c);
    }
  });

  it('writes a loosely typed criterion in its canonical form', () => {
    expect(formatCriterion(parseCriterion('P95   LATENCY<=20.0 ms   batch 8 on provider WEBGPU'))).toBe('p95 latency <= 20 ms on provider webgpu batch 8');
    expect(formatCriterion(parseCriterion('Accuracy >= .90 ON DATASET "assays@3"'))).toBe('Accuracy >= 0.9 on dataset assays@3');
    expect(formatCriterion(parseCriterion('no drift in column "age"'))).toBe('no drift in column age');
  });
});

describe('parse errors', () => {
  it('name what was expected, what was found and the 1-based column, on one line', () => {
    const cases: [string, string, number][] = [
      ['', 'an acceptance criterion is empty', 1],
      ['   ', 'an acceptance criterion is empty', 1],
      ['>= 0.9', "expected a metric, a latency, a fairness difference or a drift criterion (for example", 1],
      ['"" >= 0.9', 'expected a metric', 1],
      ['true >= 1', "expected 'positive', found '>='", 6],
      ['9lives >= 1', 'expected a metric', 1],
      ['recall', 'expected a comparison (>=, <=, >, <), found the end', 7],
      ['recall = 0.9', "expected a comparison (>=, <=, >, <), found '='", 8],
      ['recall >= high', "expected a number, found 'high'", 11],
      ['recall >= 1e999', "expected a number, found '1e999'", 11],
      ['recall >= 0.9 on holdout', "expected 'dataset', found 'holdout'", 18],
      ['recall >= 0.9 on dataset', 'expected a dataset name, found the end', 25],
      ['recall >= 0.9 on dataset holdout@0', "a dataset version is a whole number from 1, not '0'", 34],
      ['recall >= 0.9 on dataset @2', 'a dataset name is empty', 26],
      ['recall >= 0.9 on dataset holdout extra', "expected the end of the criterion, found 'extra'", 34],
      ['p95 latency <= 20', "expected 'ms', found the end", 18],
      ['p95 latency <= -1 ms', "expected a latency in ms, found '-1'", 16],
      ['p95 latency <= 20 ms on provider tpu', "expected a provider (cpu, webgpu, cuda), found 'tpu'", 34],
      ['p95 latency <= 20 ms batch 0', "expected a batch size (a whole number from 1), found '0'", 28],
      ['p95 latency <= 20 ms batch 2.5', "expected a batch size (a whole number from 1), found '2.5'", 28],
      ['p95 latency <= 20 ms batch 2 batch 4', "expected the end of the criterion ('batch' is given twice), found 'batch'", 30],
      ['p95 latency <= 20 ms on gpu', "expected 'provider', found 'gpu'", 25],
      ['no', "expected 'drift in column NAME' or 'dataset drift', found the end", 3],
      ['no drift on age', "expected 'in', found 'on'", 10],
      ['no drift in age', "expected 'column', found 'age'", 13],
      ['no drift in column', 'expected a column name, found the end', 19],
      ['no drift in column ""', 'a column name is empty', 20],
      ['no drift in column age in the first window', "expected 'last', found 'first'", 31],
      ['no drift in column age in some window', "expected 'the last window' or 'any window', found 'some'", 27],
      ['no dataset', "expected 'drift', found the end", 11],
      ['drift <= 0.3', "expected 'share', found '<='", 7],
      ['drift share <= 1.5', "expected a share between 0 and 1, found '1.5'", 16],
      ['demographic parity <= 0.1 on sex', "expected 'difference' or 'ratio', found '<='", 20],
      ['equalized odds difference <= 0.05', "expected 'on' and the sensitive attribute ('equalized odds difference <= 0.1 on sex'), found the end", 34],
      ['equalized odds difference <= 0.05 on', 'expected the sensitive attribute, found the end', 37],
      ['no drift in column a<b', "expected the end of the criterion, found '<'", 21],
      ['no drift in column "age', 'a quoted name has no closing quote', 20],
      ['x'.repeat(1001), 'longer than 1000 characters', 1001],
    ];
    for (const [text, message, column] of cases) {
      const error = parseError(text);
      expect(error.code, text).toBe('BAD_INPUT');
      expect(error.message, text).toContain(message);
      expect(error.message, text).toMatch(new RegExp(`^acceptance criterion: .* at column ${column}$`));
      expect(error.column, text).toBe(column);
      expect(error.message).not.toContain('\n');
    }
  });

  it('print a name holding a line break as an escape, so the error stays one line', () => {
    expect(parseError('recall >= "a\nb"').message).toContain('found "a\\nb" at column 11');
  });
});

describe('parseCriteria', () => {
  it('reads one criterion a line, skipping blank lines, whatever the line ends', () => {
    expect(parseCriteria('recall >= 0.98 on dataset holdout\r\n\n  \np95 latency <= 20 ms\nno dataset drift\n')).toEqual([
      parseCriterion('recall >= 0.98 on dataset holdout'),
      parseCriterion('p95 latency <= 20 ms'),
      parseCriterion('no dataset drift'),
    ]);
    expect(parseCriteria('')).toEqual([]);
  });

  it('names the line and the column of the first bad criterion', () => {
    try {
      parseCriteria('recall >= 0.98\n\np95 latency <= 20\nno drift');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppFailure);
      if (!(e instanceof AppFailure)) return;
      expect(e.error).toEqual({ code: 'BAD_INPUT', message: "line 3: acceptance criterion: expected 'ms', found the end at column 18", where: { line: 3, column: 18 } });
    }
  });
});
