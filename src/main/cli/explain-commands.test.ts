// `airlock explain` and `airlock fairness` end to end: the real CLI in a child process, as a pipeline runs it, on a
// project holding a dataset version and an imported ONNX classifier.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../shared/evaluations';
import { importDataset } from '../datasets/import-dataset';
import { importModel } from '../models/registry/model-import';
import { decisionModel, decisionsCsv } from '../models/explanation/test-decisions';
import { writeTestModel } from '../models/test-models';
import { EvaluationsRepo } from '../store/evaluations-repo';
import { ProjectStore } from '../store/project-store';
import { sharedDataCli, type CliRun } from '../test-support/run-cli';
import { tempDir, tempProject, testStoreOptions } from '../test-support/temp-project';

/** The real CLI in a child process, as a pipeline runs it; every call shares one data folder. */
const { airlock } = sharedDataCli();
let project = '';
const noop = (): void => undefined;

function storedEvaluations(): number {
  const store = ProjectStore.open(project, testStoreOptions);
  try {
    return new EvaluationsRepo(store.db).list().length;
  } finally {
    store.close();
  }
}

/** A --json run that printed one stored report. */
function reportOf(r: CliRun): EvaluationReport {
  expect(r.stderr.split('\n').filter((l) => l.startsWith('airlock:'))).toEqual([]);
  return JSON.parse(r.stdout) as EvaluationReport;
}

beforeAll(async () => {
  const store = tempProject();
  project = store.dir;
  const file = path.join(tempDir(), 'people.csv');
  fs.writeFileSync(file, decisionsCsv(200));
  await importDataset(store, { path: file, fileName: 'people.csv', name: 'people' }, { progress: noop, checkCancelled: noop });
  importModel(store, writeTestModel(tempDir(), 'clf.onnx', decisionModel()), { name: 'clf' });
  store.close();
}, 60_000);

describe('airlock explain', () => {
  it('runs permutation importance with the input mapping given and prints the stored report as one JSON document', async () => {
    const r = await airlock('explain', 'clf@1', '--dataset', 'people@1', '--target', 'y', '--input', 'x=a,b', '--repeats', '2', '--max-rows', '100', '--seed', '4', '--project', project, '--json');
    expect(r.code).toBe(0);
    const report = reportOf(r);
    expect(report).toMatchObject({ kind: 'explanation', modelVersion: 'clf@1', datasetVersion: 'people@1', body: { method: 'permutation', rows: 100, seed: 4, result: { metric: 'roc_auc', repeats: 2 } } });
    expect(storedEvaluations()).toBe(1);
  }, 60_000);

  it('prints partial dependence as a table for the columns named, and refuses an unknown method in one line before running anything', async () => {
    const r = await airlock('explain', 'clf@1', '--dataset', 'people@1', '--target', 'y', '--input', 'x=a,b', '--method', 'pdp', '--column', 'b', '--grid', '4', '--project', project);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Partial dependence of clf@1 on people@1/);
    expect(r.stdout).toMatch(/explains the probability of class 'grant' \(output probabilities\)/);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('b\t'))).toEqual([expect.stringMatching(/^b\t4\t/)]);
    const bad = await airlock('explain', 'clf@1', '--dataset', 'people@1', '--target', 'y', '--method', 'lime', '--project', project);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toEqual([expect.stringMatching(/--method must be one of permutation, pdp, shap, got 'lime'/)]);
    expect(storedEvaluations()).toBe(2);
  }, 60_000);
});

describe('airlock fairness', () => {
  it('stores the report, and exits 1 naming the failed threshold when a disparity exceeds it', async () => {
    const r = await airlock('fairness', 'clf@1', '--dataset', 'people@1', '--target', 'y', '--sensitive', 'group', '--input', 'x=a,b', '--resamples', '50', '--threshold', 'demographic_parity_difference=0', '--project', project, '--json');
    const report = reportOf(r);
    expect(report).toMatchObject({ kind: 'fairness', body: { positive: 'grant', sensitive: 'group', report: { checks: [{ metric: 'demographicParityDifference', threshold: 0, pass: false }] } } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^FAIRNESS_THRESHOLD: demographicParityDifference \S+ > 0$/m);
    expect(storedEvaluations()).toBe(3);
  }, 60_000);
});
