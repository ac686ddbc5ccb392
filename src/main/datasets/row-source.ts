// What the importer reads from: a file format that can replay its rows (a sample to guess types, then all to encode them).
import fs from 'node:fs';
import type { DatasetSourceFormat } from '../../shared/domain';
import { fail } from '../../shared/errors';
import type { RowSink } from './field-table';

export interface PassHooks {
  /** called after each read with the bytes read so far: progress and cancellation live here */
  onBytes(bytesRead: number): void;
  /** stop after the read that reaches this many bytes: a sample of the file's head */
  stopAfterBytes?: number;
}

export interface RowSource {
  readonly format: DatasetSourceFormat;
  readonly columns: string[];
  readonly bytes: number;
  /** replays the data rows (header excluded) in file order, a table at a time; resolves to whether it reached the end */
  pass(onRows: RowSink, hooks: PassHooks): Promise<boolean>;
}

/** What must stay the same between and during passes for every read to describe one file. */
export interface FileIdentity {
  size: number;
  mtimeMs: number;
  ino: number;
}

export function identify(path: string, fileName: string): FileIdentity {
  let st: fs.Stats;
  try {
    st = fs.statSync(path);
  } catch {
    fail('FILE_NOT_FOUND', `${fileName} does not exist (or cannot be read).`, { where: { file: fileName }, hint: 'Pick the file again.' });
  }
  if (!st.isFile()) fail('FILE_NOT_FOUND', `${fileName} is not a file.`, { where: { file: fileName } });
  return { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
}

export function checkUnchanged(path: string, identity: FileIdentity, fileName: string): void {
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(path);
  } catch {
    st = undefined;
  }
  if (!st || st.size !== identity.size || st.mtimeMs !== identity.mtimeMs || st.ino !== identity.ino) {
    fail('FILE_VANISHED', `${fileName} was deleted or changed while it was being imported; nothing was stored.`, {
      where: { file: fileName },
      hint: 'Import it again once nothing is writing to it.',
    });
  }
}
