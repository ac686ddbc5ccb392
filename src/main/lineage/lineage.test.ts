// The lineage graph on a real project: a trained run's dataset version -> run -> model version chain, walked both ways.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Input } from '../../shared/api';
import type { StudyResult, TrainResult } from '../../shared/experiments';
import type { JobInfo } from '../../shared/domain';
import { succeededAs } from '../../shared/jobs';
import { LINEAGE_NODE_KINDS, type LineageGraph, type LineageNode, type LineageRelation } from '../../shared/lineage';
import type { OpenProject, Workbench } from '../app';
import type { HandlerContext } from '../handler-types';
import { dispatch } from '../host/dispatch';
import { runCli } from '../cli/program';
import { sampleTables } from '../samples/sample-data';
import { LineageRepo } from '../store/lineage-repo';
import { tempDir } from '../test-support/temp-project';
import { channelCalls, openTestWorkbench } from '../test-support/test-workbench';

let app: Workbench;
let project: OpenProject;
let ctx: HandlerContext;
let trained: TrainResult;
let study: StudyResult;
const DATASET: LineageNode = { kind: 'dataset_version', id: 'lab-measurements@1' };

beforeAll(async () => {
  ({ app, project, ctx } = await openTestWorkbench());
  const v = sampleTables()[0].versions[0];
  const file = path.join(tempDir(), v.fileName);
  fs.writeFileSync(file, v.csv);
  const finished = async (job: JobInfo): Promise<JobInfo> => {
    const done = await project.jobs.wait(job.id);
    if (done.state !== 'succeeded') throw new Error(`${done.kind} ended ${done.state}: ${JSON.stringify(done.error)}`);
    return done;
  };
  await finished(project.jobs.submit('dataset.import', 'import', { path: file, fileName: v.fileName, name: 'lab-measurements' }));
  const train = await finished(project.jobs.submit('train', 'train', { request: { dataset: 'lab-measurements', target: 'label', model: 'logreg', seed: 1, register: 'lab-clf' } }));
  const tune = await finished(project.jobs.submit('study', 'study', { request: { train: { dataset: 'lab-measurements', target: 'label', model: 'logreg', seed: 2 }, trials: 2, sampler: 'random', parallel: 1 } }));
  if (!succeededAs(train, 'train') || !succeededAs(tune, 'study')) throw new Error('training or the study did not succeed');
  trained = train.result;
  study = tune.result;
}, 180_000);
afterAll(async () => {
  await app.closeProject();
});

const { call } = channelCalls(() => ctx);
const graph = (input: Input<'lineage.graph'>): Promise<LineageGraph> => call('lineage.graph', input);

const edgeText = (g: LineageGraph): string[] => g.edges.map((e) => `${e.from.kind}:${e.from.id} ${e.relation} ${e.to.kind}:${e.to.id}`).sort();
const nodeText = (g: LineageGraph): string[] => g.nodes.map((n) => `${n.depth} ${n.kind}:${n.id}`);

describe('lineage.graph', () => {
  it('walks downstream from a dataset version to the run it trained and the model version that run produced', async () => {
    const g = await graph({ node: DATASET, direction: 'downstream', relations: ['trained', 'produced'] });
    const runs = g.nodes.filter((n) => n.kind === 'run').map((n) => n.id);
    expect(runs).toContain(trained.run);
    expect(runs).toHaveLength(3); // the trained run and the study's two trials
    expect(nodeText(g)[0]).toBe('0 dataset_version:lab-measurements@1');
    expect(nodeText(g)).toContain(`1 run:${trained.run}`);
    expect(nodeText(g)).toContain(`2 model_version:${trained.model}`);
    expect(edgeText(g)).toContain(`dataset_version:lab-measurements@1 trained run:${trained.run}`);
    expect(edgeText(g)).toContain(`run:${trained.run} produced model_version:${trained.model}`);
    expect(g.truncated).toBe(false);
  });

  it('walks upstream from that model version back through its run to the dataset version, the same chain read the other way', async () => {
    const g = await graph({ node: { kind: 'model_version', id: trained.model! }, direction: 'upstream' });
    expect(nodeText(g)).toEqual([`0 model_version:${trained.model}`, `1 run:${trained.run}`, '2 dataset_version:lab-measurements@1']);
    expect(edgeText(g)).toEqual([`dataset_version:lab-measurements@1 trained run:${trained.run}`, `run:${trained.run} produced model_version:${trained.model}`].sort());
  });

  it('answers both directions from a run, and a trial run reaches its study and the dataset version the study explored', async () => {
    const both = await graph({ node: { kind: 'run', id: trained.run }, direction: 'both' });
    expect(nodeText(both).sort()).toEqual([`0 run:${trained.run}`, `1 dataset_version:lab-measurements@1`, `1 model_version:${trained.model}`].sort());
    const trial = await graph({ node: { kind: 'run', id: study.best_run! }, direction: 'upstream' });
    expect(edgeText(trial)).toEqual(
      [`dataset_version:lab-measurements@1 studied study:${study.study}`, `dataset_version:lab-measurements@1 trained run:${study.best_run}`, `study:${study.study} trial run:${study.best_run}`].sort(),
    );
  });

  it('stops at the requested depth and follows only the requested relations', async () => {
    const near = await graph({ node: DATASET, direction: 'downstream', depth: 1 });
    expect(near.nodes.filter((n) => n.kind === 'model_version')).toEqual([]);
    expect(near.nodes.filter((n) => n.kind === 'study').map((n) => n.id)).toEqual([study.study]);
    const studied = await graph({ node: DATASET, direction: 'downstream', relations: ['studied', 'trial'] });
    expect(new Set(studied.edges.map((e) => e.relation))).toEqual(new Set(['studied', 'trial']));
    expect(studied.nodes.filter((n) => n.kind === 'run')).toHaveLength(2);
  });

  it('refuses an unknown node kind, an unknown relation and a depth past the bound with BAD_INPUT naming the field', async () => {
    const refused = async (input: unknown): Promise<string | undefined> => {
      const r = await dispatch('lineage.graph', input, ctx);
      expect(r.ok).toBe(false);
      return r.ok ? undefined : `${r.error.code} ${r.error.where?.field}`;
    };
    expect(await refused({ node: { kind: 'constructor', id: 'x' }, direction: 'upstream' })).toBe('BAD_INPUT node.kind');
    expect(await refused({ node: { kind: 'prediction', id: 'x' }, direction: 'upstream' })).toBe('BAD_INPUT node.kind');
    expect(await refused({ node: DATASET, direction: 'downstream', relations: ['derived'] })).toBe('BAD_INPUT relations.0');
    expect(await refused({ node: DATASET, direction: 'sideways' })).toBe('BAD_INPUT direction');
    expect(await refused({ node: DATASET, direction: 'upstream', depth: 11 })).toBe('BAD_INPUT depth');
    expect(await refused({ node: { kind: 'run', id: 'no-such-run' }, direction: 'upstream' })).toBe('NOT_FOUND node.id');
  });

  it('refuses to write an edge whose relation is not in the catalogue or joins the wrong kinds', () => {
    const repo = new LineageRepo(project.store.db);
    const run: LineageNode = { kind: 'run', id: trained.run };
    const model: LineageNode = { kind: 'model_version', id: trained.model! };
    expect(() => repo.link(run, 'trained', model, '2026-01-01T00:00:00Z')).toThrowError("A 'trained' edge goes from a dataset_version to a run, not from a run to a model_version.");
    expect(() => repo.link(run, 'derived' as LineageRelation, model, '2026-01-01T00:00:00Z')).toThrowError(/'derived' is not a lineage relation/);
    expect(() => repo.link(run, 'constructor' as LineageRelation, model, '2026-01-01T00:00:00Z')).toThrowError(/'constructor' is not a lineage relation/);
  });
});

describe('airlock lineage', () => {
  it('prints the graph lineage.graph answers, one edge a line, and refuses an unknown kind in one line', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    const node = `model_version:${trained.model}`;
    expect(await runCli(['lineage', node, '--project', project.store.dir, '--direction', 'upstream', '--json'], io), err.join('\n')).toBe(0);
    expect(JSON.parse(out.join('\n'))).toEqual(await graph({ node: { kind: 'model_version', id: trained.model! }, direction: 'upstream' }));
    out.length = 0;
    expect(await runCli(['lineage', node, '--project', project.store.dir, '--direction', 'upstream'], io)).toBe(0);
    expect(out.join('\n').split('\n').sort()).toEqual([`dataset_version:lab-measurements@1\ttrained\trun:${trained.run}`, `run:${trained.run}\tproduced\t${node}`].sort());
    expect(await runCli(['lineage', 'model:x', '--project', project.store.dir], io)).toBe(1);
    expect(err.at(-1)).toMatch(new RegExp(`^airlock: BAD_INPUT: --kind must be one of ${LINEAGE_NODE_KINDS.join(', ')}, got 'model'`));
  }, 60_000);
});
