// The bounded quantities a requirement states ("at most 200 ms", "at least 5 bar", "between 10 and 20 °C", "= 5 V"),
// as intervals in the base unit of their dimension, so two requirements can be checked for contradicting bounds.
import { numberValue, phraseAt, type Token } from '../lint/tokenize';
import { readUnit, toBase, type Dimension } from './units';

export type Bound = 'max' | 'min' | 'eq' | 'range';

export interface Quantity {
  dimension: Dimension;
  bound: Bound;
  /** the interval the requirement allows, in the dimension's base unit; -Infinity / Infinity where open */
  lo: number;
  hi: number;
  /** as written ("at most 200 ms"), for the reason a user reads */
  text: string;
  /** the unit as written, lower case ("ms") */
  unit: string;
}

// the words just before a number that make it an upper or a lower bound (read right to left, nearest first)
const maxBefore = ['at most', 'within', 'maximum', 'max', 'maximum of', 'up to', 'no more than', 'not more than', 'less than', 'below', 'under', 'not exceed', 'no later than', 'no later', 'no longer than', '≤', '<'];
const minBefore = ['at least', 'minimum', 'min', 'minimum of', 'no less than', 'not less than', 'more than', 'greater than', 'above', 'over', 'exceed', 'exceeds', 'no earlier than', '≥', '>'];
const orAfter = new Map<string, 'max' | 'min'>([
  ['less', 'max'],
  ['fewer', 'max'],
  ['lower', 'max'],
  ['more', 'min'],
  ['greater', 'min'],
  ['higher', 'min'],
]);
const rangeJoin = new Set(['and', 'to', '-', '–']);

/** The bound the words right before token i make, and how many words say it ("not more than": max, 3). */
function boundBefore(tokens: readonly Token[], i: number): { bound: 'max' | 'min' | 'eq'; words: number } {
  // the longest phrase decides: "not more than" is a max, not a min ("more than")
  const longest = (phrases: string[]) => Math.max(0, ...phrases.filter((p) => phraseAt(tokens, i - p.split(' ').length, p)).map((p) => p.split(' ').length));
  const max = longest(maxBefore);
  const min = longest(minBefore);
  if (max === 0 && min === 0) return { bound: 'eq', words: 0 };
  return max >= min ? { bound: 'max', words: max } : { bound: 'min', words: min };
}

export function quantitiesOf(tokens: readonly Token[], text: string): Quantity[] {
  const found: Quantity[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].kind !== 'number') continue;
    const value = numberValue(tokens[i]);
    const joiner = tokens[i + 1];
    // "between 10 and 20 ms", "10-20 ms": the range takes the unit of its upper end
    if (joiner !== undefined && rangeJoin.has(joiner.lower) && tokens[i + 2]?.kind === 'number') {
      const unit = readUnit(tokens, i + 3);
      if (unit) {
        const upper = numberValue(tokens[i + 2]);
        const [lo, hi] = [toBase(value, unit.unit), toBase(upper, unit.unit)].sort((a, b) => a - b);
        const from = tokens[i - 1]?.lower === 'between' || tokens[i - 1]?.lower === 'from' ? i - 1 : i;
        found.push({ dimension: unit.unit.dimension, bound: 'range', lo, hi, text: spanText(tokens, text, from, unit.end), unit: unitText(tokens, i + 3, unit.end) });
        i = unit.end - 1;
        continue;
      }
    }
    const unit = readUnit(tokens, i + 1);
    if (!unit) continue;
    const v = toBase(value, unit.unit);
    // "5 s or less", "3 bar or more": the bound follows the number
    const after = tokens[unit.end]?.lower === 'or' ? orAfter.get(tokens[unit.end + 1]?.lower ?? '') : undefined;
    const before = boundBefore(tokens, i);
    const bound = after ?? before.bound;
    const lo = bound === 'max' ? -Infinity : v;
    const hi = bound === 'min' ? Infinity : v;
    const end = after === undefined ? unit.end : unit.end + 2;
    found.push({ dimension: unit.unit.dimension, bound, lo, hi, text: spanText(tokens, text, i - before.words, end), unit: unitText(tokens, i + 1, unit.end) });
    i = unit.end - 1;
  }
  return found;
}

function spanText(tokens: readonly Token[], text: string, from: number, to: number): string {
  return text.slice(tokens[from].start, tokens[to - 1].end);
}

function unitText(tokens: readonly Token[], from: number, to: number): string {
  return tokens
    .slice(from, to)
    .map((t) => t.lower)
    .join('');
}

/**
 * The numbers no known unit follows ("after 3 failed attempts", "up to 1000 records", "18 foo"), in order, as
 * written: two requirements that differ in one never say the same thing, whatever the unit.
 */
export function bareNumbers(tokens: readonly Token[]): string[] {
  return tokens.flatMap((t, i) => {
    if (t.kind !== 'number' || readUnit(tokens, i + 1)) return [];
    const rangeStart = rangeJoin.has(tokens[i + 1]?.lower ?? '') && tokens[i + 2]?.kind === 'number' && readUnit(tokens, i + 3);
    return rangeStart ? [] : [String(numberValue(t))];
  });
}
