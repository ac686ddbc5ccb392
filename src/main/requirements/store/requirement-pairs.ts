// The stored requirements' duplicate and conflicting pairs, and a person's dismissals of them. A dismissal binds both
// requirements' fingerprints: it hides the pair only while both still say what they said when it was given.
import { fail } from '../../../shared/errors';
import type { PairDismissal, PairRelation, RequirementPairRow } from '../../../shared/requirements-lint';
import type { ProjectStore } from '../../store/project-store';
import { pairKey, RequirementIntelligenceRepo, type StoredDismissal } from '../../store/requirement-intelligence-repo';
import { RequirementsRepo } from '../../store/requirements-repo';
import { embedTexts } from '../embeddings/embed-texts';
import { findPairs } from '../pairs/find-pairs';
import { isHeading, storedRequirements } from './requirements-service';

export interface PairsOptions {
  document?: string;
  /** list dismissed pairs too (marked), not only the open ones */
  dismissed?: boolean;
  /** a sentence-embedding model folder: its vectors add semantic duplicates (embeddings/embed-texts.ts) */
  embeddings?: string;
  /** how many partners each requirement lists (find-pairs.ts partnersKept by default) */
  partners?: number;
}

const dismissalKey = (a: string, b: string, relation: PairRelation): string => `${pairKey(a, b).join('\n')}\n${relation}`;

export async function requirementPairs(store: ProjectStore, options: PairsOptions = {}): Promise<RequirementPairRow[]> {
  const stored = storedRequirements(store, options).filter((r) => !isHeading(r));
  const texts = stored.map(({ row, latest }) => ({ id: row.id, text: latest.text }));
  const vectors = options.embeddings === undefined ? undefined : await embedTexts(options.embeddings, texts.map((t) => t.text));
  const fingerprints = new Map(stored.map(({ row, latest }) => [row.id, latest.fingerprint]));
  const holding = new Set(
    new RequirementIntelligenceRepo(store.db)
      .dismissals()
      .filter((d) => fingerprints.get(d.a) === d.aFingerprint && fingerprints.get(d.b) === d.bFingerprint)
      .map((d) => dismissalKey(d.a, d.b, d.relation)),
  );
  const dismissed = (a: string, b: string, relation: PairRelation) => holding.has(dismissalKey(a, b, relation));
  // dismissed pairs are left out before each requirement keeps its strongest, so they take no open pair's place
  const skip = options.dismissed === true ? undefined : dismissed;
  return findPairs(texts, { vectors, partners: options.partners, skip }).map((p) => ({ ...p, dismissed: dismissed(p.a, p.b, p.relation) }));
}

function fingerprintOf(repo: RequirementsRepo, id: string, field: 'a' | 'b'): string {
  return repo.latest(id)?.fingerprint ?? fail('NOT_FOUND', `No requirement ${id} in this project.`, { where: { field } });
}

/** Remembers that `a` and `b` are not a `relation` pair, while neither changes; dismissing it again replaces the reason. */
export function dismissPair(store: ProjectStore, d: { a: string; b: string; relation: PairRelation; reason: string }): PairDismissal {
  if (d.a === d.b) fail('BAD_INPUT', `A pair needs two requirements; both are ${d.a}.`, { where: { field: 'b' } });
  const requirements = new RequirementsRepo(store.db);
  const intelligence = new RequirementIntelligenceRepo(store.db);
  return store.mutate(
    { action: 'requirements.dismissPair', target: `requirement-pair:${pairKey(d.a, d.b).join('|')}`, details: { relation: d.relation, reason: d.reason } },
    () => {
      const dismissal: StoredDismissal = {
        ...d,
        createdAt: store.now().toISOString(),
        createdBy: store.actor,
        aFingerprint: fingerprintOf(requirements, d.a, 'a'),
        bFingerprint: fingerprintOf(requirements, d.b, 'b'),
      };
      intelligence.putDismissal(dismissal);
      return { a: d.a, b: d.b, relation: d.relation, reason: d.reason, createdAt: dismissal.createdAt, createdBy: dismissal.createdBy };
    },
  );
}

/** Forgets a dismissal, so the pair is listed again; there must be one. */
export function restorePair(store: ProjectStore, p: { a: string; b: string; relation: PairRelation }): void {
  const intelligence = new RequirementIntelligenceRepo(store.db);
  store.mutate({ action: 'requirements.restorePair', target: `requirement-pair:${pairKey(p.a, p.b).join('|')}`, details: { relation: p.relation } }, () => {
    if (!intelligence.deleteDismissal(p.a, p.b, p.relation)) {
      fail('NOT_FOUND', `The ${p.relation} pair ${p.a}, ${p.b} is not dismissed.`, { where: { field: 'relation' } });
    }
  });
}
