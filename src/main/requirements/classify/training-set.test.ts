// A user's labelled CSV (text,label) read strictly: each refusal is one line naming the file, the line and the field.
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test-support/app-error-of';
import { readLabelsCsv } from './training-set';

const refusal = (content: string) => errorOf(() => readLabelsCsv(content, 'mine.csv'));

describe('readLabelsCsv', () => {
  it('reads text and label by their header names, in any order, ignoring other columns', () => {
    expect(readLabelsCsv('label,id,text\nsafety,7,"The pump shall stop, at once."\nlegal,8, The data shall be kept 10 years. \n', 'mine.csv')).toEqual([
      { text: 'The pump shall stop, at once.', label: 'safety' },
      { text: 'The data shall be kept 10 years.', label: 'legal' },
    ]);
  });

  it('refuses a header without a text or a label column', () => {
    expect(refusal('sentence,label\nThe pump shall stop.,safety\n')).toMatchObject({ code: 'BAD_INPUT', where: { file: 'mine.csv', line: 1, field: 'text' } });
    expect(refusal('text,class\nThe pump shall stop.,safety\n')).toMatchObject({ where: { line: 1, field: 'label' } });
  });

  it('refuses an unknown class, naming every class, and an empty text, at their lines', () => {
    const unknown = refusal('text,label\nThe pump shall stop.,safety\nThe lamp shall be blue.,Colour\n');
    expect(unknown).toMatchObject({ code: 'BAD_INPUT', where: { file: 'mine.csv', line: 3, field: 'label' } });
    expect(unknown.message).toBe(
      "mine.csv line 3: 'Colour' in label is not a requirement class; the classes are functional, safety, security, performance, usability, look-and-feel, availability, fault-tolerance, maintainability, portability, scalability, operational, legal, regulatory-compliance.",
    );
    expect(refusal('text,label\n ,safety\n')).toMatchObject({ where: { line: 2, field: 'text' } });
  });

  it('refuses a row with a field too many, a broken quote and a file with no rows, at their lines', () => {
    expect(refusal('text,label\nThe pump shall stop.,safety,extra\n')).toMatchObject({ where: { file: 'mine.csv', line: 2 } });
    const quote = refusal('text,label\nok,safety\n"The pump shall stop.,safety\n');
    expect(quote).toMatchObject({ where: { file: 'mine.csv', line: 3 } });
    expect(quote.message).toBe('mine.csv line 3: a quoted field is never closed.');
    expect(refusal('text,label\n')).toMatchObject({ where: { line: 2 } });
  });
});
