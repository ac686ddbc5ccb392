// The candidates one probe of an index gathers, each once, then handed over and forgotten for the next probe: a dense
// mark per item, set and cleared through the list of those marked, so a probe costs what it touches, never n, and
// no map is built per probe.
export class CandidateSet {
  private readonly marked: Uint8Array;
  private readonly list: number[] = [];

  constructor(items: number) {
    this.marked = new Uint8Array(items);
  }

  /** Adds items[from..]: a caller that caps a long list takes its newest entries. */
  addAll(items: readonly number[], from = 0): void {
    for (let k = from; k < items.length; k++) {
      const i = items[k];
      if (this.marked[i] === 0) {
        this.marked[i] = 1;
        this.list.push(i);
      }
    }
  }

  /** Visits each item added since the last drain once, in the order added; the set is empty afterwards. */
  drain(visit: (item: number) => void): void {
    for (const i of this.list) {
      this.marked[i] = 0;
      visit(i);
    }
    this.list.length = 0;
  }
}
