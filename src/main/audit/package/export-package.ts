// Exports a signed audit package: gathers the project's evidence, zips and signs it into a dot-named staged file
// beside the target, then publishes it inside the 'audit.export' entry's transaction (which records the zip's
// SHA-256). A failed or cancelled export leaves neither a file nor an entry, and never replaces a file nobody agreed
// to replace.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AuditPackageJobInput, AuditPackageResult } from '../../../shared/trace';
import { checkExportTarget, publish } from '../../datasets/csv-export';
import type { JobContext } from '../../jobs/protocol';
import type { ProjectStore } from '../../store/project-store';
import { fileSha256 } from './file-sha256';
import { gatherPackage } from './package-contents';
import { writeAuditPackage, type PackageSigner } from './write-package';

export async function exportAuditPackage(store: ProjectStore, input: AuditPackageJobInput, signer: PackageSigner, ctx: Pick<JobContext, 'progress' | 'checkCancelled'>): Promise<AuditPackageResult> {
  store.assertWritable(); // the audit entry is a write: a read-only project refuses before any work
  const target = path.resolve(input.path);
  checkExportTarget(target, input.overwrite);
  const gathered = gatherPackage(store, { standards: input.standards, models: input.models }, ctx);
  ctx.checkCancelled();
  ctx.progress(0.96, `Signing and zipping ${gathered.files.length} files`);
  // A dot name: a downloads folder holding only this file is not ready to serve (src/main/host/downloads.ts).
  const staged = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.staged`);
  let published = false;
  try {
    const manifest = await writeAuditPackage(staged, gathered.files, signer, store.now());
    const zip = await fileSha256(staged);
    ctx.checkCancelled();
    store.mutate(
      {
        action: 'audit.export',
        target: `audit_package:${input.shown}`,
        details: {
          destination: input.shown,
          bytes: zip.bytes,
          sha256: zip.sha256,
          files: manifest.files.length,
          signer: manifest.exporter.fingerprint,
          standards: input.standards,
          models: gathered.models,
          overwrite: input.overwrite,
        },
      },
      () => {
        publish(staged, target, input.overwrite);
        published = true;
      },
    );
    ctx.progress(1, `Exported ${manifest.files.length} files`);
    return {
      shown: input.shown,
      bytes: zip.bytes,
      sha256: zip.sha256,
      downloadId: input.downloadId,
      files: manifest.files.map((f) => f.path),
      signer: { user: manifest.exporter.user, fingerprint: manifest.exporter.fingerprint },
      standards: gathered.standards,
    };
  } catch (e) {
    fs.rmSync(published ? target : staged, { force: true });
    throw e;
  }
}
