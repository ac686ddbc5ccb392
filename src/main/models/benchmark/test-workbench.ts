// Test support for the benchmark and comparison jobs: a Workbench with a project in a temporary folder, its channels
// called as the CLI host calls them, CSV imports, and the stored evaluation a finished job made. Tests only.
import fs from 'node:fs';
import path from 'node:path';
import type { Channel, Input, Output } from '../../../shared/api';
import type { EvaluationBody, EvaluationSummary } from '../../../shared/evaluations';
import { succeededAs } from '../../../shared/jobs';
import { Workbench, type OpenProject } from '../../app';
import type { HandlerContext } from '../../handler-types';
import { dispatch } from '../../host/dispatch';
import { cliPathResolvers } from '../../host/path-refs';
import { tempDir } from '../../test-support/temp-project';
import { readEvaluation } from '../evaluations/store-evaluation';

export interface TestWorkbench {
  app: Workbench;
  project: OpenProject;
  call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>>;
  /** imports `lines` (a header, then rows) as the next version of dataset `name` */
  importCsv(name: string, lines: string[]): Promise<void>;
  /** the summary and body of the evaluation a 'model.bench' or 'model.compare' job stored; throws when it did not succeed */
  evaluationOf<K extends 'benchmark' | 'comparison'>(jobId: string, kind: K): Promise<{ summary: EvaluationSummary; body: Extract<EvaluationBody, { kind: K }> }>;
}

const isKind = <K extends EvaluationBody['kind']>(body: EvaluationBody, kind: K): body is Extract<EvaluationBody, { kind: K }> => body.kind === kind;

export async function openTestWorkbench(): Promise<TestWorkbench> {
  const app = new Workbench({ appVersion: 'test', host: 'cli', dataDir: tempDir(), trackRecent: false, jobConcurrency: 2 });
  await app.createProject(path.join(tempDir(), 'project'));
  const project = app.requireProject();
  const ctx: HandlerContext = { app, host: 'cli', ...cliPathResolvers({ recent: () => [] }) };
  const call = async <C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> => {
    const r = await dispatch(channel, input, ctx);
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.data as Output<C>;
  };
  return {
    app,
    project,
    call,
    async importCsv(name, lines) {
      const file = path.join(tempDir(), `${name}.csv`);
      fs.writeFileSync(file, lines.join('\n'));
      const done = await project.jobs.wait((await call('datasets.import', { source: { kind: 'path', path: file }, name })).jobId);
      if (done.state !== 'succeeded') throw new Error(`importing ${name} ended ${done.state}: ${JSON.stringify(done.error)}`);
    },
    async evaluationOf(jobId, kind) {
      const done = await project.jobs.wait(jobId);
      if (!succeededAs(done, 'model.bench') && !succeededAs(done, 'model.compare')) throw new Error(`${done.kind} ended ${done.state}: ${JSON.stringify(done.error)}`);
      const report = readEvaluation(project.store, done.result.id);
      if (!isKind(report.body, kind)) throw new Error(`evaluation ${report.id} is a ${report.body.kind}, not a ${kind}`);
      return { summary: done.result, body: report.body };
    },
  };
}
