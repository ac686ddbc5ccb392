import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainRequest, type TrainRequestInput } from '../../shared/experiment-requests';
import { succeededAs, type TrainJobInput } from '../../shared/jobs';
import { resolveParams } from '../../shared/model-catalog';
import { monitorDefinition, type AlertInfo, type MonitorDefinitionInput, type MonitorInfo } from '../../shared/monitoring';
import { importDataset } from '../datasets/import-dataset';
import { quietProgress, tempProject, type TempProject } from '../datasets/test-project';
import { CANDIDATE_TAG, recordRun, TRAIN_REQUEST_ARTIFACT } from '../experiments/record-run';
import { JobRunner } from '../jobs/job-runner';
import { LineageRepo } from '../store/lineage-repo';
import { ModelVersionsRepo } from '../store/model-versions-repo';
import { RunsRepo } from '../store/runs-repo';
import { errorOf } from '../test-support/app-error-of';
import { retrainJobInput } from './retrain';

let p: TempProject;
let jobs: JobRunner;
/** the monitored run and the model version it produced */
let original: { run: string; model: string };

/** `rows` rows where label is 'high' exactly when x + (colour = red ? 30 : 0) > 60: a logistic model learns it. */
function csv(header: string[], rows: number, shift: number, extra?: (i: number) => string): string {
  const colours = ['red', 'green', 'blue'];
  const lines = Array.from({ length: rows }, (_, i) => {
    const x = ((i * 37) % 100) + shift;
    const colour = colours[i % 3];
    const cells: Record<string, string> = { x: String(x), colour, label: x + (colour === 'red' ? 30 : 0) > 60 ? 'high' : 'low', note: `n${i % 4}` };
    return [...header.map((h) => cells[h]), ...(extra ? [extra(i)] : [])].join(',');
  });
  return `${header.join(',')}${extra ? ',added' : ''}\n${lines.join('\n')}\n`;
}

async function importCsv(name: string, content: string): Promise<void> {
  const file = p.file(`${name}-${Math.random().toString(16).slice(2)}.csv`, content);
  await importDataset(p.store, { path: file, fileName: path.basename(file), name }, quietProgress());
}

async function train(input: TrainJobInput) {
  const done = await jobs.wait(jobs.submit('train', input.request.name ?? 'train', input).id, 60_000);
  if (!succeededAs(done, 'train')) throw new Error(`train ended ${done.state}: ${JSON.stringify(done.error)}`);
  return done.result;
}

function monitor(def: Partial<MonitorDefinitionInput> = {}): MonitorInfo {
  return {
    id: 'mon-0000000a',
    definition: monitorDefinition.parse({ name: 'production', reference: { dataset: 'train', version: 1 }, dataset: 'prod', model: original.model, ...def }),
    createdAt: '2026-11-28T00:00:00.000Z',
    createdBy: 'tester',
    reports: 1,
    lastReport: null,
    rules: [],
    openAlerts: 1,
  };
}

const alert: AlertInfo = {
  id: 'alert-00000000000000a1',
  ruleId: 'rule-000000a1',
  ruleName: 'half the columns drifted',
  monitorId: 'mon-0000000a',
  reportId: 'drift-00000000000000a1',
  value: 0.67,
  window: null,
  message: "Rule 'half the columns drifted' fired: drift share 0.67 >= 0.5 (report nightly).",
  firedAt: '2026-11-28T00:00:00.000Z',
  retrainJobId: null,
  retrainRunId: null,
};

const originalRequest = {
  dataset: 'train',
  target: 'label',
  model: 'logreg',
  params: { C: 3 },
  seed: 11,
  validation: 0.25,
  test: 0.1,
  experiment: 'Production model',
  name: 'nightly model',
  register: 'nightly',
} satisfies TrainRequestInput;

beforeAll(async () => {
  p = tempProject();
  jobs = new JobRunner(p.store, { appVersion: 'test' });
  await importCsv('train', csv(['x', 'colour', 'label'], 240, 0));
  await importCsv('prod', csv(['x', 'colour', 'label'], 180, 0));
  // the newest production batch: x moved up, and a column the model never saw
  await importCsv('prod', csv(['x', 'colour', 'label'], 180, 25, (i) => String(i)));
  await importCsv('unlabelled', csv(['x', 'colour'], 60, 25));
  await importCsv('colourless', csv(['x', 'label'], 60, 25));
  const r = await train({ request: originalRequest });
  original = { run: r.run, model: r.model! };
}, 120_000);
afterAll(async () => {
  await jobs.close();
  p.cleanup();
});

describe('retrainJobInput', () => {
  it("repeats the monitored model's run request on the newest version of the monitored dataset, keeping the run's input columns", () => {
    const input = retrainJobInput(p.store, alert, monitor());
    expect(input).toEqual({
      request: {
        ...originalRequest,
        dataset: 'prod',
        version: 2,
        // the original request left features open; the run used x and colour, and the newest version's 'added' stays out
        features: ['x', 'colour'],
        name: 'retrain of nightly model',
      },
      retrain: { alertId: alert.id, fromRun: original.run },
    });
  });

  it('refuses a monitored dataset whose newest version lacks the target column, naming it', () => {
    const e = errorOf(() => retrainJobInput(p.store, alert, monitor({ dataset: 'unlabelled' })));
    expect(e).toMatchObject({ code: 'BAD_INPUT', where: { field: 'label' } });
    expect(e.message).toBe("Cannot retrain 'nightly model': unlabelled@1 has no column 'label', its target.");
  });

  it('refuses a monitored dataset whose newest version lacks a column the run used as a feature, naming it', () => {
    const e = errorOf(() => retrainJobInput(p.store, alert, monitor({ dataset: 'colourless' })));
    expect(e).toMatchObject({ code: 'BAD_INPUT', where: { field: 'colour' } });
    expect(e.message).toBe("Cannot retrain 'nightly model': colourless@1 has no column 'colour', its feature.");
  });

  it('refuses a monitor that watches no model, and a model version the project lacks', () => {
    expect(errorOf(() => retrainJobInput(p.store, alert, monitor({ model: undefined })))).toMatchObject({ code: 'BAD_INPUT', where: { field: 'model' } });
    expect(errorOf(() => retrainJobInput(p.store, alert, monitor({ model: 'nothing@1' })))).toMatchObject({ code: 'NOT_FOUND', where: { field: 'model' } });
  });

  it('refuses an alert another monitor raised', () => {
    expect(errorOf(() => retrainJobInput(p.store, { ...alert, monitorId: 'mon-0000000b' }, monitor()))).toMatchObject({ code: 'BAD_INPUT', where: { field: 'monitor' } });
  });
});

describe('a retraining run', () => {
  it('is recorded as a candidate with lineage edges from the alert and from the run it retrains, in the audit entry too', async () => {
    const r = await train(retrainJobInput(p.store, alert, monitor()));
    const runs = new RunsRepo(p.store.db);
    const run = runs.get(r.run);
    expect(run).toMatchObject({ name: 'retrain of nightly model', experiment: 'Production model', status: 'finished', datasetVersion: 'prod@2', modelKind: 'logreg', seed: 11 });
    expect(run.params).toMatchObject({ C: '3', validation_fraction: '0.25', test_fraction: '0.1', features: 'x,colour' });
    expect(run.tags[CANDIDATE_TAG]).toBe('true');
    expect(runs.get(original.run).tags[CANDIDATE_TAG]).toBeUndefined();

    const near = new LineageRepo(p.store.db).graph({ node: { kind: 'run', id: r.run }, direction: 'both', depth: 1 });
    expect(near.edges.map((e) => `${e.from.kind}:${e.from.id} ${e.relation} ${e.to.kind}:${e.to.id}`).sort()).toEqual([
      `alert:${alert.id} triggered run:${r.run}`,
      `dataset_version:prod@2 trained run:${r.run}`,
      `run:${original.run} retrained_as run:${r.run}`,
    ].sort());
    // the retraining run registers nothing, though the run it repeats was registered by its request: a person reviews the
    // candidate and registers it, and the monitored version stays as it was
    expect(r.model).toBeNull();
    expect(original.model).toBe('nightly@1');
    expect(new ModelVersionsRepo(p.store.db).latest('nightly')?.id).toBe('nightly@1');

    const entry = p.store.audit.list(20).find((e) => e.action === 'run.record' && e.target === `run:${r.run}`);
    expect(entry?.details).toMatchObject({ status: 'finished', dataset: 'prod@2', retrain: { alertId: alert.id, fromRun: original.run } });
  });

  it('keeps the request it was trained with, so it can itself be retrained', async () => {
    const stored = JSON.parse(p.store.blobs.get(new RunsRepo(p.store.db).artifact(original.run, TRAIN_REQUEST_ARTIFACT).blob).toString('utf8'));
    expect(stored).toEqual({ ...originalRequest, features: ['x', 'colour'] });
  });

  it('that fails is recorded with both lineage edges but is no candidate: it made no model', () => {
    const request = trainRequest.parse({ ...originalRequest, dataset: 'prod', version: 2, name: 'retrain of nightly model' });
    const { runId, modelVersion } = recordRun(p.store, {
      request,
      params: resolveParams(request.model, request.params),
      datasetVersion: 'prod@2',
      status: 'failed',
      startedAt: '2026-11-28T00:00:00.000Z',
      endedAt: '2026-11-28T00:00:01.000Z',
      environment: {},
      steps: [],
      error: { code: 'INTERNAL', message: 'The solver diverged.' },
      retrain: { alertId: alert.id, fromRun: original.run },
    });
    expect(modelVersion).toBeNull();
    const run = new RunsRepo(p.store.db).get(runId);
    expect(run).toMatchObject({ status: 'failed', error: { message: 'The solver diverged.' } });
    expect(run.tags[CANDIDATE_TAG]).toBeUndefined();
    const upstream = new LineageRepo(p.store.db).graph({ node: { kind: 'run', id: runId }, direction: 'upstream', depth: 1 });
    expect(upstream.edges.map((e) => `${e.from.kind}:${e.from.id} ${e.relation}`).sort()).toEqual([`alert:${alert.id} triggered`, 'dataset_version:prod@2 trained', `run:${original.run} retrained_as`]);
  });
});
