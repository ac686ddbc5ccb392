// Turns an alert whose rule retrains into the 'train' job that repeats the monitored model's run on the newest data.
import { parseRequest, trainRequest, type TrainRequest } from '../../shared/experiment-requests';
import { fail } from '../../shared/errors';
import type { TrainJobInput } from '../../shared/jobs';
import type { AlertInfo, MonitorInfo } from '../../shared/monitoring';
import { openDatasetColumns } from '../experiments/dataset-columns';
import { TRAIN_REQUEST_ARTIFACT } from '../experiments/record-run';
import { ModelVersionsRepo } from '../store/model-versions-repo';
import type { ProjectStore } from '../store/project-store';
import { RunsRepo } from '../store/runs-repo';

/** Run names are at most this long (the train request's limit). */
const MAX_RUN_NAME = 200;

/**
 * The retraining job for `alert`: the request the monitored model version's run was trained with, on the newest
 * version of the monitored dataset, named `retrain of <run name>`, marked as retraining `fromRun` for `alert` (so
 * the run is recorded as a candidate with lineage to both). Refused with BAD_INPUT, before any job exists, when the
 * monitor has no model, the run kept no request, or the newest version lacks the target or a feature column.
 */
export function retrainJobInput(store: ProjectStore, alert: AlertInfo, monitor: MonitorInfo): TrainJobInput {
  const def = monitor.definition;
  if (alert.monitorId !== monitor.id) fail('BAD_INPUT', `Alert ${alert.id} was raised by monitor ${alert.monitorId}, not ${monitor.id}.`, { where: { field: 'monitor' } });
  if (def.model === undefined) {
    fail('BAD_INPUT', `Monitor '${def.name}' watches no model, so alert ${alert.id} has nothing to retrain.`, {
      where: { field: 'model' },
      hint: 'Retraining needs a monitor created with a model version; drop retrain from the rule or create such a monitor.',
    });
  }
  const version = new ModelVersionsRepo(store.db).get(def.model);
  if (!version) fail('NOT_FOUND', `Model version ${def.model}, which monitor '${def.name}' watches, is not in this project.`, { where: { field: 'model' } });
  if (!version.runId) {
    fail('BAD_INPUT', `Model version ${def.model}, which monitor '${def.name}' watches, was imported, not trained here: Airlock has no training to repeat.`, {
      where: { field: 'model' },
      hint: 'Retrain it where it was made and import the new file, or monitor a model version trained in Airlock.',
    });
  }
  const runs = new RunsRepo(store.db);
  const run = runs.get(version.runId);
  if (!run.artifacts.some((a) => a.path === TRAIN_REQUEST_ARTIFACT)) {
    fail('BAD_INPUT', `Run '${run.name}' (${run.id}), which made ${def.model}, kept no training request to repeat.`, {
      where: { field: 'model' },
      hint: 'Runs recorded by older versions of Airlock cannot be retrained automatically: train the model again once, and monitor that version.',
    });
  }
  const stored: TrainRequest = parseRequest(trainRequest, JSON.parse(store.blobs.get(runs.artifact(run.id, TRAIN_REQUEST_ARTIFACT).blob).toString('utf8')), `run ${run.id}'s training request`);
  const newest = openDatasetColumns(store, def.dataset);
  const columns = new Set(newest.schema.map((c) => c.name));
  for (const [role, name] of [['target', stored.target] as const, ...(stored.features ?? []).map((f) => ['feature', f] as const)]) {
    if (!columns.has(name)) {
      fail('BAD_INPUT', `Cannot retrain '${run.name}': ${newest.versionId} has no column '${name}', its ${role}.`, {
        where: { field: name },
        hint: `Retraining repeats the run on the newest version of '${def.dataset}', which must keep the columns it was trained with.`,
      });
    }
  }
  return {
    request: { ...stored, dataset: def.dataset, version: newest.version, name: `retrain of ${run.name}`.slice(0, MAX_RUN_NAME) },
    retrain: { alertId: alert.id, fromRun: run.id },
  };
}
