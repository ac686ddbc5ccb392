// The 'dataset.export' job: writes a dataset version as CSV in a worker thread with its own connection to the project.
import type { DatasetExportResult } from '../../shared/domain';
import type { DatasetExportJobInput } from '../../shared/jobs';
import type { JobHandler } from '../jobs/protocol';
import { ProjectStore } from '../store/project-store';
import { exportDataset } from './export-dataset';

export const exportDatasetJob: JobHandler<DatasetExportJobInput, DatasetExportResult> = async (input, ctx) => {
  const store = ProjectStore.open(ctx.projectDir, { appVersion: ctx.appVersion, actor: ctx.actor });
  try {
    return exportDataset(store, input, ctx);
  } finally {
    store.close();
  }
};
