// `airlock trace link, unlink, links, targets` on a real project with requirements and artifacts: in this process
// (a child process costs seconds a call), and once as a pipeline runs it, in a child process.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TraceLinkInfo, TraceTargetInfo } from '../../shared/trace';
import { inProcessCli } from '../test-support/in-process-cli';
import { cliJson, oneLineFailure, sharedDataCli, type CliRun } from '../test-support/run-cli';
import { traceProject, type TraceProject } from '../test-support/trace-project';

const { airlock } = sharedDataCli();
const cli = inProcessCli();
let p: TraceProject;

beforeAll(async () => {
  p = await traceProject();
  await p.close();
}, 60_000);

/** `airlock trace ...args --project` on the project, in this process */
const trace = (...args: string[]): Promise<CliRun> => cli('trace', ...args, '--project', p.dir);

describe('airlock trace link, unlink, links', () => {
  it('links requirements to a model by NAME@VERSION and to a dataset by name (its newest version), and lists them', async () => {
    const made = cliJson<TraceLinkInfo>(await trace('link', 'ML-1', `model:${p.modelVersion}`, '--type', 'satisfies', '--reason', 'deployed', '--json'));
    expect(made).toMatchObject({ id: expect.stringMatching(/^lnk-/), requirement: 'ML-1', target: p.targets.model, targetLabel: 'churn@1', type: 'satisfies', origin: 'manual', reason: 'deployed' });
    const human = await trace('link', 'SW-1', 'dataset:prod', '--type', 'trained-on');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^lnk-[0-9a-f]{16} SW-1 trained-on dataset:prod@2: ok\n$/);

    const ofMl = cliJson<TraceLinkInfo[]>(await trace('links', '--requirement', 'ML-1', '--json'));
    expect(ofMl.map((l) => [l.id, l.requirement, l.type, l.target.id])).toEqual([[made.id, 'ML-1', 'satisfies', p.modelVersion]]);
    expect(Object.keys(ofMl[0]!)).toEqual(expect.arrayContaining(['id', 'requirement', 'target', 'type', 'status', 'suspect', 'criteria']));
    const toProd = cliJson<TraceLinkInfo[]>(await trace('links', '--target', 'dataset:prod@2', '--json'));
    expect(toProd.map((l) => l.requirement)).toEqual(['SW-1']);
    expect((await trace('links')).stdout).toMatch(/ID\s+REQUIREMENT\s+TYPE\s+TARGET\s+STATUS\s+ORIGIN/);
    // as a pipeline runs it: the same answer from bin/airlock in a child process
    expect(cliJson<TraceLinkInfo[]>(await airlock('trace', 'links', '--requirement', 'ML-1', '--project', p.dir, '--json'))).toEqual(ofMl);
  }, 60_000);

  it('unlinks by REQ_ID KIND:ID --type and by link id, after which nothing is listed', async () => {
    const removed = cliJson<TraceLinkInfo>(await trace('unlink', 'SW-1', 'dataset:prod@2', '--type', 'trained-on', '--reason', 'wrong data', '--json'));
    expect(removed).toMatchObject({ requirement: 'SW-1', type: 'trained-on' });
    const [left] = cliJson<TraceLinkInfo[]>(await trace('links', '--json'));
    expect((await trace('unlink', left!.id)).stdout).toMatch(/^removed lnk-/);
    expect(cliJson<TraceLinkInfo[]>(await trace('links', '--json'))).toEqual([]);
    expect(oneLineFailure(await trace('unlink', left!.id))).toMatch(/No live link lnk-/);
  }, 60_000);

  it('fails in one line for a link the rules forbid, an unknown target, a bad kind word, a missing --type and an unknown requirement', async () => {
    expect(oneLineFailure(await trace('link', 'ML-1', `model:${p.modelVersion}`, '--type', 'trained-on'))).toMatch(/'trained-on' link points at a dataset version/);
    expect(oneLineFailure(await trace('link', 'ML-1', 'model:nope@3', '--type', 'satisfies'))).toMatch(/no model version nope@3/);
    expect(oneLineFailure(await trace('link', 'ML-1', 'widget:3', '--type', 'satisfies'))).toMatch(/KIND:ID\[@VERSION\]/);
    expect(oneLineFailure(await trace('unlink', 'ML-1', 'dataset:prod@2'))).toMatch(/--type/);
    expect(oneLineFailure(await trace('links', '--requirement', 'NOPE'))).toMatch(/No requirement NOPE/);
  }, 60_000);

  it('lists the targets of the kinds asked for, labelled', async () => {
    const targets = cliJson<TraceTargetInfo[]>(await trace('targets', '--kind', 'model', 'monitor', '--json'));
    expect(targets.map((t) => [t.kind, t.label])).toEqual([['model_version', 'churn@1'], ['monitor', 'prod watch']]);
  }, 60_000);
});
