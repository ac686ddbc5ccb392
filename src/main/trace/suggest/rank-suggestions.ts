// Ranks candidate links for a requirement: requirements of another level (a parent it refines, a child that refines
// it) and artifacts (datasets, runs, models, evaluations, monitors, drift reports), by the content terms they share,
// weighted by how rare each term is (IDF) and by where the artifact carries it (its name counts more than a column).
// An artifact also carries the terms of the requirements already linked to it, so a project's links teach it: a
// requirement like one linked to a dataset is offered that dataset. Pure: the service and the benchmark feed it alike.
import type { RequirementLevel } from '../../../shared/requirements';
import type { TraceSuggestion, TraceTarget } from '../../../shared/trace';
import type { TraceLinkType } from '../../../shared/trace-matrix';
import { targetKey } from '../links/target-labels';
import { termBag, type TermBag } from './term-bag';

/** Where an artifact carries a term; the weights say how much a shared term there tells. */
export const EVIDENCE_FIELDS = {
  name: { weight: 1.5, says: 'name' },
  description: { weight: 1, says: 'description' },
  tags: { weight: 1, says: 'tags' },
  columns: { weight: 1, says: 'columns' },
  metrics: { weight: 1, says: 'metrics' },
  params: { weight: 0.6, says: 'parameters' },
  // the requirements already linked to it: a hint, weaker than what the artifact says of itself
  linked: { weight: 0.7, says: 'like linked requirements' },
} as const;
export type EvidenceField = keyof typeof EVIDENCE_FIELDS;
/** The fields an artifact states of itself (all but what its links teach), in the order a reason lists ties. */
const ARTIFACT_FIELDS = ['name', 'description', 'tags', 'columns', 'metrics', 'params'] as const;
type ArtifactField = (typeof ARTIFACT_FIELDS)[number];

export interface ArtifactCandidate {
  target: TraceTarget;
  label: string;
  /** the link type a suggestion of it proposes */
  type: TraceLinkType;
  fields: Partial<Record<ArtifactField, readonly string[]>>;
  /** the other versions of its line: a link to (or rejection of) any of them makes a suggestion of it redundant */
  sameAs: readonly TraceTarget[];
}

export interface RequirementCandidate {
  id: string;
  title: string;
  text: string;
  /** its acceptance criteria as written ("recall >= 0.98 on dataset holdout"): they name metrics, datasets and columns */
  criteria: readonly string[];
  level: RequirementLevel | null;
  document: string;
}

/** A link as the ranker needs it: made (live) or rejected. */
export interface LinkKey {
  requirement: string;
  target: TraceTarget;
  type: TraceLinkType;
}

export interface SuggestionInput {
  requirements: readonly RequirementCandidate[];
  artifacts: readonly ArtifactCandidate[];
  /** live links: never suggested again, and their requirements' terms teach their targets */
  links: readonly LinkKey[];
  rejected: readonly LinkKey[];
}

/** Levels from the top: a requirement refines one of a higher level (software and hardware both sit under system). */
const LEVEL_RANK: Record<RequirementLevel, number> = { system: 0, software: 1, hardware: 1, 'ml-component': 2 };
/** How many shared terms a reason quotes per field. */
const QUOTED_TERMS = 4;

interface Weighted {
  /** term -> weight */
  weights: Map<string, number>;
  /** term -> the field that gave its weight and the word written there */
  from: Map<string, { field: EvidenceField | 'text'; word: string }>;
  norm: number;
}

/** One field's terms: a requirement has only its text. */
type Bag = [EvidenceField | 'text', TermBag];

/** A requirement or an artifact as the index holds it: its bags, and its weighted vector once a question reaches it. */
type Entry =
  | { kind: 'requirement'; r: RequirementCandidate; bags: Bag[]; vector: Weighted | null }
  | { kind: 'artifact'; candidate: ArtifactCandidate; bags: Bag[]; keys: string[]; vector: Weighted | null };

const pairKey = (requirement: string, target: TraceTarget): string => `${requirement} ${targetKey(target)}`;
const textsOf = (r: RequirementCandidate): string[] => [r.title, r.text, ...r.criteria];

export class LinkSuggester {
  private readonly idf = new Map<string, number>();
  private readonly entries: Entry[] = [];
  private readonly requirements = new Map<string, Extract<Entry, { kind: 'requirement' }>>();
  /** term -> the entries that carry it: a question looks only at candidates sharing one of its terms */
  private readonly postings = new Map<string, number[]>();
  /** requirement + target keys a suggestion must not repeat: live links (either way round for two requirements) and rejections */
  private readonly taken = new Set<string>();

  constructor(input: SuggestionInput) {
    const cache = new Map<string, string | null>();
    for (const r of input.requirements) {
      const bags: Bag[] = [['text', termBag(textsOf(r), cache)]];
      const entry = { kind: 'requirement' as const, r, bags, vector: null };
      this.requirements.set(r.id, entry);
      this.entries.push(entry);
    }
    const linkedTexts = new Map<string, string[]>();
    for (const l of input.links) {
      const r = this.requirements.get(l.requirement)?.r;
      if (r) linkedTexts.set(targetKey(l.target), [...(linkedTexts.get(targetKey(l.target)) ?? []), ...textsOf(r)]);
    }
    for (const candidate of input.artifacts) {
      const keys = [candidate.target, ...candidate.sameAs].map(targetKey);
      const bags: Bag[] = ARTIFACT_FIELDS.flatMap((field): Bag[] => {
        const texts = candidate.fields[field];
        return texts ? [[field, termBag(texts, cache)]] : [];
      });
      const linked = keys.flatMap((k) => linkedTexts.get(k) ?? []);
      if (linked.length > 0) bags.push(['linked', termBag(linked, cache)]);
      this.entries.push({ kind: 'artifact', candidate, bags, keys, vector: null });
    }
    for (const l of [...input.links, ...input.rejected]) {
      this.taken.add(pairKey(l.requirement, l.target));
      if (l.target.kind === 'requirement') this.taken.add(pairKey(l.target.id, { kind: 'requirement', id: l.requirement }));
    }
    this.index();
  }

  /** The best `limit` candidates for a requirement, best first; empty for a requirement it does not know. */
  suggest(requirement: string, limit: number): TraceSuggestion[] {
    const subject = this.requirements.get(requirement);
    if (!subject) return [];
    const own = this.vectorOf(subject);
    const reached = new Set<number>();
    for (const term of own.weights.keys()) for (const i of this.postings.get(term) ?? []) reached.add(i);
    const found: TraceSuggestion[] = [];
    for (const i of reached) {
      const offer = this.offer(subject.r, this.entries[i]);
      if (offer === null || offer.keys.some((k) => this.taken.has(`${requirement} ${k}`))) continue;
      const vector = this.vectorOf(this.entries[i]);
      const s = similarity(own, vector);
      if (s.score > 0) found.push({ ...offer.suggestion, score: round(s.score), reason: reasonOf(s.shared, vector) });
    }
    return found.sort((a, b) => b.score - a.score || a.label.localeCompare(b.label)).slice(0, limit);
  }

  /** What linking the requirement to an entry would propose, or null when it is no candidate for it. */
  private offer(r: RequirementCandidate, e: Entry): { keys: string[]; suggestion: Omit<TraceSuggestion, 'score' | 'reason'> } | null {
    if (e.kind === 'artifact') return { keys: e.keys, suggestion: { target: e.candidate.target, label: e.candidate.label, type: e.candidate.type } };
    if (e.r.id === r.id) return null;
    const type = requirementLinkType(r, e.r);
    if (type === null) return null;
    const target: TraceTarget = { kind: 'requirement', id: e.r.id };
    const child = type === 'refines' && r.level !== null && e.r.level !== null && LEVEL_RANK[e.r.level] > LEVEL_RANK[r.level];
    return { keys: [targetKey(target)], suggestion: { target, label: `${e.r.id} ${e.r.title}`.trim(), type, ...(child ? { reverse: true as const } : {}) } };
  }

  private vectorOf(e: Entry): Weighted {
    e.vector ??= this.weigh(e.bags);
    return e.vector;
  }

  /** Each term weighs its IDF times the weight of the strongest field that carries it. */
  private weigh(bags: readonly Bag[]): Weighted {
    const weights = new Map<string, number>();
    const from: Weighted['from'] = new Map();
    for (const [field, bag] of bags) {
      const fieldWeight = field === 'text' ? 1 : EVIDENCE_FIELDS[field].weight;
      for (const [term, word] of bag) {
        const w = (this.idf.get(term) ?? 0) * fieldWeight;
        if (w > (weights.get(term) ?? 0)) {
          weights.set(term, w);
          from.set(term, { field, word });
        }
      }
    }
    let sum = 0;
    for (const w of weights.values()) sum += w * w;
    return { weights, from, norm: Math.sqrt(sum) };
  }

  /** Document frequencies (each entry counts a term once), their IDF, and the postings. */
  private index(): void {
    this.entries.forEach((e, i) => {
      const terms = new Set(e.bags.flatMap(([, bag]) => [...bag.keys()]));
      for (const t of terms) {
        const list = this.postings.get(t);
        if (list) list.push(i);
        else this.postings.set(t, [i]);
      }
    });
    const n = this.entries.length;
    for (const [term, list] of this.postings) this.idf.set(term, Math.log(1 + n / list.length));
  }
}

/**
 * The link a requirement would make to another: `refines` a parent of a higher level (or, reversed, a child of a
 * lower one refines it); with a level unknown on either side, `derived-from` one in another document. Two of the same
 * level are alike, not parent and child (near-duplicates are the requirement pairs' business).
 */
function requirementLinkType(r: RequirementCandidate, other: RequirementCandidate): TraceLinkType | null {
  if (r.level !== null && other.level !== null) return LEVEL_RANK[r.level] === LEVEL_RANK[other.level] ? null : 'refines';
  return r.document === other.document ? null : 'derived-from';
}

function similarity(a: Weighted, b: Weighted): { score: number; shared: string[] } {
  if (b.norm === 0) return { score: 0, shared: [] };
  const [small, large] = a.weights.size <= b.weights.size ? [a, b] : [b, a];
  let dot = 0;
  const shared: string[] = [];
  for (const [term, w] of small.weights) {
    const other = large.weights.get(term);
    if (other === undefined) continue;
    dot += w * other;
    shared.push(term);
  }
  return { score: dot / (a.norm * b.norm), shared };
}

/** A word as a reason quotes it: lower case, unless written all in capitals (an acronym: GPU, ECU). */
const shown = (word: string): string => (/^\p{Lu}{2,}$/u.test(word) ? word : word.toLowerCase());

/** "name: holdout; columns: age, sex": the shared terms as the candidate writes them, strongest first, by field. */
function reasonOf(shared: readonly string[], candidate: Weighted): string {
  const byField = new Map<string, { word: string; w: number }[]>();
  for (const term of shared) {
    const origin = candidate.from.get(term);
    if (!origin) continue;
    const says = origin.field === 'text' ? 'shares terms' : EVIDENCE_FIELDS[origin.field].says;
    byField.set(says, [...(byField.get(says) ?? []), { word: shown(origin.word), w: candidate.weights.get(term) ?? 0 }]);
  }
  return [...byField]
    .map(([says, words]) => ({ says, words: words.sort((x, y) => y.w - x.w), best: Math.max(...words.map((x) => x.w)) }))
    .sort((x, y) => y.best - x.best)
    .map(({ says, words }) => `${says}: ${words.slice(0, QUOTED_TERMS).map((x) => x.word).join(', ')}${words.length > QUOTED_TERMS ? ` (+${words.length - QUOTED_TERMS})` : ''}`)
    .join('; ');
}

const round = (x: number): number => Math.max(0.001, Math.round(x * 1000) / 1000);
