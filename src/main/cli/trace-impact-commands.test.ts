// `airlock trace impact, clear, reverify` as a pipeline runs them: the real CLI in a child process on a real project
// whose links were made suspect by a requirement edit and a newer model version.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImpactReport, TraceLinkInfo } from '../../shared/trace';
import { editRequirement } from '../requirements/store/requirements-service';
import { cliJson, oneLineFailure, sharedDataCli } from '../test-support/run-cli';
import { traceProject } from '../test-support/trace-project';

const { airlock } = sharedDataCli();

let dir: string;
let satisfies: TraceLinkInfo;
let verifies: TraceLinkInfo;
let newer: string;

beforeAll(async () => {
  const tp = await traceProject();
  dir = tp.dir;
  satisfies = await tp.call('trace.link', { requirement: 'ML-1', type: 'satisfies', target: tp.targets.model });
  verifies = await tp.call('trace.link', { requirement: 'SW-1', type: 'verifies', target: tp.targets.evaluation });
  editRequirement(tp.project.store, 'SW-1', { text: 'The software shall score every customer of the prod dataset hourly.' });
  newer = (await tp.nextModelVersion()).modelVersion;
  await tp.close();
}, 60_000);

describe('airlock trace impact', () => {
  it('prints the links with why they are suspect and everything they reach, as JSON and as text', async () => {
    const report = cliJson<ImpactReport>(await airlock('trace', 'impact', 'ML-1', '--project', dir, '--json'));
    expect(report.links).toEqual([expect.objectContaining({ id: satisfies.id, status: 'suspect', suspect: [{ kind: 'superseded', by: { kind: 'model_version', id: newer }, label: expect.stringContaining(newer) }] })]);
    expect(report.affected.map((i) => `${i.node.kind} ${i.via.join('>')}`)).toEqual(expect.arrayContaining(['model_version satisfies', 'run satisfies>produced', 'dataset_version satisfies>produced>trained']));

    const text = await airlock('trace', 'impact', 'ML-1', '--project', dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('ML-1 Churn classifier (revision 1)');
    expect(text.stdout).toContain(`superseded by model:${newer}`);
    expect(text.stdout).toContain('satisfies > produced > trained');
  }, 60_000);

  it('fails in one line for a requirement the project does not hold', async () => {
    expect(oneLineFailure(await airlock('trace', 'impact', 'NOPE-1', '--project', dir))).toMatch(/No requirement NOPE-1/);
  }, 30_000);
});

describe('airlock trace clear and reverify', () => {
  it('clears a suspect link with a reason and refuses one without', async () => {
    expect(oneLineFailure(await airlock('trace', 'clear', verifies.id, '--project', dir))).toMatch(/--reason/);
    const cleared = cliJson<TraceLinkInfo>(await airlock('trace', 'clear', verifies.id, '--reason', 'the evaluation covers hourly scoring', '--project', dir, '--json'));
    expect(cleared).toMatchObject({ id: verifies.id, status: 'ok', requirementRevision: 2, reviewed: { action: 'cleared', reason: 'the evaluation covers hourly scoring' } });
  }, 60_000);

  it('re-verifies a superseded link against the newer model version, and refuses evidence its type cannot point at', async () => {
    expect(oneLineFailure(await airlock('trace', 'reverify', verifies.id, '--evidence', 'dataset:prod', '--reason', 'r', '--project', dir))).toMatch(/'verifies' link points at/);
    const moved = cliJson<TraceLinkInfo>(await airlock('trace', 'reverify', satisfies.id, '--evidence', `model:${newer}`, '--reason', 'churn@2 passed the same checks', '--project', dir, '--json'));
    expect(moved).toMatchObject({ id: satisfies.id, target: { kind: 'model_version', id: newer }, status: 'ok', reviewed: { action: 'reverified' } });
    const text = await airlock('trace', 'impact', 'ML-1', '--project', dir);
    expect(text.stdout).toContain(`${satisfies.id} ML-1 satisfies model:${newer} ok`.replaceAll(' ', '\t'));
  }, 60_000);
});
