// A small tokenizer for requirement sentences: words, numbers and symbols with their offsets, so every rule can
// report the exact span it found. (wink-nlp would add part-of-speech tags and lemmas; the rule tables do without.)

export type TokenKind = 'word' | 'number' | 'symbol';

export interface Token {
  kind: TokenKind;
  /** the text as written */
  text: string;
  /** lower case, for table look-ups */
  lower: string;
  /** [start, end) in UTF-16 code units of the input */
  start: number;
  end: number;
}

// A word keeps inner hyphens, apostrophes and slashes between letters ("user-friendly", "can't", "and/or");
// a number keeps a decimal part and thousands separators ("1,500.5", and "50 000" as ISO 80000 groups digits);
// any other non-space character stands alone.
const tokenPattern = /(\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?!\d)|\d+(?:[.,]\d+)*)|([\p{L}][\p{L}\p{N}]*(?:['’\-/][\p{L}\p{N}]+)*)|(\S)/gu;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(tokenPattern)) {
    const start = m.index;
    const kind: TokenKind = m[1] !== undefined ? 'number' : m[2] !== undefined ? 'word' : 'symbol';
    tokens.push({ kind, text: m[0], lower: m[0].toLowerCase(), start, end: start + m[0].length });
  }
  return tokens;
}

/**
 * The [start, end) token ranges of the sentences: a sentence ends at '!', '?', ';', or at a '.' before a capital or the
 * end (so "e.g. the" and "etc. and" stay inside one sentence; a decimal point is inside a number token).
 */
export function sentenceRanges(tokens: readonly Token[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let from = 0;
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    const ends = '!?;'.includes(t.text) || (t.text === '.' && (next === undefined || /^[\p{Lu}\d]/u.test(next.text)));
    if (t.kind === 'symbol' && ends) {
      if (i > from) ranges.push([from, i + 1]);
      from = i + 1;
    }
  });
  if (from < tokens.length) ranges.push([from, tokens.length]);
  return ranges;
}

/** The value of a number token: "1,500.5" and "50 000" read as 1500.5 and 50000. */
export function numberValue(token: Token): number {
  return Number(token.text.replace(/[, \u00a0\u2009\u202f]/g, ''));
}

/** Whether the words of phrase (lower case, separated by spaces) stand at token i, one word a token. */
export function phraseAt(tokens: readonly Token[], i: number, phrase: string): boolean {
  return phrase.split(' ').every((w, k) => tokens[i + k]?.lower === w);
}
