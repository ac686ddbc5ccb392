// The 'dataset.import' job: runs in a worker thread with its own connection to the project.
import type { ImportResult } from '../../shared/domain';
import type { DatasetImportJobInput } from '../../shared/jobs';
import type { JobHandler } from '../jobs/protocol';
import { ProjectStore } from '../store/project-store';
import { importDataset } from './import-dataset';

export const importDatasetJob: JobHandler<DatasetImportJobInput, ImportResult> = async (input, ctx) => {
  const store = ProjectStore.open(ctx.projectDir, { appVersion: ctx.appVersion, actor: ctx.actor });
  try {
    return await importDataset(store, input, ctx);
  } finally {
    store.close();
  }
};
