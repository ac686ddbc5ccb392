// The import's main pass: every row once through one encoder per column, each full chunk stored at once so memory stays flat.
import type { ColumnType } from '../../shared/domain';
import { fail } from '../../shared/errors';
import type { ProjectStore } from '../store/project-store';
import { CHUNK_ROWS } from './arrow-chunks';
import { createEncoder, type ColumnEncoder } from './column-encoder';
import type { FieldTable } from './field-table';
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
}

export interface EncodedColumns {
  /** the types the pass started from; an encoder's own type says where the rows took it */
  planned: ColumnType[];
  encoders: ColumnEncoder[];
  /** per column, the blob of each chunk in order */
  chunks: string[][];
  rows: number;
  rowHashes: RowHasher;
}

/** Thrown through the source's pass to stop it at the first cell that disproves a guessed type. */
class GuessDisproved extends Error {}

export async function encodeRows(store: ProjectStore, source: RowSource, fileName: string, plan: EncodePlan, hooks: PassHooks): Promise<EncodedColumns | null> {
  const encoders = plan.types.map((type, c) => createEncoder(type, c, plan.guessedFromNulls[c]));
  const chunks: string[][] = encoders.map(() => []);
  const rowHashes = new RowHasher(plan.expectedRows);
  // chunks are synced to disk while the next ones are encoded; all are on disk before this returns
  const batch = store.blobs.batch();
  let rows = 0;
  let inChunk = 0;
  const flush = (): void => {
    rowHashes.addChunk(encoders, inChunk);
    encoders.forEach((e, c) => chunks[c].push(store.blobs.put(e.flush(), batch)));
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
      for (let c = 0; c < encoders.length; c++) {
        const bad = encoders[c].encode(table, r, end);
        if (bad >= 0) misfit(table, bad, c);
      }
      inChunk += end - r;
      rows += end - r;
      r = end;
      if (inChunk === CHUNK_ROWS) flush();
    }
  };
  try {
    await source.pass(onRows, hooks);
    if (inChunk > 0) flush();
  } catch (e) {
    await batch.abandon();
    if (e instanceof GuessDisproved) return null;
    throw e;
  }
  await batch.settle();
  return { planned: plan.types, encoders, chunks, rows, rowHashes };
}
