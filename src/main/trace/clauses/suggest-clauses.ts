// Ranks a checklist's items for a requirement or an artifact's description by the terms they share: each clause's
// title plus the keywords we gave it (resources/standards/README.md), folded as requirement pairs fold them
// (stop words out, inflections and synonyms folded), weighted by rarity in the checklist (a term every clause has
// says little), and scored by cosine similarity. A multi-word keyword counts only when all its words are there, and a
// clause needs two shared terms at least: a single word is too weak a sign.
// No model: the reason names the words that matched, so a person can judge a suggestion at a glance.
import type { ClauseChecklist, ClauseSuggestion, EvidenceKind } from '../../../shared/standards';
import { termsOf } from '../../requirements/pairs/requirement-terms';
import { appliesAt, checklistTree, checkLevel, type ClauseNode } from './checklist-tree';

export interface SuggestOptions {
  /** at most this many (default 5) */
  limit?: number;
  /** drop weaker matches (default 0.15): one shared common word is not a suggestion */
  minScore?: number;
  /** only clauses that list this evidence kind: what an artifact of that kind could cover */
  evidenceKind?: EvidenceKind;
  /** only clauses that apply at this level */
  level?: string | null;
}

interface Keyword {
  written: string;
  terms: string[];
}

interface ClauseTerms {
  node: ClauseNode;
  /** title term -> the title's word that gave it, for the reason */
  title: Map<string, string>;
  keywords: Keyword[];
  /** every term of the title and the keywords */
  all: Set<string>;
}

interface Prepared {
  clauses: ClauseTerms[];
  /** inverse document frequency over the checklist's items */
  idf: Map<string, number>;
}

const prepared = new WeakMap<ClauseChecklist, Prepared>();

function titleTerms(title: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const word of title.split(/[\s,;:()]+/)) {
    const [term] = termsOf(word).terms;
    if (term !== undefined && !out.has(term)) out.set(term, word.toLowerCase());
  }
  return out;
}

function prepare(checklist: ClauseChecklist): Prepared {
  const known = prepared.get(checklist);
  if (known) return known;
  const items = checklistTree(checklist).nodes.filter((n) => n.children.length === 0);
  const clauses = items.map((node): ClauseTerms => {
    const { clause } = node;
    const title = titleTerms(clause.title);
    const keywords = (clause.keywords ?? []).map((written) => ({ written, terms: termsOf(written).terms })).filter((k) => k.terms.length > 0);
    return { node, title, keywords, all: new Set([...title.keys(), ...keywords.flatMap((k) => k.terms)]) };
  });
  const df = new Map<string, number>();
  for (const c of clauses) for (const t of c.all) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = new Map([...df].map(([t, n]) => [t, Math.log(1 + clauses.length / n)]));
  const result = { clauses, idf };
  prepared.set(checklist, result);
  return result;
}

function norm(terms: Iterable<string>, idf: Map<string, number>): number {
  let sum = 0;
  for (const t of terms) sum += (idf.get(t) ?? 0) ** 2;
  return Math.sqrt(sum);
}

function reasonOf(titleWords: string[], keywords: string[]): string {
  const parts = [
    ...(titleWords.length ? [`title: ${titleWords.join(', ')}`] : []),
    ...(keywords.length ? [`keywords: ${keywords.join(', ')}`] : []),
  ];
  return `shares ${parts.join('; ')}`;
}

export function suggestClauses(text: string, checklist: ClauseChecklist, options: SuggestOptions = {}): ClauseSuggestion[] {
  const { limit = 5, minScore = 0.15, evidenceKind, level = null } = options;
  checkLevel(checklist, level);
  const { clauses, idf } = prepare(checklist);
  // terms the checklist never uses say nothing about which clause fits, so they stay out of the text's norm
  const textTerms = new Set(termsOf(text).terms.filter((t) => idf.has(t)));
  const textNorm = norm(textTerms, idf);
  if (textNorm === 0) return [];
  const out: ClauseSuggestion[] = [];
  for (const c of clauses) {
    if (evidenceKind !== undefined && !(c.node.clause.evidence ?? []).includes(evidenceKind)) continue;
    if (!appliesAt(c.node, level)) continue;
    const keywords = c.keywords.filter((k) => k.terms.every((t) => textTerms.has(t)));
    const matched = new Set([...[...c.title.keys()].filter((t) => textTerms.has(t)), ...keywords.flatMap((k) => k.terms)]);
    // one shared term alone ("vehicle", "training", "use") is too weak a sign: over the shipped labelled requirements it
    // mostly tied product requirements to process clauses they have nothing to do with
    if (matched.size < 2) continue;
    const score = norm(matched, idf) ** 2 / (norm(c.all, idf) * textNorm);
    if (score < minScore) continue;
    const titleWords = [...c.title].filter(([t]) => matched.has(t)).map(([, w]) => w);
    out.push({
      clause: c.node.clause.id,
      title: c.node.clause.title,
      score: Math.round(score * 1000) / 1000,
      matched: [...matched].sort(),
      reason: reasonOf(titleWords, keywords.map((k) => k.written)),
    });
  }
  // best first; ties in the checklist's order, so the answer is stable
  return out.sort((a, b) => b.score - a.score).slice(0, limit);
}
