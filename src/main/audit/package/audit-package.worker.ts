// The 'audit.package' job: gathers the project's evidence, renders it, zips it and signs the manifest. (stub: slice 7)
import type { AuditPackageJobInput, AuditPackageResult } from '../../../shared/trace';
import { fail } from '../../../shared/errors';
import type { JobHandler } from '../../jobs/protocol';

export const auditPackageJob: JobHandler<AuditPackageJobInput, AuditPackageResult> = async () => fail('INTERNAL', 'audit packages are not built yet');
