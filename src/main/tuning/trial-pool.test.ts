import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrainJobInput } from '../../shared/jobs';
import { importDataset } from '../datasets/import-dataset';
import { TRIAL_PARITY_ROWS } from '../experiments/train.worker';
import { quietProgress, tempProject, type TempProject } from '../datasets/test-project';
import { StudiesRepo } from '../store/studies-repo';
import { TrialPool, type TrialPlace } from './trial-pool';

let p: TempProject;
let pool: TrialPool;
beforeEach(async () => {
  p = tempProject();
  // 400 rows, two numeric features, a label that follows x
  const rows = Array.from({ length: 400 }, (_, i) => `${(i % 37) / 3},${(i * 7) % 11},${(i % 37) / 3 + ((i * 13) % 5) > 7 ? 'yes' : 'no'}`);
  const file = p.file('lab.csv', `x,z,label\n${rows.join('\n')}\n`);
  await importDataset(p.store, { path: file, fileName: path.basename(file), name: 'lab' }, quietProgress());
  // the study the trials' runs belong to, as the study job creates it
  new StudiesRepo(p.store).create({ id: 'study1', jobId: 'study', name: 'pool', experiment: 'Default', datasetVersion: 'lab@1', target: 'label', modelKind: 'gbdt', sampler: 'random', direction: 'minimize', metric: 'val_log_loss', space: {}, nTrials: 3 });
  pool = TrialPool.forThisBuild();
});
afterEach(async () => {
  await pool.close();
  p.cleanup();
});

const trial = (n: number): TrainJobInput => ({ request: { dataset: 'lab', target: 'label', model: 'gbdt', params: { max_iter: 5 }, name: `trial ${n}` }, study: { id: 'study1', trial: n } });
function place(n: number, studyCancelled = new SharedArrayBuffer(4)): TrialPlace {
  return { jobId: `study/${n}`, projectDir: path.join(p.dir, 'project'), appVersion: 'test', actor: 'tester', cancelFlag: new SharedArrayBuffer(4), parentCancelFlags: [studyCancelled] };
}
const runCount = (): number => (p.store.db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n;

describe('TrialPool', () => {
  it('runs trials one after another on the thread it started first, each a stored run with its metrics and ONNX parity, a repeated request scoring the same from the columns the thread kept', async () => {
    const results = [];
    for (let n = 0; n < 3; n++) results.push(await pool.run(trial(n), place(n)).result);
    expect(pool.threadsStarted).toBe(1);
    expect(new Set(results.map((r) => r.run)).size).toBe(3);
    for (const r of results) {
      expect(r.metrics.val_log_loss).toBeGreaterThan(0);
      expect(r.onnx_parity?.ok).toBe(true);
    }
    expect(runCount()).toBe(3);
    // the same request three times: the later trials train on the columns the thread kept from the first, and match it
    expect(results[1].metrics).toEqual(results[0].metrics);
    expect(results[2].metrics).toEqual(results[0].metrics);
  });

  it(`checks a trial's ONNX parity on its first ${TRIAL_PARITY_ROWS} validation rows, and a one-off run's on every one`, async () => {
    const rows = Array.from({ length: 60_000 }, (_, i) => `${(i % 101) / 7},${(i * 7) % 13},${(i % 101) / 7 + ((i * 13) % 5) > 9 ? 'yes' : 'no'}`);
    const file = p.file('big.csv', `x,z,label\n${rows.join('\n')}\n`);
    await importDataset(p.store, { path: file, fileName: path.basename(file), name: 'big' }, quietProgress());
    const request = { dataset: 'big', target: 'label', model: 'gbdt', params: { max_iter: 5 } } as const;
    const ofTrial = await pool.run({ request: { ...request, name: 'trial' }, study: { id: 'study1', trial: 0 } }, place(0)).result;
    const oneOff = await pool.run({ request: { ...request, name: 'one-off' } }, place(1)).result;
    expect(ofTrial.onnx_parity).toMatchObject({ ok: true, rows: TRIAL_PARITY_ROWS });
    // the default split keeps a fifth of the rows for validation
    expect(oneOff.onnx_parity).toMatchObject({ ok: true, rows: 12_000 });
  });

  it('starts a second thread for a trial asked while the first is busy, and stores nothing for a trial whose study was cancelled', async () => {
    const cancelled = new SharedArrayBuffer(4);
    Atomics.store(new Int32Array(cancelled), 0, 1);
    const first = pool.run(trial(0), place(0));
    const second = pool.run(trial(1), place(1, cancelled));
    await expect(second.result).rejects.toMatchObject({ error: { code: 'JOB_CANCELLED' } });
    await first.result;
    expect(pool.threadsStarted).toBe(2);
    expect(runCount()).toBe(1);
  });

  it('keeps a trial stopped by its own flag on record as pruned, as a study prunes it', async () => {
    const job = pool.run(trial(0), place(0));
    job.cancel();
    expect(await job.result).toMatchObject({ model: null, metrics: {} });
    expect(p.store.db.prepare('SELECT status FROM runs').all()).toEqual([{ status: 'pruned' }]);
  });
});
