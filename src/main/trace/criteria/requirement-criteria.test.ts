// Acceptance criteria on a real project (traceProject: real imports, training, scoring and a monitor's drift report),
// judged through the channels the window and the CLI use, against the evidence each link reaches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CriterionStatus } from '../../../shared/acceptance-criteria';
import type { EventMap } from '../../../shared/events';
import type { RequirementCriteriaInfo, TraceTarget } from '../../../shared/trace';
import type { TraceLinkType } from '../../../shared/trace-matrix';
import { storeEvaluation } from '../../models/evaluations/store-evaluation';
import { heardTraceChanges, traceProject, type TraceProject } from '../../test-support/trace-project';
import { fairnessReport } from './test-reports';

let p: TraceProject;
let told: EventMap['trace.changed'][] = [];

beforeAll(async () => {
  p = await traceProject();
  told = heardTraceChanges(p);
}, 60_000);
afterAll(async () => {
  await p.close();
});

const link = (requirement: string, target: TraceTarget, type: TraceLinkType) => p.call('trace.link', { requirement, target, type });
const setCriteria = (requirement: string, criteria: string[]) => p.call('trace.setCriteria', { requirement, criteria });
const verdicts = (info: RequirementCriteriaInfo): [string, CriterionStatus][] => info.criteria.map((c) => [c.text, c.result.status]);
const linkOf = async (requirement: string, target: TraceTarget) => (await p.call('trace.links', { requirement })).find((l) => l.target.kind === target.kind && l.target.id === target.id);

describe('acceptance criteria against linked evidence', () => {
  it('tells the window about an edited requirement only once it has links', async () => {
    told.length = 0;
    await p.call('requirements.edit', { id: 'SYS-1', text: 'The system shall warn about customers likely to churn within a day.' });
    expect(told).toEqual([]);
    await link('SW-1', { kind: 'requirement', id: 'SYS-1' }, 'refines');
    told.length = 0;
    await p.call('requirements.edit', { id: 'SYS-1', text: 'The system shall warn about customers likely to churn within an hour.' });
    expect(told).toEqual([{ requirements: ['SW-1'] }]);
  });

  it('judges a metric on a linked scoring evaluation: pass, fail, and no evidence for a metric or dataset it lacks', async () => {
    await link('ML-1', p.targets.evaluation, 'evaluated-by');
    // the scoring of churn@1 on prod@2 measured accuracy 0.9667
    const info = await setCriteria('ML-1', ['accuracy >= 0.95 on dataset prod', 'accuracy >= 0.97', 'recall >= 0.9', 'accuracy >= 0.5 on dataset prod@1']);
    expect(verdicts(info)).toEqual([
      ['accuracy >= 0.95 on dataset prod', 'pass'],
      ['accuracy >= 0.97', 'fail'],
      ['recall >= 0.9', 'no-evidence'],
      ['accuracy >= 0.5 on dataset prod@1', 'no-evidence'],
    ]);
    expect(info.status).toBe('fail');
    expect(info.criteria[1].result.reason).toBe(`accuracy 0.966667 < 0.97 on prod@2 (${p.evaluation})`);
    expect((await linkOf('ML-1', p.targets.evaluation))?.status).toBe('failing');

    const fixed = await setCriteria('ML-1', ['accuracy >= 0.95 on dataset prod', 'recall >= 0.9']);
    expect(fixed.status).toBe('no-evidence');
    // one criterion holds on the evidence: the link is ok, though the other has none
    expect((await linkOf('ML-1', p.targets.evaluation))?.status).toBe('ok');
    await setCriteria('ML-1', ['recall >= 0.9']);
    expect((await linkOf('ML-1', p.targets.evaluation))?.status).toBe('no-evidence');
  });

  it("judges drift criteria on a monitor's newest report, whole and by window", async () => {
    await link('SYS-1', p.targets.monitor, 'monitored-by');
    // prod@2 shifts x by two standard deviations from prod@1 (and so the label); y and c are drawn alike
    const info = await setCriteria('SYS-1', [
      'no drift in column y',
      'no drift in column x',
      'no drift in column age',
      'drift share <= 0.5',
      'drift share < 0.5',
      'no dataset drift',
      'drift share <= 0.5 in the last window',
    ]);
    expect(verdicts(info)).toEqual([
      ['no drift in column y', 'pass'],
      ['no drift in column x', 'fail'],
      ['no drift in column age', 'no-evidence'],
      ['drift share <= 0.5', 'pass'],
      ['drift share < 0.5', 'fail'],
      ['no dataset drift', 'fail'],
      ['drift share <= 0.5 in the last window', 'no-evidence'],
    ]);
    expect(info.criteria[1].result.reason).toMatch(new RegExp(`^column x drifts: ks p=.+, threshold 0.05 \\(${p.driftReport}\\)$`));
    expect((await linkOf('SYS-1', p.targets.monitor))?.status).toBe('failing');
  });

  it('reaches the evaluations and drift reports on a linked dataset version, and the run behind a linked model version', async () => {
    await link('SYS-1', p.targets.dataset, 'satisfies');
    await link('SW-1', p.targets.model, 'satisfies');
    await setCriteria('SYS-1', ['accuracy >= 0.9 on dataset prod@2', 'no drift in column c']);
    const onDataset = await linkOf('SYS-1', p.targets.dataset);
    expect(onDataset?.criteria.map((c) => [c.status, c.observation?.evidenceId])).toEqual([
      ['pass', p.evaluation],
      ['pass', p.driftReport],
    ]);
    expect(onDataset?.status).toBe('ok');
    // the training run's validation figures and the scoring's figures both come with the model version
    const info = await setCriteria('SW-1', ['val_accuracy >= 0.8', 'accuracy >= 0.9', 'val_recall_macro >= 0.9']);
    expect(info.criteria.map((c) => [c.text, c.result.status, c.result.observation?.evidenceId])).toEqual([
      ['val_accuracy >= 0.8', 'pass', p.run],
      ['accuracy >= 0.9', 'pass', p.evaluation],
      ['val_recall_macro >= 0.9', 'fail', p.run],
    ]);
    // SW-1's refines link to SYS-1 claims no evidence: criteria are not judged on it
    expect((await linkOf('SW-1', { kind: 'requirement', id: 'SYS-1' }))?.criteria).toEqual([]);
  });

  it('judges a fairness disparity on the sensitive attribute it names', async () => {
    // stored as the fairness job stores its report: the disparities of churn@1's predictions on prod@2 by column c
    storeEvaluation(p.project.store, { title: 'fairness by c', modelVersion: p.modelVersion, datasetVersion: p.datasetVersions[1], body: fairnessReport('unused', '', 'c', { demographicParityDifference: 0.08 }).body }, 'tester');
    const info = await setCriteria('SW-1', ['demographic parity difference <= 0.1 on c', 'demographic parity difference < 0.05 on c', 'demographic parity difference <= 0.1 on sex', 'equalized odds difference <= 0.1 on c']);
    expect(verdicts(info)).toEqual([
      ['demographic parity difference <= 0.1 on c', 'pass'],
      ['demographic parity difference < 0.05 on c', 'fail'],
      ['demographic parity difference <= 0.1 on sex', 'no-evidence'],
      // the report could not compute it (no group defines it)
      ['equalized odds difference <= 0.1 on c', 'no-evidence'],
    ]);
    expect(info.criteria[3].result.reason).toMatch(/^equalized odds difference on c is undefined in eval-/);
  });

  it('flags a link at once when a new benchmark breaks a criterion, and tells the window', async () => {
    await setCriteria('SW-1', ['accuracy >= 0.9', 'p95 latency <= 60000 ms on provider cpu batch 1', 'p95 latency <= 0.000001 ms', 'p50 latency <= 5 ms on provider webgpu']);
    expect((await linkOf('SW-1', p.targets.model))?.status).toBe('ok');
    told.length = 0;
    const { jobId } = await p.call('models.bench', { model: p.modelVersion, providers: ['cpu'], batchSizes: [1], runs: 3, warmup: 0 });
    expect((await p.project.jobs.wait(jobId)).state).toBe('succeeded');

    expect(told).toEqual([{ requirements: ['SW-1'] }]);
    expect(verdicts(await p.call('trace.criteria', { requirement: 'SW-1' }))).toEqual([
      ['accuracy >= 0.9', 'pass'],
      ['p95 latency <= 60000 ms on provider cpu batch 1', 'pass'],
      ['p95 latency <= 0.000001 ms', 'fail'],
      ['p50 latency <= 5 ms on provider webgpu', 'no-evidence'],
    ]);
    expect((await linkOf('SW-1', p.targets.model))?.status).toBe('failing');
  });

  it("tells the window about links to a monitor's older report when its new report supersedes it", async () => {
    await link('ML-1', p.targets.driftReport, 'verifies');
    told.length = 0;
    // the monitor's run as the window starts it: a 'drift.report' job through the runner
    const { jobId } = await p.call('monitors.run', { monitor: p.monitor });
    expect((await p.project.jobs.wait(jobId)).state).toBe('succeeded');
    // SYS-1 is linked to the monitor itself, ML-1 to the report the new one supersedes
    expect(told.map((t) => [...t.requirements].sort())).toEqual([['ML-1', 'SYS-1']]);
  });

  it('stores criteria in canonical form, audited, appending a row per change and nothing when unchanged', async () => {
    const info = await setCriteria('ML-1', ['ACCURACY>=0.9   on DATASET "prod"@2', 'no drift in column "day of week"']);
    expect(info.criteria.map((c) => c.text)).toEqual(['ACCURACY >= 0.9 on dataset prod@2', 'no drift in column "day of week"']);
    expect(info.setBy).toBe(p.project.store.actor);
    const audited = async () => (await p.call('audit.list', { limit: 1000 })).filter((e) => e.action === 'trace.criteria' && e.target === 'requirement:ML-1');
    const before = await audited();
    await setCriteria('ML-1', ['ACCURACY >=0.9 on dataset "prod@2"', 'no  drift in column "day of week"']);
    await setCriteria('ML-1', ['accuracy >= 0.9 on dataset prod@2', 'no drift in column "day of week"']);
    const after = await audited();
    expect(after.length - before.length).toBe(1);
    expect(after[0].details).toEqual({ criteria: ['accuracy >= 0.9 on dataset prod@2', 'no drift in column "day of week"'], previous: ['ACCURACY >= 0.9 on dataset prod@2', 'no drift in column "day of week"'] });
    expect((await setCriteria('ML-1', [])).criteria).toEqual([]);
    expect((await p.call('trace.criteria', { requirement: 'ML-1' })).status).toBeNull();
  });

  it('refuses a criterion that does not parse, or repeats another, naming its position, column and word, and keeps the old ones', async () => {
    await setCriteria('ML-1', ['recall >= 0.9']);
    const bad = await p.refused('trace.setCriteria', { requirement: 'ML-1', criteria: ['accuracy >= 0.9', 'recall is high'] });
    expect(bad).toMatchObject({ code: 'BAD_INPUT', message: "criterion 2: acceptance criterion: expected a comparison (>=, <=, >, <), found 'is' at column 8", where: { field: 'criteria.1', column: 8 } });
    const repeated = await p.refused('trace.setCriteria', { requirement: 'ML-1', criteria: ['accuracy >= 0.9', 'f1 > 0.5', 'Accuracy>=0.9'] });
    expect(repeated).toMatchObject({ code: 'BAD_INPUT', message: "criterion 3 says what criterion 1 says ('Accuracy >= 0.9').", where: { field: 'criteria.2' } });
    expect((await p.call('trace.criteria', { requirement: 'ML-1' })).criteria.map((c) => c.text)).toEqual(['recall >= 0.9']);
    expect(await p.refused('trace.criteria', { requirement: 'NOPE-1' })).toMatchObject({ code: 'NOT_FOUND', message: "No requirement 'NOPE-1'." });
  });
});
