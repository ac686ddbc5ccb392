import { describe, expect, it } from 'vitest';
import type { RequirementPair, RequirementText } from '../../../shared/requirements-lint';
import { mulberry32 } from '../../training/splits';
import { findPairs, findPairsCounted, partnersKept } from './find-pairs';
import { termsOf } from './requirement-terms';
import { scanSemanticPairs } from './semantic-pairs';
import { similarGroups } from './similar-pairs';

const note = /; (\S+) has (up to )?([\d,]+) more pairs not listed \(each requirement lists its (\d+) strongest\)/g;

/** Each requirement's pairs, by id. */
function pairsOf(pairs: readonly RequirementPair[]): Map<string, RequirementPair[]> {
  const of = new Map<string, RequirementPair[]>();
  for (const p of pairs) {
    for (const id of [p.a, p.b]) {
      const mine = of.get(id);
      if (mine) mine.push(p);
      else of.set(id, [p]);
    }
  }
  return of;
}

/** The notes in the reasons: id -> [the count, whether it is a bound ("up to")]. */
function notesOf(pairs: readonly RequirementPair[]): Map<string, [number, boolean]> {
  const notes = new Map<string, [number, boolean]>();
  for (const p of pairs) for (const m of p.reason.matchAll(note)) notes.set(m[1], [Number(m[3].replaceAll(',', '')), m[2] !== undefined]);
  return notes;
}

/** Words the tokenizer reads as words, distinct for each i. */
const word = (i: number) => Array.from(String(i), (d) => 'kamulotesi'.slice(Number(d), Number(d) + 2)).join('') + 'x';

describe('findPairs on near-identical requirements', () => {
  it('lists at most n x partnersKept pairs for 5,000 requirements that differ only in a number, each copy beside its original', () => {
    const n = 5000;
    const requirements = Array.from({ length: n }, (_, i) => ({ id: `P${i}`, text: `The pump shall deliver ${10 + (i % 997)} l/min.` }));
    const started = performance.now();
    const { pairs, comparisons } = findPairsCounted(requirements);
    const seconds = (performance.now() - started) / 1000;
    expect(pairs.length).toBeLessThanOrEqual(n * partnersKept);
    expect(comparisons).toBeLessThan(n * partnersKept * 10);
    expect(seconds).toBeLessThan(4);
    // the same sentence five times (i, i + 997, ...): the closest variants meet first, so every copy is listed
    const ofP0 = pairsOf(pairs).get('P0') ?? [];
    expect(ofP0.filter((p) => p.relation === 'duplicate').map((p) => p.b).sort()).toEqual(['P1994', 'P2991', 'P3988', 'P4985', 'P997']);
    expect(ofP0.filter((p) => p.relation === 'conflict')[0]?.reason).toContain('"10 l/min" vs "11 l/min"');
    // every requirement had 4,999 candidates: each says how many it does not list, as a bound (most were never checked)
    const [notes, listed] = [notesOf(pairs), pairsOf(pairs)];
    expect(notes.size).toBe(n);
    for (const [id, [count, bound]] of notes) expect([count, bound], id).toEqual([4999 - (listed.get(id)?.length ?? 0), true]);
  });

  it('keeps each requirement’s strongest pairs and counts exactly those it leaves out when it checked them all', () => {
    const random = mulberry32(11);
    const extras = ['cold', 'filtered', 'clean', 'fresh', 'treated', 'potable'];
    const requirements: RequirementText[] = Array.from({ length: 24 }, (_, i) => {
      const words = extras.filter(() => random() < 0.4).join(' ');
      return { id: `R${i + 1}`, text: `The pump shall deliver ${words} coolant at most ${5 * (i + 1)} l/min.` };
    });
    const all = findPairs(requirements, { partners: Infinity });
    const kept = findPairs(requirements, { partners: 3 });
    expect(all.length).toBeGreaterThan(kept.length);
    expect(kept.length).toBeLessThanOrEqual(24 * 3);
    // the same pairs, with the same relation and score; only a note may be added to a reason
    const key = (p: RequirementPair) => `${p.a} ${p.b} ${p.relation} ${p.score}`;
    const full = new Map(all.map((p) => [key(p), p]));
    for (const p of kept) expect(p.reason.replaceAll(note, ''), key(p)).toBe(full.get(key(p))?.reason);
    const [allOf, keptOf, notes] = [pairsOf(all), pairsOf(kept), notesOf(kept)];
    expect(new Set(all.map((p) => p.score)).size).toBeGreaterThan(5);
    expect(notes.size).toBeGreaterThan(5);
    for (const [id, mine] of allOf) {
      const strongest = (ps: RequirementPair[]) => ps.map((p) => p.score).sort((x, y) => y - x).slice(0, 3);
      const listed = keptOf.get(id) ?? [];
      // its three strongest are listed (and those its partners keep): no pair it lost is stronger than one it kept
      expect(strongest(listed), id).toEqual(strongest(mine));
      // 24 requirements stay under the 3 x 8 checks each: every candidate was checked, so the count is exact
      expect(notes.get(id), id).toEqual(mine.length > listed.length ? [mine.length - listed.length, false] : undefined);
    }
  });

  it('checks a bounded number of pairs in a group of 5,000 sentences that differ in one value', () => {
    const n = 5000;
    const requirements = Array.from({ length: n }, (_, i) => ({ id: `V${i}`, text: `The display language shall be ${word(i % 2500)}.` }));
    const { pairs, comparisons } = findPairsCounted(requirements);
    expect(pairs.length).toBeLessThanOrEqual(n * partnersKept);
    expect(comparisons).toBeLessThan(n * partnersKept * 10);
    // the value conflicts are found and the copies (same value) are duplicates
    expect(pairs.find((p) => p.relation === 'conflict')?.reason).toMatch(/^same subject; incompatible values "\w+" vs "\w+"/);
    expect(pairs.find((p) => p.a === 'V0' && p.b === 'V2500')).toMatchObject({ relation: 'duplicate' });
    expect(notesOf(pairs).get('V1')?.[1]).toBe(true);
  });

  it('compares each near-identical embedding with a bounded number of others and counts what it skipped', () => {
    const n = 3000;
    const random = mulberry32(5);
    const base = Float32Array.from({ length: 16 }, () => random() - 0.5);
    const vectors = Array.from({ length: n }, () => base.map((x) => x + 1e-4 * (random() - 0.5)));
    const seen = new Set<string>();
    const scan = scanSemanticPairs(vectors, 0.85, { perBucket: 20 }, (a, b) => seen.add(`${a} ${b}`));
    expect(scan.comparisons).toBeLessThanOrEqual(n * 20 * 40);
    expect(seen.size).toBe(scan.comparisons);
    // every vector is alike with the n - 1 others; what it was not compared with is at most what the bound says
    const compared = new Float64Array(n);
    for (const k of seen) for (const r of k.split(' ')) compared[Number(r)]++;
    compared.forEach((c, r) => expect(c + scan.unchecked[r], String(r)).toBeGreaterThanOrEqual(n - 1));

    // one unit doing things in other words (two units of other names would be two actors, which no embedding pairs)
    const requirements = Array.from({ length: n }, (_, i) => ({ id: `E${i}`, text: `The unit shall ${word(i)} the ${word(i + n)} promptly.` }));
    const pairs = findPairs(requirements, { vectors });
    expect(pairs.length).toBeLessThanOrEqual(n * partnersKept);
    expect(pairs[0]).toMatchObject({ relation: 'duplicate' });
    expect(notesOf(pairs).size).toBeGreaterThan(n / 2);
  });

  it('lists each term-set group with its most similar earlier groups only, and still counts every alike input', () => {
    // optional common words in every combination: hundreds of distinct term sets, most alike with most others
    const random = mulberry32(3);
    const extras = 'cold filtered clean fresh treated potable chilled warm pressurised metered'.split(' ');
    const termSets = Array.from({ length: 2000 }, () => termsOf(`The pump shall deliver ${extras.filter(() => random() < 0.5).join(' ')} coolant.`).terms);
    const all = similarGroups(termSets, 0.7);
    const capped = similarGroups(termSets, 0.7, 20);
    expect(all.pairs.length).toBeGreaterThan(all.groups.length * 20);
    expect(capped.pairs.length).toBeLessThanOrEqual(capped.groups.length * 20);
    expect(capped.alike).toEqual(all.alike);
    // the ones kept are each group's most similar
    const weakestKept = new Map<number, number>();
    for (const p of capped.pairs) weakestKept.set(p.b, Math.min(weakestKept.get(p.b) ?? 1, p.cosine));
    const kept = new Set(capped.pairs.map((p) => `${p.a} ${p.b}`));
    for (const p of all.pairs) if (!kept.has(`${p.a} ${p.b}`)) expect(p.cosine).toBeLessThanOrEqual(weakestKept.get(p.b) ?? -1);
  });

  it('leaves skipped pairs out before keeping: they take no partner’s place and no note counts them', () => {
    const requirements = Array.from({ length: 30 }, (_, i) => ({ id: `S${i}`, text: 'The pump shall stop when the door opens.' }));
    const ofS0 = (pairs: readonly RequirementPair[]) => pairs.filter((p) => p.a === 'S0');
    const kept = ofS0(findPairs(requirements, { partners: 5 }));
    const skipped = new Set(kept.map((p) => p.b));
    const rest = ofS0(findPairs(requirements, { partners: 5, skip: (a, b, relation) => a === 'S0' && skipped.has(b) && relation === 'duplicate' }));
    expect(rest.length).toBeGreaterThanOrEqual(5);
    expect(rest.filter((p) => skipped.has(p.b))).toEqual([]);
    // S0 had 29 partners; without the skipped ones it has 29 - skipped, of which it lists rest.length
    expect(notesOf(rest).get('S0')).toEqual([29 - skipped.size - rest.length, false]);
  });

  it('refuses a partner count that is not a whole number from 1', () => {
    expect(() => findPairs([], { partners: 0 })).toThrow('partners: 0 is not a whole number from 1.');
  });
});
