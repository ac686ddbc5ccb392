// The 'audit.package' job: gathers the project's evidence, renders it, zips it and signs the manifest with the
// exporter's key, which the handler unlocked and handed over as the job's in-memory secret (never its stored input).
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { fail } from '../../../shared/errors';
import type { AuditPackageJobInput, AuditPackageResult } from '../../../shared/trace';
import type { JobHandler } from '../../jobs/protocol';
import { ProjectStore } from '../../store/project-store';
import { exportAuditPackage } from './export-package';

export const auditPackageJob: JobHandler<AuditPackageJobInput, AuditPackageResult> = async (input, ctx) => {
  if (ctx.secret === undefined) fail('INTERNAL', 'the audit package job was started without the signing key it needs; start the export again.');
  const privateKey = createPrivateKey(ctx.secret);
  const publicKeyPem = createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString();
  const store = ProjectStore.open(ctx.projectDir, { appVersion: ctx.appVersion, actor: ctx.actor });
  try {
    return await exportAuditPackage(store, input, { user: input.user, privateKey, publicKeyPem }, ctx);
  } finally {
    store.close();
  }
};
