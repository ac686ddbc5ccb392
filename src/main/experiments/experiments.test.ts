import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainRequestInput } from '../../shared/experiment-requests';
import type { TrainResult } from '../../shared/experiments';
import { succeededAs } from '../../shared/jobs';
import { Workbench, type OpenProject } from '../app';
import { sampleTables } from '../samples/sample-data';
import { LineageRepo } from '../store/lineage-repo';
import { tempDir } from '../test-support/temp-project';

let app: Workbench;
let project: OpenProject;

/** A real project with the generated lab-measurements and support-tickets datasets imported through the job runner. */
beforeAll(async () => {
  app = new Workbench({ appVersion: 'test', host: 'cli', dataDir: tempDir(), trackRecent: false, jobConcurrency: 2 });
  await app.createProject(path.join(tempDir(), 'project'));
  project = app.requireProject();
  const files = tempDir();
  for (const table of sampleTables()) {
    const v = table.versions[0];
    const file = path.join(files, v.fileName);
    fs.writeFileSync(file, v.csv);
    const job = project.jobs.submit('dataset.import', `import ${table.name}`, { path: file, fileName: v.fileName, name: table.name });
    expect((await project.jobs.wait(job.id)).state).toBe('succeeded');
  }
}, 120_000);
afterAll(async () => {
  await app.closeProject();
});

/**
 * What a constant predictor scores on the split a run was evaluated on: the share of its most frequent true class,
 * from the validation confusion matrix (row sums are the true classes). A model must beat it, not just 0.5.
 */
function constantBaseline(runId: string): { accuracy: number; classes: number } {
  const report = project.experiments.artifact(runId, 'evaluation/validation.json').json as { confusion: { matrix: number[][] } };
  const truths = report.confusion.matrix.map((row) => row.reduce((a, b) => a + b, 0));
  return { accuracy: Math.max(...truths) / truths.reduce((a, b) => a + b, 0), classes: truths.length };
}

/** The share of the target's most frequent value over the whole dataset, from its stored profile. */
function majorityShare(dataset: string, target: string): number {
  const column = project.datasets.profile(dataset, 1).columns.find((c) => c.name === target)!;
  return column.top![0].count / (column.count - column.nulls);
}

async function train(request: TrainRequestInput): Promise<TrainResult> {
  const job = project.jobs.submit('train', 'train', { request });
  const done = await project.jobs.wait(job.id);
  if (!succeededAs(done, 'train')) throw new Error(`train ended ${done.state}: ${JSON.stringify(done.error)}`);
  return done.result;
}

describe('training runs', () => {
  it.each(['logreg', 'gbdt', 'mlp'] as const)('trains %s on a multiclass target, exports ONNX that matches, and records the run and the version it registers', async (model) => {
    const r = await train({ dataset: 'lab-measurements', target: 'label', model, seed: 7, params: model === 'mlp' ? { max_iter: 15 } : {}, register: `lab-measurements-label-${model}` });
    expect(r.model).toBe(`lab-measurements-label-${model}@1`);
    expect(r.onnx_parity).toMatchObject({ ok: true });
    expect(r.onnx_parity!.maxAbsDiff).toBeLessThan(1e-5);
    // 'ok' is about 75% of lab-measurements: a model that always says 'ok' scores that, so the bar is above it, and
    // macro recall (a constant predictor's is exactly 1/classes) must be well above chance too.
    const baseline = constantBaseline(r.run);
    expect(baseline.accuracy).toBeCloseTo(majorityShare('lab-measurements', 'label'), 1);
    expect(r.metrics.val_accuracy).toBeGreaterThan(baseline.accuracy + 0.03);
    expect(r.metrics.val_recall_macro).toBeGreaterThan(1 / baseline.classes + 0.1);
    const run = project.experiments.run(r.run);
    expect(run).toMatchObject({ status: 'finished', modelKind: model, task: 'multiclass', datasetVersion: 'lab-measurements@1', target: 'label', seed: 7 });
    expect(run.artifacts.map((a) => a.path)).toEqual(expect.arrayContaining(['model/model.onnx', 'model/model.json', 'evaluation/confusion_matrix.json', 'evaluation/roc_curve.json']));
    expect(run.environment).toMatchObject({ app: 'test', seed: 7, node: process.versions.node });
    expect(run.modelVersion?.name).toBe(`lab-measurements-label-${model}`);
    const near = new LineageRepo(project.store.db).graph({ node: { kind: 'run', id: r.run }, direction: 'both', depth: 1 });
    expect(near.edges.map((e) => `${e.from.id} ${e.relation} ${e.to.id}`).sort()).toEqual([`${r.run} produced ${run.modelVersion!.id}`, `lab-measurements@1 trained ${r.run}`]);
  });

  it('gives the same model and metrics for the same seed, data and params', async () => {
    const a = await train({ dataset: 'lab-measurements', target: 'label', model: 'gbdt', seed: 3, params: { max_iter: 20 } });
    const b = await train({ dataset: 'lab-measurements', target: 'label', model: 'gbdt', seed: 3, params: { max_iter: 20 } });
    expect(b.metrics).toEqual(a.metrics);
    const model = (id: string) => project.experiments.artifact(id, 'model/model.json').json;
    expect(model(b.run)).toEqual(model(a.run));
  });

  it('classifies a text column through TF-IDF', async () => {
    const r = await train({ dataset: 'support-tickets', target: 'category', model: 'logreg', seed: 1 });
    // five categories, the largest about 26%: reading the text must do far better than naming that one
    const baseline = constantBaseline(r.run);
    expect(baseline.accuracy).toBeLessThan(0.3);
    expect(r.metrics.val_accuracy).toBeGreaterThan(baseline.accuracy + 0.5);
    expect(r.metrics.val_recall_macro).toBeGreaterThan(0.8);
    expect(r.onnx_parity?.ok).toBe(true);
  });

  it('reports k-fold cross-validation next to the split metrics', async () => {
    const r = await train({ dataset: 'lab-measurements', target: 'label', model: 'logreg', cvFolds: 3 });
    expect(r.metrics.cv_accuracy_mean).toBeGreaterThan(majorityShare('lab-measurements', 'label') + 0.02);
    // three folds of different rows never score exactly alike, so 0 means one fold was counted thrice; above 0.05 on
    // 5,000 rows means the folds were not comparable (or a variance was reported as a deviation)
    expect(r.metrics.cv_accuracy_std).toBeGreaterThan(0);
    expect(r.metrics.cv_accuracy_std).toBeLessThan(0.05);
    // the folds' mean agrees with the held-out split within a few standard errors (about 1.3 points each)
    expect(Math.abs(r.metrics.cv_accuracy_mean - r.metrics.val_accuracy)).toBeLessThan(0.05);
  });

  it('streams live loss points while training', async () => {
    const points: string[] = [];
    const off = app.events.listen((e) => {
      if (e.event === 'job.metrics') points.push(...e.payload.points.map((p) => p.key));
    });
    await train({ dataset: 'lab-measurements', target: 'label', model: 'gbdt', params: { max_iter: 30 } });
    off();
    expect(points.filter((k) => k === 'val_loss').length).toBeGreaterThanOrEqual(30);
  });

  it('refuses an unknown parameter and a missing target column without recording a run', async () => {
    const before = project.experiments.query({ offset: 0, limit: 1, columns: [] }).total;
    const requests: TrainRequestInput[] = [
      { dataset: 'lab-measurements', target: 'label', model: 'logreg', params: { depth: 3 } },
      // names Object.prototype has: once accepted by an `in` check and then silently ignored
      { dataset: 'lab-measurements', target: 'label', model: 'logreg', params: { constructor: 3 } },
      { dataset: 'lab-measurements', target: 'label', model: 'logreg', params: { toString: 'x' } },
      { dataset: 'lab-measurements', target: 'nope', model: 'logreg' },
    ];
    for (const request of requests) {
      const job = project.jobs.submit('train', 'bad', { request });
      expect(await project.jobs.wait(job.id)).toMatchObject({ state: 'failed', error: { code: 'BAD_INPUT' } });
    }
    expect(project.experiments.query({ offset: 0, limit: 1, columns: [] }).total).toBe(before);
  });

  it('cancels a training run and stores nothing', async () => {
    const before = project.experiments.query({ offset: 0, limit: 1, columns: [] }).total;
    const job = project.jobs.submit('train', 'long', { request: { dataset: 'lab-measurements', target: 'label', model: 'gbdt', params: { max_iter: 5000, learning_rate: 0.001 } } });
    await new Promise<void>((resolve) => {
      const off = app.events.listen((e) => {
        if (e.event === 'job.metrics' && e.payload.jobId === job.id) {
          off();
          resolve();
        }
      });
    });
    project.jobs.cancel(job.id);
    expect((await project.jobs.wait(job.id)).state).toBe('cancelled');
    expect(project.experiments.query({ offset: 0, limit: 1, columns: [] }).total).toBe(before);
  });
});

describe('studies', () => {
  it('runs a TPE study with parallel trials, records each trial as a run, and names the best', async () => {
    const job = project.jobs.submit('study', 'study', {
      request: { train: { dataset: 'lab-measurements', target: 'label', model: 'logreg', seed: 5 }, trials: 12, sampler: 'tpe', parallel: 2 },
    });
    const done = await project.jobs.wait(job.id);
    if (!succeededAs(done, 'study')) throw new Error(`study ended ${done.state}: ${JSON.stringify(done.error)}`);
    const result = done.result;
    const study = project.experiments.study(result.study);
    expect(study).toMatchObject({ state: 'finished', metric: 'val_log_loss', direction: 'minimize', nTrials: 12, bestRunId: result.best_run });
    expect(study.trials).toHaveLength(12);
    const values = study.trials.filter((t) => t.state === 'complete').map((t) => t.value as number);
    expect(result.best_value).toBe(Math.min(...values));
    expect(Object.keys(study.importance)).toEqual(['C']);
    const runs = project.experiments.query({ study: result.study, offset: 0, limit: 100, columns: ['attr:trial'] });
    expect(runs.total).toBe(12);
  });

  it('runs a Gaussian-process study: the same random start-up as TPE from the same seed, then proposals of its own', async () => {
    const trialsOf = async (sampler: 'gp' | 'tpe') => {
      const job = project.jobs.submit('study', `${sampler} study`, {
        request: { train: { dataset: 'lab-measurements', target: 'label', model: 'logreg', seed: 9 }, trials: 13, sampler, parallel: 1 },
      });
      const done = await project.jobs.wait(job.id);
      if (!succeededAs(done, 'study')) throw new Error(`study ended ${done.state}: ${JSON.stringify(done.error)}`);
      const study = project.experiments.study(done.result.study);
      expect(study).toMatchObject({ state: 'finished', sampler, nTrials: 13 });
      return study.trials.map((t) => t.params.C);
    };
    const gp = await trialsOf('gp');
    const tpe = await trialsOf('tpe');
    expect(gp.slice(0, 10)).toEqual(tpe.slice(0, 10));
    expect(gp.slice(10)).not.toEqual(tpe.slice(10));
  });

  it('refuses a search space naming a parameter the model lacks, even one Object.prototype has', async () => {
    for (const name of ['depth', 'constructor', 'valueOf']) {
      const job = project.jobs.submit('study', 'bad study', {
        request: { train: { dataset: 'lab-measurements', target: 'label', model: 'logreg' }, space: { [name]: { type: 'float', low: 0.1, high: 1 } }, trials: 2, sampler: 'random' },
      });
      expect(await project.jobs.wait(job.id)).toMatchObject({ state: 'failed', error: { code: 'BAD_INPUT', message: `logreg has no parameter '${name}' to search.` } });
    }
  });

  it('prunes gbdt trials whose validation loss lags the median', async () => {
    // The study thread's prune reaches a trial while it trains, so a trial must outlast that message: at 60 rounds of
    // this small dataset the fits of 2026-11-28 finished first and no trial was pruned; at 200 all six laggards are.
    const job = project.jobs.submit('study', 'study', {
      request: {
        train: { dataset: 'lab-measurements', target: 'label', model: 'gbdt', params: { max_iter: 200 } },
        space: { learning_rate: { type: 'float', low: 0.0005, high: 0.3, log: true } },
        trials: 14,
        sampler: 'random',
        parallel: 2,
      },
    });
    const done = await project.jobs.wait(job.id);
    if (!succeededAs(done, 'study')) throw new Error(`study ended ${done.state}: ${JSON.stringify(done.error)}`);
    const study = project.experiments.study(done.result.study);
    expect(study.trials.filter((t) => t.state === 'pruned').length).toBeGreaterThan(0);
    expect(study.trials.filter((t) => t.state === 'complete').length).toBeGreaterThan(0);
  });
});
