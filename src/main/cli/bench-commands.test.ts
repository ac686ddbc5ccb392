import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../shared/evaluations';
import { importModel } from '../models/registry/model-import';
import { linearClassifier, writeTestModel } from '../models/test-models';
import { oneLineFailure, sharedDataCli, type CliRun } from '../test-support/run-cli';
import { tempDir, tempProject } from '../test-support/temp-project';

/** The real CLI in a child process, as a pipeline runs it; every call shares one data folder. */
const { airlock } = sharedDataCli();
let project = '';

/** clf@1 and clf@2: two linear classifiers of x [N, 2] into neg / pos; holdout@1: 60 rows of f1, f2 and a label. */
beforeAll(async () => {
  const store = tempProject();
  project = store.dir;
  const dir = tempDir();
  for (const [i, w] of [[1, 1], [2, 0.2]] as const) {
    importModel(store, writeTestModel(dir, `clf-${i}.onnx`, linearClassifier({ weights: [0, 1, 0, w], bias: [0, 0], classes: ['neg', 'pos'] })), { name: 'clf' });
  }
  store.close();
  const csv = path.join(dir, 'holdout.csv');
  const rows = Array.from({ length: 60 }, (_, i) => {
    const f1 = ((i * 37) % 100) / 50 - 1;
    const f2 = ((i * 61) % 100) / 50 - 1;
    return `${f1},${f2},${f1 + f2 > 0 ? 'pos' : 'neg'}`;
  });
  fs.writeFileSync(csv, ['f1,f2,label', ...rows].join('\n'));
  const imported = await airlock('dataset', 'import', csv, '--project', project, '--name', 'holdout');
  expect(imported.code).toBe(0);
}, 60_000);

/** A successful --json run: exit 0, no error line, one JSON document on stdout. */
function reportOf(r: CliRun): EvaluationReport {
  expect(r.stderr.split('\n').filter((l) => l.startsWith('airlock:'))).toEqual([]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('airlock model bench', () => {
  it('prints the stored benchmark as one JSON document: a point per provider and batch size asked for, and the machine', async () => {
    const report = reportOf(await airlock('model', 'bench', 'clf@1', '--project', project, '--provider', 'cpu', '--batch', '16', '1', '--runs', '3', '--warmup', '1', '--json'));
    expect(report).toMatchObject({ kind: 'benchmark', modelVersion: 'clf@1', datasetVersion: null });
    expect(report.sha256).toMatch(/^[0-9a-f]{64}$/);
    if (report.body.kind !== 'benchmark') throw new Error(report.body.kind);
    expect(report.body.points.map((p) => [p.provider, p.batchSize, p.runs])).toEqual([
      ['cpu', 1, 3],
      ['cpu', 16, 3],
    ]);
    expect(report.body.warmup).toBe(1);
    expect(report.body.machine.node).toBe(process.versions.node);
  }, 30_000);

  it('refuses an unknown provider in one line, before opening the project', async () => {
    const r = await airlock('model', 'bench', 'clf@1', '--project', project, '--provider', 'tpu');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual(["airlock: BAD_INPUT: --provider must be one of cpu, webgpu, cuda, got 'tpu'. (field 'provider')"]);
  }, 30_000);
});

const compareArgs = (dir: string): string[] => ['model', 'compare', 'clf@1', 'clf@2', '--dataset', 'holdout@1', '--target', 'label', '--input', 'x=f1,f2', '--provider', 'cpu', '--bootstrap', '50', '--project', dir];

describe('airlock model compare', () => {
  it('prints the stored comparison on a dataset version with a target: metrics with intervals, agreement, the disagreeing rows', async () => {
    const report = reportOf(await airlock(...compareArgs(project), '--json'));
    expect(report).toMatchObject({ kind: 'comparison', modelVersion: 'clf@1', otherModelVersion: 'clf@2', datasetVersion: 'holdout@1' });
    if (report.body.kind !== 'comparison') throw new Error(report.body.kind);
    expect(report.body.metrics.map((m) => m.name)).toEqual(['accuracy', 'f1_macro', 'roc_auc']);
    // clf@1 is the rule the labels were made with
    expect(report.body.metrics[0].champion.value).toBe(1);
    expect(report.body.disagreements).toBe(report.body.disagreeing.length);
    expect(report.body.agreement).toBeCloseTo(1 - report.body.disagreements / 60, 12);
  }, 30_000);

  it('prints the metrics table and the agreement for a person without --json', async () => {
    const human = await airlock(...compareArgs(project));
    expect(human.code).toBe(0);
    expect(human.stdout).toContain("against 'label', 95% paired bootstrap intervals:");
    expect(human.stdout).toMatch(/accuracy\s+1\.000 \[1\.000, 1\.000\]/);
    expect(human.stdout).toMatch(/they agree on \d+\.\d\d% of rows; \d+ disagree/);
  }, 30_000);

  it('fails in one line naming a model version that does not exist', async () => {
    const r = await airlock('model', 'compare', 'clf@1', 'clf@9', '--dataset', 'holdout@1', '--project', project);
    expect(oneLineFailure(r)).toBe("airlock: NOT_FOUND: There is no model version clf@9. (field 'challenger') Hint: airlock model list shows the registered models.");
  }, 30_000);
});
