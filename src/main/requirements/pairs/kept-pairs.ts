// The pairs a listing keeps: each requirement keeps its `partners` strongest (a bounded heap per requirement), so
// generated requirements that differ only in a number, thousands of them alike, give at most n x partners pairs
// instead of n^2 / 2; a pair is listed when either side keeps it. A requirement that had more partners than it kept,
// or candidates the sources did not check, says so in the reason of its weakest kept pair. A pair the caller skips
// (a person dismissed it) is left out before keeping, so it takes no requirement's place.
import type { PairRelation, RequirementPair } from '../../../shared/requirements-lint';

export type Relation = Pick<RequirementPair, 'relation' | 'score' | 'reason'>;

/** Whether to leave a pair out of the listing, by its ids (a before b in input order) and relation. */
export type SkipPair = (a: string, b: string, relation: PairRelation) => boolean;

interface Entry {
  pair: RequirementPair;
  /** input indices of pair.a and pair.b */
  a: number;
  b: number;
  /** offer order: of two equally strong pairs the earlier stays */
  seq: number;
}

const weaker = (x: Entry, y: Entry) => x.pair.score < y.pair.score || (x.pair.score === y.pair.score && x.seq > y.seq);

export class KeptPairs {
  private readonly heaps: Entry[][];
  /** pairs found per requirement, kept or not */
  private readonly found: Float64Array;
  /** candidates per requirement that a source skipped to stay linear: each may or may not have been a pair */
  private readonly unchecked: Float64Array;
  private seq = 0;

  constructor(
    private readonly ids: readonly string[],
    private readonly partners: number,
    private readonly skip: SkipPair = () => false,
  ) {
    this.heaps = ids.map(() => []);
    this.found = new Float64Array(ids.length);
    this.unchecked = new Float64Array(ids.length);
  }

  /** A pair of input indices, a < b. */
  offer(a: number, b: number, relation: Relation): void {
    if (this.skip(this.ids[a], this.ids[b], relation.relation)) return;
    const entry: Entry = { pair: { a: this.ids[a], b: this.ids[b], ...relation }, a, b, seq: this.seq++ };
    this.found[a]++;
    this.found[b]++;
    this.keep(this.heaps[a], entry);
    this.keep(this.heaps[b], entry);
  }

  skipped(r: number, count: number): void {
    this.unchecked[r] += count;
  }

  /** Every kept pair once, strongest first, the notes of requirements that kept fewer than they had added. */
  pairs(): RequirementPair[] {
    const listed = new Set(this.heaps.flat());
    const listedOf = new Float64Array(this.ids.length);
    for (const { a, b } of listed) {
      listedOf[a]++;
      listedOf[b]++;
    }
    const notes = new Map<Entry, string>();
    this.heaps.forEach((heap, r) => {
      const more = this.found[r] - listedOf[r] + this.unchecked[r];
      if (more === 0 || heap.length === 0) return;
      const weakest = heap.reduce((w, e) => (weaker(e, w) ? e : w));
      // unchecked candidates may not be pairs at all: their count is a bound, the pairs found and dropped are exact
      const count = `${this.unchecked[r] > 0 ? 'up to ' : ''}${more.toLocaleString('en-US')}`;
      notes.set(weakest, `${notes.get(weakest) ?? ''}; ${this.ids[r]} has ${count} more pairs not listed (each requirement lists its ${this.partners} strongest)`);
    });
    return [...listed]
      .map((e) => ({ ...e.pair, reason: e.pair.reason + (notes.get(e) ?? '') }))
      .sort((x, y) => y.score - x.score || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
  }

  private keep(heap: Entry[], entry: Entry): void {
    if (heap.length < this.partners) {
      heap.push(entry);
      return;
    }
    // a linear scan: `partners` is small, and a pair is offered once per check
    let w = 0;
    for (let i = 1; i < heap.length; i++) if (weaker(heap[i], heap[w])) w = i;
    if (weaker(heap[w], entry)) heap[w] = entry;
  }
}
