import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatasetColumns } from '../experiments/dataset-columns';
import { importModel } from '../models/registry/model-import';
import { linearClassifier, mixedInputsModel, writeTestModel } from '../models/test-models';
import { ProjectStore } from '../store/project-store';
import { sharedDataCli, type CliRun } from '../test-support/run-cli';
import { tempDir, tempProject, testStoreOptions } from '../test-support/temp-project';

/** The real CLI in a child process, as a pipeline runs it; every call shares one data folder. */
const { airlock } = sharedDataCli();
let project = '';

/** clf@1: x [N, 2] into neg / pos by f1 + f2; mixed@1: city, count and x inputs; holdout@1: 60 rows of f1, f2, label, city. */
beforeAll(async () => {
  const store = tempProject();
  project = store.dir;
  const dir = tempDir();
  importModel(store, writeTestModel(dir, 'clf.onnx', linearClassifier({ weights: [-1, 1, -1, 1], bias: [0, 0], classes: ['neg', 'pos'] })), { name: 'clf' });
  importModel(store, writeTestModel(dir, 'mixed.onnx', mixedInputsModel({ a: 1, b: 2 })), { name: 'mixed' });
  store.close();
  const csv = path.join(dir, 'holdout.csv');
  const rows = Array.from({ length: 60 }, (_, i) => {
    const f1 = ((i * 37) % 100) / 50 - 1;
    const f2 = ((i * 61) % 100) / 50 - 1;
    return `${f1},${f2},${f1 + f2 > 0.1 ? 'pos' : 'neg'},${'abc'[i % 3]}`;
  });
  fs.writeFileSync(csv, ['f1,f2,label,city', ...rows].join('\n'));
  expect((await airlock('dataset', 'import', csv, '--project', project, '--name', 'holdout')).code).toBe(0);
}, 60_000);

/** A successful --json run: exit 0, no error line, one JSON document on stdout. */
function jsonOf(r: CliRun): Record<string, unknown> {
  expect(r.stderr.split('\n').filter((l) => l.startsWith('airlock:'))).toEqual([]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('airlock score', () => {
  it('prints the new dataset version as one JSON document, and with --target the stored metrics', async () => {
    const r = jsonOf(await airlock('score', '--project', project, '--model', 'clf@1', '--dataset', 'holdout@1', '--input', 'x=f1,f2', '--target', 'label', '--provider', 'cpu', '--json'));
    expect(r).toMatchObject({ dataset: 'holdout-scored', version: 1, rows: 60, provider: 'cpu', fallback: null, columns: ['label_scored', 'probabilities_0', 'probabilities_1'], reused: false });
    expect(r.seconds).toBeGreaterThanOrEqual(0);
    expect(r.evaluation).toMatch(/^eval-[0-9a-f]{16}$/);
    expect(r.metrics).toMatchObject({ task: 'binary', target: 'label', rows: 60, metrics: { accuracy: expect.any(Number), f1: expect.any(Number), roc_auc: expect.any(Number) } });

    const store = ProjectStore.open(project, testStoreOptions);
    try {
      const out = openDatasetColumns(store, 'holdout-scored', 1);
      expect(out.schema.map((c) => c.name)).toEqual(['f1', 'f2', 'label', 'city', 'label_scored', 'probabilities_0', 'probabilities_1']);
    } finally {
      store.close();
    }
  }, 30_000);

  it('prints a readable summary without --json, into the --output dataset', async () => {
    const r = await airlock('score', '--project', project, '--model', 'clf@1', '--dataset', 'holdout@1', '--input', 'x=f2,f1', '--output', 'swapped', '--batch', '7');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^holdout@1 scored with clf@1 on \w+ in [\d.]+ s: 60 rows -> swapped@1\ncolumns added: label_scored, probabilities_0, probabilities_1\n$/);
  }, 30_000);

  it('refuses in one line, with exit 1, an input fed a column of the wrong type', async () => {
    const r = await airlock('score', '--project', project, '--model', 'mixed@1', '--dataset', 'holdout@1', '--input', 'city=city', '--input', 'count=f1', '--input', 'x=f1,f2');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('airlock:'))).toEqual(["airlock: BAD_INPUT: Input 'count' takes INT64 values, but column 'f1' is numeric (it needs integer). (field 'f1')"]);
  }, 30_000);

  it('refuses an unknown provider and a dataset without a version in one line, before opening the project', async () => {
    const provider = await airlock('score', '--project', project, '--model', 'clf@1', '--dataset', 'holdout@1', '--provider', 'tpu');
    expect(provider.code).toBe(1);
    expect(provider.stderr.trim().split('\n')).toEqual(["airlock: BAD_INPUT: --provider must be one of cpu, webgpu, cuda, got 'tpu'. (field 'provider')"]);
    const dataset = await airlock('score', '--project', project, '--model', 'clf@1', '--dataset', 'holdout');
    expect(dataset.code).toBe(1);
    expect(dataset.stderr.trim().split('\n')).toHaveLength(1);
  });
});
