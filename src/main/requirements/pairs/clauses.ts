// Which words of a requirement name its actor (the system that shall act: the words before the modal verb, or a
// passive's "by" phrase), which its leading condition ("When ..., ", "If ..., then") and which what it shall do, so
// that a pair is only judged between two requirements of one actor: "The Harbor battery management system shall keep
// X" and "The Harbor flight management system shall not keep X" share every other word and contradict nothing.
import type { Token } from '../lint/tokenize';

export type Role = 'actor' | 'condition' | 'predicate';

/** Words that open a condition clause (a "shall not" under its own condition is an exception, not a contradiction). */
export const conditionWords = new Set(['if', 'when', 'while', 'where', 'unless', 'except', 'during', 'once']);
const modals = new Set(['shall', 'must', 'will', 'should', 'may', 'can', 'cannot', 'could', 'would']);
// "The default language is English": without a modal verb, the first "is" or "are" ends the actor
const copulas = new Set(['is', 'are']);
// a passive's agent runs from "by" to the next function word or mark ("by the cooling fan controller of a ...")
const agentEnds = new Set(
  'of to in on at for with from into within when if while where unless and or that which who after before during until upon per as than'.split(' '),
);
const negations = new Set(['not', 'never']);

/**
 * The role of each token, or null when the sentence does not say where its actor is: no modal verb (nor "is"), or a
 * leading condition without the comma or "then" that ends it ("When the door opens the pump shall stop").
 */
export function rolesOf(tokens: readonly Token[]): Role[] | null {
  const roles: Role[] = tokens.map(() => 'predicate');
  let start = 0;
  while (conditionWords.has(tokens[start]?.lower ?? '')) {
    let end = start + 1;
    while (end < tokens.length && tokens[end].text !== ',' && tokens[end].lower !== 'then') end++;
    if (end === tokens.length) return null;
    if (tokens[end].text === ',' && tokens[end + 1]?.lower === 'then') end++;
    roles.fill('condition', start, end + 1);
    start = end + 1;
  }
  const modal = firstOf(tokens, start, modals) ?? firstOf(tokens, start, copulas);
  if (modal === null) return null;
  // "The pump, when the door opens, shall stop": a condition inside the actor's span is a condition
  let segment: Role = 'actor';
  for (let i = start; i < modal; i++) {
    if (tokens[i].text === ',') segment = conditionWords.has(tokens[i + 1]?.lower ?? '') ? 'condition' : 'actor';
    roles[i] = segment;
  }
  const agent = passiveAgent(tokens, modal);
  if (agent !== null) {
    for (let i = start; i < modal; i++) if (roles[i] === 'actor') roles[i] = 'predicate';
    roles.fill('actor', agent[0], agent[1]);
  }
  return roles;
}

function firstOf(tokens: readonly Token[], from: number, words: ReadonlySet<string>): number | null {
  for (let i = from; i < tokens.length; i++) if (tokens[i].kind === 'word' && words.has(tokens[i].lower)) return i;
  return null;
}

/**
 * The [start, end) of a passive's agent after the modal at `modal` ("shall be logged by the ECU"), or null. "By"
 * before a gerund says how, not who ("shall be started by pressing the button").
 */
function passiveAgent(tokens: readonly Token[], modal: number): [number, number] | null {
  let i = modal + 1;
  while (negations.has(tokens[i]?.lower ?? '')) i++;
  if (tokens[i]?.lower !== 'be') return null;
  const by = tokens.findIndex((t, k) => k > i && t.lower === 'by');
  const first = by < 0 ? undefined : tokens[by + 1];
  if (first === undefined || first.lower.endsWith('ing')) return null;
  let end = by + 1;
  while (end < tokens.length && tokens[end].kind === 'word' && !agentEnds.has(tokens[end].lower) && !modals.has(tokens[end].lower)) end++;
  return end > by + 1 ? [by + 1, end] : null;
}
