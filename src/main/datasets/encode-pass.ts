// The import's main pass: every row once through one encoder per column, each full chunk stored at once so memory stays flat.
import type { ColumnType } from '../../shared/domain';
import { fail } from '../../shared/errors';
import type { ProjectStore } from '../store/project-store';
import { CHUNK_ROWS } from './arrow-chunks';
import { createEncoder, type ColumnEncoder } from './column-encoder';
import { ColumnHelper, helperScript } from './column-helper';
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

/** Thrown through the source's pass to stop it at the first cell that disproves a guessed type. */
class GuessDisproved extends Error {}

/** A column this thread encodes: its index in the file and its encoder. */
interface OwnColumn {
  index: number;
  encoder: ColumnEncoder;
}

/**
 * `helper`: let a second thread take every other column (see column-helper.ts) when the source can share its tables
 * and the helper's code is there; the stored bytes are the same either way.
 */
export async function encodeRows(store: ProjectStore, source: RowSource, fileName: string, plan: EncodePlan, hooks: PassHooks, helper: boolean): Promise<EncodedColumns | null> {
  const script = helper && source.sharesTables && plan.types.length > 1 ? helperScript() : null;
  const theirs = script ? plan.types.flatMap((type, index) => (index % 2 === 1 ? [{ index, type, guessedFromNulls: plan.guessedFromNulls[index] }] : [])) : [];
  const help = script ? new ColumnHelper(script, { blobsDir: store.blobs.dir, reserveBytes: store.blobs.reserveBytes, columns: theirs }) : null;
  const mine: OwnColumn[] = plan.types.flatMap((type, index) => (help && index % 2 === 1 ? [] : [{ index, encoder: createEncoder(type, index, plan.guessedFromNulls[index]) }]));
  const chunks: string[][] = plan.types.map(() => []);
  const rowHashes = new RowHasher(plan.expectedRows, plan.rowHashSpill);
  // chunks are synced to disk while the next ones are encoded; all are on disk before this returns
  const batch = store.blobs.batch();
  let rows = 0;
  let inChunk = 0;
  const flush = (): void => {
    help?.post({ kind: 'flush' });
    for (const { index, encoder } of mine) chunks[index].push(store.blobs.put(encoder.flush(), batch));
    if (help) help.wait('flushed').chunks.forEach((hash, k) => chunks[help.columns[k]].push(hash));
    // every column's cell hashes, in file order (a flush leaves each encoder's in place)
    const cells = plan.types.map((_, c) => mine.find((m) => m.index === c)?.encoder ?? help!.hashesOf(help!.columns.indexOf(c)));
    rowHashes.addChunk(cells, inChunk);
    inChunk = 0;
  };
  const misfit = (table: FieldTable, row: number, c: number): never => {
    if (!plan.exact) throw new GuessDisproved();
    const column = source.columns[c];
    fail('FILE_VANISHED', `${fileName} changed while it was being imported (line ${table.lines[row]}, column '${column}' no longer matches the first read).`, {
      where: { file: fileName, line: table.lines[row], column: c + 1, field: column },
      hint: 'Import it again once nothing is writing to it.',
    });
  };
  const onRows = (table: FieldTable, from: number, to: number): void => {
    // split at chunk boundaries: every column's chunk fills with the same rows, then all are stored together
    for (let r = from; r < to; ) {
      const end = Math.min(to, r + CHUNK_ROWS - inChunk);
      help?.encode(table, r, end);
      let bad: { column: number; row: number } | null = null;
      for (const { index, encoder } of mine) {
        const row = encoder.encode(table, r, end);
        if (row >= 0) {
          bad = { column: index, row };
          break;
        }
      }
      const helped = help?.wait('encoded').bad ?? null;
      // the lowest column that misfits, as one thread going column by column would have met it
      if (helped && (!bad || helped.column < bad.column)) bad = helped;
      if (bad) misfit(table, bad.row, bad.column);
      inChunk += end - r;
      rows += end - r;
      r = end;
      if (inChunk === CHUNK_ROWS) flush();
    }
  };
  try {
    try {
      await source.pass(onRows, { ...hooks, sharedTables: help !== null });
      if (inChunk > 0) flush();
    } catch (e) {
      help?.abandon();
      await batch.abandon();
      if (e instanceof GuessDisproved) return null;
      throw e;
    }
    help?.post({ kind: 'finish', names: help.columns.map((c) => source.columns[c]) });
    await batch.settle();
    const finished = new Map(mine.map(({ index, encoder }) => [index, finishColumn(store.blobs, source.columns[index], plan.types[index], encoder, chunks[index])]));
    if (help) help.wait('finished').columns.forEach((column, k) => finished.set(help.columns[k], column));
    return { columns: plan.types.map((_, c) => finished.get(c)!), rows, rowHashes };
  } finally {
    await help?.stop();
  }
}
