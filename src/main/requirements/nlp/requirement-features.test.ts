// featurize(): wink-nlp lemmas with negated words marked, and the numeric and modal cues, one row per text.
import { describe, expect, it } from 'vitest';
import type { FeatureColumn } from '../../training/model-types';
import { FEATURE_COLUMNS, featurize } from './requirement-features';

const column = (columns: FeatureColumn[], name: string): FeatureColumn['values'] => columns.find((c) => c.name === name)!.values;

describe('featurize', () => {
  it('makes one column per feature name, one row per text, with the raw text kept as it was', () => {
    const texts = ['The pump shall stop.', 'Logs are kept for 30 days.', ''];
    const columns = featurize(texts);
    expect(columns.map((c) => c.name)).toEqual([...FEATURE_COLUMNS]);
    for (const c of columns) expect(c.values.length).toBe(3);
    expect(column(columns, 'text')).toEqual(texts);
  });

  it('lemmatises words and marks the verb a negation governs, so "shall not open" differs from "shall open"', () => {
    const [negated, plain] = column(featurize(['The doors shall not open while the train is moving.', 'The doors shall open when the train stops.']), 'lemmas') as string[];
    expect(negated).toContain('not_open');
    expect(negated).toContain(' be ');
    expect(plain).toContain(' open ');
    expect(plain).not.toContain('not_');
  });

  it('marks only the words near the negator, not the rest of the clause', () => {
    const [lemmas] = column(featurize(['The controller shall not exceed the limit of the pressure sensor reading in the tank.']), 'lemmas') as string[];
    expect(lemmas).toContain('not_exceed');
    expect(lemmas).not.toContain('not_tank');
  });

  it('counts negations and finds numbers and units, attached or not', () => {
    const columns = featurize(['The ECU shall respond within 50 ms.', 'The valve never closes and cannot leak.', 'Response time shall be below 20ms.', 'Version 2 shall be used.']);
    expect(Array.from(column(columns, 'negations') as Float64Array)).toEqual([0, 2, 0, 0]);
    expect(Array.from(column(columns, 'has_number') as Float64Array)).toEqual([1, 0, 1, 1]);
    expect(Array.from(column(columns, 'has_unit') as Float64Array)).toEqual([1, 0, 1, 0]);
  });

  it('takes the strongest modal verb of a requirement as its modal cue, and none when it has none', () => {
    const modal = column(featurize(['The user may print and the printer shall confirm.', 'Alarms should be audible.', 'The display is green.']), 'modal');
    expect(modal).toEqual(['shall', 'should', 'none']);
  });

  it('writes every number as one term, so bounds that differ only in value share it', () => {
    const [a, b] = column(featurize(['Brake within 120 ms.', 'Brake within 80 ms.']), 'lemmas') as string[];
    expect(a).toBe(b);
  });
});
