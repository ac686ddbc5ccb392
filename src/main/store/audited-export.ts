// Writes an export's bytes to its target with its audit entry: staged in a dot-named temp file beside the target and
// published inside the audit entry's transaction (which records the SHA-256), so a failed export leaves neither a file
// nor an entry, and never replaces a file nobody agreed to replace.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { checkExportTarget, publish } from '../datasets/csv-export';
import { writeDurably } from './atomic-write';
import type { AuditRecord } from './audit-log';
import type { ProjectStore } from './project-store';

export interface PublishedFile {
  file: string;
  bytes: number;
  sha256: string;
}

/** `audit` gets the written file's size and hash in its details, beside its own. */
export function publishExport(
  store: ProjectStore,
  out: string,
  bytes: Uint8Array,
  overwrite: boolean,
  audit: (file: PublishedFile) => Omit<AuditRecord, 'actor'>,
): PublishedFile {
  store.assertWritable(); // the audit entry is a write: a read-only project refuses before any file appears
  const target = path.resolve(out);
  checkExportTarget(target, overwrite);
  const written: PublishedFile = { file: target, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  // A dot name: a downloads folder holding only this file is not ready to serve (src/main/host/downloads.ts).
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  let published = false;
  try {
    writeDurably(tmp, bytes, 'wx');
    store.mutate(audit(written), () => {
      publish(tmp, target, overwrite);
      published = true;
    });
  } catch (e) {
    fs.rmSync(published ? target : tmp, { force: true });
    throw e;
  }
  return written;
}
