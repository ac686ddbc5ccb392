// The signed audit package's export: unlocks the exporter's key with their passphrase (a wrong one is refused here,
// and no job starts), checks the models and the target, and starts the 'audit.package' job with the key handed over
// as the runner's in-memory secret.
import type { AuditPackageJobInput } from '../../../shared/trace';
import { checkExportTarget } from '../../datasets/csv-export';
import type { HandlerMap } from '../../handler-types';
import { UserProfiles } from '../../users/user-profiles';
import { packageModels } from './package-contents';

export type PackageChannels = 'audit.exportPackage';

export const packageHandlers: HandlerMap<PackageChannels> = {
  'audit.exportPackage': ({ target, overwrite = false, standards, models = [], user, passphrase }, ctx) => {
    const project = ctx.app.requireProject();
    project.store.assertWritable();
    const { profile, privateKey } = new UserProfiles(ctx.app.dataDir).unlock(user, passphrase);
    // an unknown model version fails here, before any file is reserved
    const included = packageModels(project.store, models).map((m) => m.id);
    const out = ctx.resolveTarget(target, 'audit-package.zip');
    const replace = overwrite || out.overwriteConfirmed;
    checkExportTarget(out.path, replace); // refused at once; the job checks again when it publishes
    const input: AuditPackageJobInput = { path: out.path, shown: out.shown, downloadId: out.downloadId, overwrite: replace, user: profile.name, standards: [...new Set(standards)], models: included };
    const secret = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const job = project.jobs.submit('audit.package', `Audit package to ${out.shown}`, input, { secret });
    return { jobId: job.id };
  },
};
