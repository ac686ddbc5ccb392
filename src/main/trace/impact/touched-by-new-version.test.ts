// requirementsTouchedByNewVersion on a real project: a newer dataset version, model version, monitor report or
// retraining run touches the requirements linked to an older member of its line, and no others.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceTarget } from '../../../shared/trace';
import type { TraceLinkType } from '../../../shared/trace-matrix';
import { traceProject, type TraceProject } from '../../test-support/trace-project';
import { requirementsTouchedByNewVersion } from './touched-by-new-version';

let tp: TraceProject;
beforeAll(async () => {
  tp = await traceProject();
  const link = (requirement: string, type: TraceLinkType, target: TraceTarget) => tp.call('trace.link', { requirement, type, target });
  await link('ML-1', 'trained-on', { kind: 'dataset_version', id: 'prod@1' });
  await link('SW-1', 'satisfies', tp.targets.model);
  await link('SYS-1', 'monitored-by', tp.targets.driftReport);
  await link('SYS-1', 'satisfies', tp.targets.run);
  await link('ML-1', 'verifies', tp.targets.evaluation);
}, 60_000);
afterAll(() => tp.close());

const touched = (kind: 'dataset_version' | 'model_version' | 'drift_report' | 'run' | 'evaluation', id: string): string[] => requirementsTouchedByNewVersion(tp.project.store, { kind, id });

describe('requirementsTouchedByNewVersion', () => {
  it('a new dataset version touches the requirements linked to its older versions, and its monitor report those linked to older reports', async () => {
    const { datasetVersion, driftReport } = await tp.nextDatasetVersion();
    expect(touched('dataset_version', datasetVersion)).toEqual(['ML-1']);
    expect(touched('drift_report', driftReport)).toEqual(['SYS-1']);
  });

  it('a new model version touches the requirements linked to older versions of the model; a retraining run those linked to the run it retrains', async () => {
    const { modelVersion } = await tp.nextModelVersion();
    expect(touched('model_version', modelVersion)).toEqual(['SW-1']);
    const { run } = await tp.retrainRun();
    expect(touched('run', run)).toEqual(['SYS-1']);
  }, 30_000);

  it('touches nothing for the first of a line or a kind without versions', () => {
    expect(touched('model_version', tp.modelVersion)).toEqual([]);
    expect(touched('dataset_version', 'prod@1')).toEqual([]);
    expect(touched('drift_report', tp.driftReport)).toEqual([]);
    expect(touched('run', tp.run)).toEqual([]);
    expect(touched('evaluation', tp.evaluation)).toEqual([]);
  });
});
