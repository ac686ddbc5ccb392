// Splits an acceptance criterion into words, comparison operators and quoted names, each with its column, so every
// parse error can point at the place it found.
import { fail } from './errors';
import { oneLine } from './one-line';

export interface Token {
  /** the word, the operator, or a quoted name without its quotes and escapes */
  text: string;
  quoted: boolean;
  /** 1-based column of its first character */
  column: number;
  /** true when it follows the previous token without a space (`"my data"@3`) */
  glued: boolean;
}

/** Longer than any sensible criterion: a pasted document is refused before it is scanned. */
export const MAX_CRITERION_LENGTH = 1000;

const OPERATOR = /^(>=|<=|>|<)/;

/** Thrown as BAD_INPUT naming the column: every error of the criterion grammar reads the same way. */
export function criterionError(message: string, column: number): never {
  return fail('BAD_INPUT', `acceptance criterion: ${oneLine(message)} at column ${column}`, { where: { column } });
}

export function tokenize(text: string): Token[] {
  if (text.length > MAX_CRITERION_LENGTH) criterionError(`longer than ${MAX_CRITERION_LENGTH} characters`, MAX_CRITERION_LENGTH + 1);
  const tokens: Token[] = [];
  let i = 0;
  let glued = false;
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i += 1;
      glued = false;
      continue;
    }
    const start = i;
    const op = OPERATOR.exec(text.slice(i, i + 2));
    if (op) {
      i += op[0].length;
      tokens.push({ text: op[0], quoted: false, column: start + 1, glued });
    } else if (text[i] === '"') {
      let value = '';
      i += 1;
      for (;;) {
        if (i >= text.length) criterionError('a quoted name has no closing quote', start + 1);
        const c = text[i];
        if (c === '"') break;
        if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
          value += text[i + 1];
          i += 2;
        } else {
          value += c;
          i += 1;
        }
      }
      i += 1;
      tokens.push({ text: value, quoted: true, column: start + 1, glued });
    } else {
      while (i < text.length && !/[\s"<>]/.test(text[i])) i += 1;
      tokens.push({ text: text.slice(start, i), quoted: false, column: start + 1, glued });
    }
    glued = true;
  }
  return tokens;
}

/** A name as a criterion writes it: bare when it reads back as one word, else quoted with `"` and `\` escaped. */
export function quoteName(name: string): string {
  return name !== '' && !/[\s"<>\\]/.test(name) ? name : quoted(name);
}

/** A name in quotes, `"` and `\` escaped: what always reads back as a name, never a keyword. */
export function quoted(name: string): string {
  return `"${name.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
