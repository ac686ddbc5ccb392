// `airlock req classify|label|train|classifier` through the real CLI in a child process, as a pipeline runs it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClassifierInfo, RequirementLabel, RequirementTrainResult } from '../../shared/requirements-classes';
import { REQUIREMENT_CLASSES } from '../../shared/requirements-classes';
import { ProjectStore } from '../store/project-store';
import { oneLineFailure, sharedDataCli, type CliRun } from '../test-support/run-cli';
import { tempDir, testStoreOptions } from '../test-support/temp-project';

const { airlock } = sharedDataCli();

const work = tempDir();
const project = path.join(work, 'proj');
ProjectStore.create(project, testStoreOptions).close();
const requirementsCsv = path.join(work, 'brakes.csv');
fs.writeFileSync(
  requirementsCsv,
  'id,text\n' +
    'BR-1,"When the driver presses the brake pedal, the brake controller shall apply the rear brakes within 150 ms."\n' +
    'BR-2,The gateway shall authenticate every diagnostic session with a certificate and encrypt the traffic.\n' +
    'BR-3,The brake warning lamp shall be red and visible in direct sunlight.\n',
);

function json<T>(r: CliRun): T {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
}

interface Verdict {
  id: string;
  class: string;
  confidence: number;
  classes: Record<string, number>;
  labels: string[];
}

describe('airlock req classify, label, train, classifier', () => {
  it('classifies with the shipped default, takes a label, and shows the classifier with the correction pending', async () => {
    json(await airlock('req', 'import', requirementsCsv, '--project', project, '--json'));
    const verdicts = json<Verdict[]>(await airlock('req', 'classify', '--project', project, '--json'));
    expect(verdicts.map((v) => v.id)).toEqual(['BR-1', 'BR-2', 'BR-3']);
    for (const v of verdicts) {
      expect(Object.keys(v).sort()).toEqual(['class', 'classes', 'confidence', 'id', 'labels']);
      expect(Object.keys(v.classes)).toEqual([...REQUIREMENT_CLASSES]);
      expect(v.confidence).toBe(v.classes[v.class]);
      expect(v.labels[0]).toBe(v.class);
    }
    expect(verdicts[1].class).toBe('security');

    const label = json<RequirementLabel>(await airlock('req', 'label', 'BR-3', 'look-and-feel', '--project', project, '--json'));
    expect(label).toMatchObject({ id: 'BR-3', label: 'look-and-feel', predicted: verdicts[2].class, revision: 1 });
    const info = json<ClassifierInfo>(await airlock('req', 'classifier', '--project', project, '--json'));
    expect(info).toMatchObject({ active: 'requirements-classifier@1', pinned: false, latest: 'requirements-classifier@1', corrections: 1, pendingCorrections: 1 });
    expect(info.metrics.f1_macro).toBeGreaterThan(0.6);
  }, 60_000);

  it('fails in one line with a non-zero exit for an unknown class and for a labels file with a bad row', async () => {
    expect(oneLineFailure(await airlock('req', 'label', 'BR-1', 'colour', '--project', project))).toContain('--class must be one of functional, safety');
    const bad = path.join(work, 'bad.csv');
    fs.writeFileSync(bad, 'text,label\n"The pump shall stop.,safety\n');
    expect(oneLineFailure(await airlock('req', 'train', '--labels', bad, '--project', project))).toContain('bad.csv line 2');
  }, 60_000);

  it('retrains as a tracked run and prints the cross-validated figures and the held-out comparison', async () => {
    const mine = path.join(work, 'mine.csv');
    fs.writeFileSync(mine, 'text,label\nThe brake controller shall log every ABS intervention with a time stamp.,functional\n');
    const r = json<RequirementTrainResult>(await airlock('req', 'train', '--labels', mine, '--folds', '2', '--project', project, '--json'));
    expect(r).toMatchObject({ version: 'requirements-classifier@2', dataset: 'requirement-labels@1', rows: { default: 1835, corrections: 1, file: 1 }, active: true });
    expect(r.cv.f1_macro).toBeGreaterThan(0.5);
    expect(r.heldOut.current?.model).toBe('requirements-classifier@1');
    expect(r.heldOut.candidate.rows).toBe(r.heldOut.current?.rows);
    expect(json<ClassifierInfo>(await airlock('req', 'classifier', '--project', project, '--json'))).toMatchObject({ active: 'requirements-classifier@2', pendingCorrections: 0 });
  }, 120_000);
});
