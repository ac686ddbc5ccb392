// The 'mlflow.import' job: reads an mlruns folder in a worker thread with its own connection to the project, so a
// slow disk, a huge metric file or a hostile folder can stall or exhaust only this job, never the app.
import type { MlflowImportInput, MlflowImportSummary } from '../../shared/experiments';
import type { JobHandler } from '../jobs/protocol';
import { ProjectStore } from '../store/project-store';
import { importMlruns } from './mlflow-import';

export const mlflowImportJob: JobHandler<MlflowImportInput, MlflowImportSummary> = async (input, ctx) => {
  const store = ProjectStore.open(ctx.projectDir, { appVersion: ctx.appVersion, actor: ctx.actor });
  try {
    return importMlruns(store, input.dir, { experiment: input.experiment }, ctx);
  } finally {
    store.close();
  }
};
