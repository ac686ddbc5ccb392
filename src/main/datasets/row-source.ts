// What the importer reads from: a file format that can replay its rows (once to infer types, once to encode them).
import fs from 'node:fs';
import type { DatasetSourceFormat } from '../../shared/domain';
import { fail } from '../../shared/errors';
import type { RowSink } from './row-fields';

export interface PassHooks {
  /** called after each read with the bytes read so far: progress and cancellation live here */
  onBytes(bytesRead: number): void;
  /** first pass only: check bytes for NUL and UTF-8 (the second pass knows the file is unchanged) */
  validate: boolean;
}

export interface RowSource {
  readonly format: DatasetSourceFormat;
  readonly columns: string[];
  readonly bytes: number;
  /** replays every data row (header excluded), in file order */
  pass(onRow: RowSink, hooks: PassHooks): Promise<void>;
}

/** What must stay the same between and during passes for the two reads to describe one file. */
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
