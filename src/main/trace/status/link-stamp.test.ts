// stampFor on a real project: a requirement target is stamped with its fingerprint, an artifact with the newest
// member of its line (dataset, model, monitor's reports, chain of retrainings), anything else with null.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editRequirement } from '../../requirements/store/requirements-service';
import { RequirementsRepo } from '../../store/requirements-repo';
import { errorOf } from '../../test-support/app-error-of';
import { traceProject, type TraceProject } from '../../test-support/trace-project';
import { stampFor } from './link-stamp';

let tp: TraceProject;
beforeAll(async () => {
  tp = await traceProject();
}, 60_000);
afterAll(() => tp.close());

const stamp = (kind: Parameters<typeof stampFor>[2]['kind'], id: string): string | null => stampFor(tp.project.store, 'ML-1', { kind, id }).targetStamp;

describe('stampFor', () => {
  it("stamps the requirement's newest revision and fingerprint, and a requirement target's fingerprint", () => {
    const store = tp.project.store;
    const repo = new RequirementsRepo(store.db);
    editRequirement(store, 'ML-1', { text: 'The churn classifier shall reach an accuracy of at least 0.85 on prod data.' });
    const ml1 = repo.latest('ML-1');
    expect(stampFor(store, 'ML-1', { kind: 'requirement', id: 'SYS-1' })).toEqual({ requirementRevision: 2, requirementFingerprint: ml1?.fingerprint, targetStamp: repo.latest('SYS-1')?.fingerprint });
    expect(ml1?.fingerprint).not.toBe(repo.history('ML-1')[0].fingerprint);
  });

  it('stamps a dataset or model version with the newest version of its line, which moves on when a newer one is made', async () => {
    expect(stamp('dataset_version', 'prod@1')).toBe('prod@2');
    expect(stamp('model_version', tp.modelVersion)).toBe('churn@1');
    await tp.nextDatasetVersion();
    const { modelVersion } = await tp.nextModelVersion();
    expect(modelVersion).toBe('churn@2');
    expect(stamp('dataset_version', 'prod@1')).toBe('prod@3');
    expect(stamp('model_version', 'churn@1')).toBe('churn@2');
    expect(stamp('model_version', 'churn@2')).toBe('churn@2');
  });

  it("stamps a drift report with its monitor's newest report, and a run with the newest run of its retrainings", async () => {
    const newer = await tp.nextDriftReport();
    expect(stamp('drift_report', tp.driftReport)).toBe(newer);
    expect(stamp('run', tp.run)).toBe(tp.run);
    const first = await tp.retrainRun();
    expect(stamp('run', tp.run)).toBe(first.run);
    // a second retraining of the same run is the newer one of its line
    const second = await tp.retrainRun();
    expect(stamp('run', tp.run)).toBe(second.run);
    expect(stamp('run', first.run)).toBe(first.run);
  }, 30_000);

  it('stamps kinds without versions with null, and refuses a requirement that does not exist', () => {
    expect(stamp('evaluation', tp.evaluation)).toBeNull();
    expect(stamp('monitor', tp.monitor)).toBeNull();
    expect(errorOf(() => stampFor(tp.project.store, 'NOPE-1', tp.targets.model))).toMatchObject({ code: 'NOT_FOUND', where: { field: 'requirement' } });
  });
});
