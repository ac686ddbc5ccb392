import { describe, expect, it } from 'vitest';
import { booleanLabels, spellBooleanTarget } from './boolean-target';

describe('booleanLabels', () => {
  it('reads a boolean target as the false / true or no / yes the classifiers predict, spelt as they spell it', () => {
    expect(booleanLabels(['yes', 'no', 'yes'])).toEqual(['no', 'yes']);
    expect(booleanLabels(['TRUE', 'False'])).toEqual(['False', 'TRUE']);
    // every row predicted alike: the other label takes the plain spelling
    expect(booleanLabels(['Yes'])).toEqual(['no', 'Yes']);
  });

  it('leaves other labels alone, so the target reads as 0 and 1', () => {
    expect(booleanLabels(['0', '1'])).toBeNull();
    expect(booleanLabels(['yes', 'no', 'maybe'])).toBeNull();
    expect(booleanLabels(['yes', 'false'])).toBeNull();
  });
});

describe('spellBooleanTarget', () => {
  it('spells a boolean target as the yes / no the model predicts, and leaves it as numbers when the model predicts 0 / 1', () => {
    const y = { name: 'y', kind: 'numeric', values: Float64Array.from([1, 0, NaN]) } as const;
    expect(spellBooleanTarget(y, 'boolean', ['Yes', 'no'])).toEqual({ name: 'y', kind: 'categorical', values: ['Yes', 'no', null] });
    expect(spellBooleanTarget(y, 'boolean', ['1', '0'])).toBe(y);
    expect(spellBooleanTarget(y, 'numeric', ['yes', 'no'])).toBe(y);
  });
});
