import { describe, expect, it } from 'vitest';
import { sentenceRanges, tokenize } from './tokenize';

describe('tokenize', () => {
  it('keeps hyphenated words, and/or, contractions, units with slashes and decimal numbers whole, with their offsets', () => {
    const text = "It's user-friendly and/or 1,500.5 km/h, 20 °C.";
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.text)).toEqual(["It's", 'user-friendly', 'and/or', '1,500.5', 'km/h', ',', '20', '°', 'C', '.']);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
    expect(tokens[3].kind).toBe('number');
  });

  it('splits sentences at a full stop before a capital, not inside "e.g. the" or a decimal number', () => {
    const tokens = tokenize('The pump shall stop, e.g. the main pump, within 1.5 s. The valve shall close; the fan shall stop');
    const sentences = sentenceRanges(tokens).map(([from, to]) => tokens.slice(from, to).map((t) => t.text).join(' '));
    expect(sentences).toEqual([
      'The pump shall stop , e . g . the main pump , within 1.5 s .',
      'The valve shall close ;',
      'the fan shall stop',
    ]);
  });
});
