import { beforeAll, describe, expect, it } from 'vitest';
import type { TraceSuggestion } from '../../shared/trace';
import { cliJson, oneLineFailure, sharedDataCli } from '../test-support/run-cli';
import { traceProject, type TraceProject } from '../test-support/trace-project';

/** The real CLI in a child process, on the traceability test project once it is closed. */
const { airlock } = sharedDataCli();
let p: TraceProject;

beforeAll(async () => {
  p = await traceProject();
  await p.close();
}, 30_000);

describe('airlock trace suggest, reject', () => {
  it('prints the ranked candidates as JSON with target, type, score and reason, then leaves out a rejected one', async () => {
    const before = cliJson<TraceSuggestion[]>(await airlock('trace', 'suggest', 'ML-1', '--project', p.dir, '--json'));
    expect(before[0]).toMatchObject({ target: { kind: 'model_version', id: p.modelVersion }, type: 'satisfies', reason: expect.stringContaining('churn') });
    expect(before[0].score).toBeGreaterThan(0);
    expect(cliJson<unknown>(await airlock('trace', 'reject', 'ML-1', `model:${p.modelVersion}`, '--type', 'satisfies', '--reason', 'not this one', '--project', p.dir, '--json'))).toEqual({
      requirement: 'ML-1',
      target: { kind: 'model_version', id: p.modelVersion },
      type: 'satisfies',
    });
    const after = cliJson<TraceSuggestion[]>(await airlock('trace', 'suggest', 'ML-1', '--project', p.dir, '--limit', '50', '--json'));
    expect(after.some((s) => s.target.id === p.modelVersion)).toBe(false);
    expect(after.length).toBeGreaterThan(0);
  }, 60_000);

  it('prints a table for people, children marked', async () => {
    const r = await airlock('trace', 'suggest', 'SYS-1', '--project', p.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^SCORE\s+TYPE\s+TARGET\s+LABEL\s+REASON/);
    expect(r.stdout).toMatch(/refines \(child\)\s+req:SW-1/);
  }, 60_000);

  it('fails in one line with a non-zero exit for an unknown requirement, target or type, and a limit out of range', async () => {
    expect(oneLineFailure(await airlock('trace', 'suggest', 'NOPE-1', '--project', p.dir))).toMatch(/No requirement NOPE-1/);
    expect(oneLineFailure(await airlock('trace', 'suggest', 'ML-1', '--limit', '0', '--project', p.dir))).toMatch(/--limit must be between 1 and 100/);
    expect(oneLineFailure(await airlock('trace', 'reject', 'ML-1', 'dataset:nothing', '--type', 'trained-on', '--project', p.dir))).toMatch(/nothing/);
    expect(oneLineFailure(await airlock('trace', 'reject', 'ML-1', `dataset:${p.datasetVersions[1]}`, '--type', 'monitored-by', '--project', p.dir))).toMatch(/monitored-by/);
  }, 60_000);
});
