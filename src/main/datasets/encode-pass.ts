// The import's main pass: every row once through one encoder per column, each full chunk stored at once so memory stays flat.
import type { ColumnType } from '../../shared/domain';
import { fail } from '../../shared/errors';
import type { ProjectStore } from '../store/project-store';
import { CHUNK_ROWS } from './arrow-chunks';
import { createEncoder, type ColumnEncoder } from './column-encoder';
import { ColumnHelper, helperScript, type CellHashes } from './column-helper';
import type { FieldTable } from './field-table';
import { finishColumn, type FinishedColumn } from './finish-column';
import type { RowHashSpill } from './row-hash-runs';
import { RowHasher } from './row-hashes';
import type { PassHooks, RowSource } from './row-source';

export interface EncodePlan {
  types: ColumnType[];
  /** per column: the type is a sample's guess and the sample held no value there */
  guessedFromNulls: boolean[];
  /**
   * true when the types come from every row: a cell that does not fit means the file changed under us.
   * false when they are a sample's guess: such a cell ends the pass early (it returns null) and the caller re-plans.
   */
  exact: boolean;
  /** an upper estimate of the rows, to size the row hashes once */
  expectedRows: number;
  /** where row hashes past a bound in memory go (see row-hash-runs.ts); without it all are held */
  rowHashSpill?: RowHashSpill;
}

export interface EncodedColumns {
  /** every column settled and profiled, in file order */
  columns: FinishedColumn[];
  rows: number;
  rowHashes: RowHasher;
}

/** The share of the columns a helper thread takes (see encodeRows). */
const HELPER_SHARE = 0.7;

/** Thrown through the source's pass to stop it at the first cell that disproves a guessed type. */
class GuessDisproved extends Error {}

/** A column this thread encodes: its index in the file and its encoder. */
interface OwnColumn {
  index: number;
  encoder: ColumnEncoder;
}

/**
 * `helper`: let a second thread take some of the columns (see column-helper.ts) when the helper's code is there; the
 * stored bytes are the same either way.
 */
export async function encodeRows(store: ProjectStore, source: RowSource, fileName: string, plan: EncodePlan, hooks: PassHooks, helper: boolean): Promise<EncodedColumns | null> {
  const script = helper && plan.types.length > 1 ? helperScript() : null;
  // The helper takes seven columns in ten, spread evenly: this thread also tokenizes every row and folds the row
  // hashes (1 GB import at load 4-6, CPU of the busier thread: 5.4-5.7 s with every other column, 4.6-5.2 s with three
  // in five, 4.1-4.6 s with seven in ten, when the two threads are within 0.1-0.6 s of each other).
  const helped = (c: number): boolean => script !== null && Math.floor((c + 1) * HELPER_SHARE) > Math.floor(c * HELPER_SHARE);
  const theirs = plan.types.flatMap((type, index) => (helped(index) ? [{ index, type, guessedFromNulls: plan.guessedFromNulls[index] }] : []));
  const mine: OwnColumn[] = plan.types.flatMap((type, index) => (helped(index) ? [] : [{ index, encoder: createEncoder(type, index, plan.guessedFromNulls[index]) }]));
  /** column c's place among its side's columns */
  const place = plan.types.map((_, c) => (helped(c) ? theirs : mine).findIndex((o) => o.index === c));
  const chunks: string[][] = plan.types.map(() => []);
  const rowHashes = new RowHasher(plan.expectedRows, plan.rowHashSpill);
  // with a helper, this thread's cell hashes of a flushed chunk wait here until the helper's of the same chunk come
  const held: CellHashes[] = script ? mine.map(() => ({ hashA: new Uint32Array(CHUNK_ROWS), hashB: new Uint32Array(CHUNK_ROWS) })) : [];
  let heldRows = 0;
  const help = script
    ? new ColumnHelper(script, { blobsDir: store.blobs.dir, reserveBytes: store.blobs.reserveBytes, columns: theirs }, (theirChunks, theirHashes) => {
        theirChunks.forEach((hash, k) => chunks[theirs[k].index].push(hash));
        rowHashes.addChunk(plan.types.map((_, c) => (helped(c) ? theirHashes(place[c]) : held[place[c]])), heldRows);
      })
    : null;
  // chunks are synced to disk while the next ones are encoded; all are on disk before this returns
  const batch = store.blobs.batch();
  let rows = 0;
  let inChunk = 0;
  const flush = (): void => {
    if (help) {
      // takes the helper's reply to the previous flush first, which frees `held`
      help.flush();
      mine.forEach(({ encoder }, k) => {
        held[k].hashA.set(encoder.hashA.subarray(0, inChunk));
        held[k].hashB.set(encoder.hashB.subarray(0, inChunk));
      });
      heldRows = inChunk;
    }
    for (const { index, encoder } of mine) chunks[index].push(store.blobs.put(encoder.flush(), batch));
    // every column's cell hashes, in file order (a flush leaves each encoder's in place)
    if (!help) rowHashes.addChunk(mine.map((m) => m.encoder), inChunk);
    inChunk = 0;
  };
  const misfit = (c: number, line: number): never => {
    if (!plan.exact) throw new GuessDisproved();
    const column = source.columns[c];
    fail('FILE_VANISHED', `${fileName} changed while it was being imported (line ${line}, column '${column}' no longer matches the first read).`, {
      where: { file: fileName, line, column: c + 1, field: column },
      hint: 'Import it again once nothing is writing to it.',
    });
  };
  // a misfit the helper reported comes from a segment this thread found none in (it would have stopped there): the file's first
  const helperMisfit = (): void => {
    const m = help?.misfit;
    if (m) misfit(m.column, m.line);
  };
  const onRows = (table: FieldTable, from: number, to: number): void => {
    help?.share(table, from, to);
    // split at chunk boundaries: every column's chunk fills with the same rows, then all are stored together
    for (let r = from; r < to; ) {
      const end = Math.min(to, r + CHUNK_ROWS - inChunk);
      const segment = help?.encode(r, end) ?? 0;
      for (const { index, encoder } of mine) {
        const row = encoder.encode(table, r, end);
        if (row < 0) continue;
        // the first misfit in file order, as one thread going column by column would have met it: the helper's in
        // an earlier segment, or in this one in a lower column, comes first
        help?.drain();
        const m = help?.misfit;
        if (m && (m.segment < segment || m.column < index)) misfit(m.column, m.line);
        misfit(index, table.lines[row]);
      }
      inChunk += end - r;
      rows += end - r;
      r = end;
      if (inChunk === CHUNK_ROWS) flush();
    }
    helperMisfit();
  };
  try {
    try {
      await source.pass(onRows, hooks);
      if (inChunk > 0) flush();
      help?.drain();
      helperMisfit();
    } catch (e) {
      help?.abandon();
      await batch.abandon();
      if (e instanceof GuessDisproved) return null;
      throw e;
    }
    help?.finish(help.columns.map((c) => source.columns[c]));
    await batch.settle();
    const finished = new Map(mine.map(({ index, encoder }) => [index, finishColumn(store.blobs, source.columns[index], plan.types[index], encoder, chunks[index])]));
    help?.finished().forEach((column, k) => finished.set(help.columns[k], column));
    return { columns: plan.types.map((_, c) => finished.get(c)!), rows, rowHashes };
  } finally {
    await help?.stop();
  }
}
