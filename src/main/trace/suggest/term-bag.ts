// The content terms of a requirement or of an artifact's names (a dataset's columns, a run's metric keys, a model's
// tags), folded as requirement pairs fold them (requirement-terms.ts), each with the word it was first written as, so
// a suggestion's reason quotes "age", not the stem.
import { termsOf } from '../../requirements/pairs/requirement-terms';

/** term -> the word as first written */
export type TermBag = Map<string, string>;

/**
 * Identifiers joined with underscores, dots or camel case ("holdout_v2", "ageGroup", "val.recall") read as words, and a
 * version suffix or a bare number ("v2", "3") names nothing: requirements and artifacts are split the same way.
 */
export function identifierWords(text: string): string[] {
  return text
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !/^v?\d+$/i.test(w));
}

/** The bag of one text, or of several names (each name's words). */
export function termBag(texts: readonly string[], cache: Map<string, string | null> = new Map()): TermBag {
  const bag: TermBag = new Map();
  for (const text of texts) {
    for (const word of identifierWords(text)) {
      const lower = word.toLowerCase();
      let term = cache.get(lower);
      if (term === undefined) {
        // termsOf folds inflections and synonyms and drops stop words; one word gives at most one term
        term = termsOf(lower).terms[0] ?? null;
        cache.set(lower, term);
      }
      if (term !== null && !bag.has(term)) bag.set(term, word);
    }
  }
  return bag;
}
