// Test support: a Workbench with a project in a temporary folder, its channels called as the CLI host calls them
// (through dispatch, with the CLI's path policy), CSV imports, and the stored evaluation a finished job made. Tests only.
import fs from 'node:fs';
import path from 'node:path';
import type { Channel, Input, Output } from '../../shared/api';
import type { AppError } from '../../shared/errors';
import type { EvaluationBody, EvaluationSummary } from '../../shared/evaluations';
import type { TrainRequestInput } from '../../shared/experiment-requests';
import type { TrainResult } from '../../shared/experiments';
import { succeededAs } from '../../shared/jobs';
import { Workbench, type OpenProject } from '../app';
import type { HandlerContext } from '../handler-types';
import { dispatch } from '../host/dispatch';
import { cliPathResolvers } from '../host/path-refs';
import { readEvaluation } from '../models/evaluations/store-evaluation';
import { tempDir } from './temp-project';

export interface ChannelCalls {
  /** the channel's answer; throws, with the error, when it refuses */
  call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>>;
  /** the error the channel refuses with; throws when it answers */
  refused<C extends Channel>(channel: C, input: Input<C>): Promise<AppError>;
}

/** The CLI host's context for `app`: paths are taken as given. */
export function cliContext(app: Workbench): HandlerContext {
  return { app, host: 'cli', ...cliPathResolvers({ recent: () => [] }) };
}

/** Calls through the context `context()` returns at each call, so a test file can make them before beforeAll opens its project. */
export function channelCalls(context: () => HandlerContext): ChannelCalls {
  return {
    async call(channel, input) {
      const r = await dispatch(channel, input, context());
      if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
      return r.data as Output<typeof channel>;
    },
    async refused(channel, input) {
      const r = await dispatch(channel, input, context());
      if (r.ok) throw new Error(`${channel} was not refused`);
      return r.error;
    },
  };
}

export interface TestWorkbench extends ChannelCalls {
  app: Workbench;
  project: OpenProject;
  ctx: HandlerContext;
  /** imports the CSV text as the next version of dataset `name`; throws when the import does not succeed */
  importCsv(name: string, csv: string): Promise<void>;
  /** runs a 'train' job to the end; throws, with its error, when it does not succeed */
  train(request: TrainRequestInput): Promise<TrainResult>;
  /** the summary and body of the evaluation a 'model.bench' or 'model.compare' job stored; throws when it did not succeed */
  evaluationOf<K extends 'benchmark' | 'comparison'>(jobId: string, kind: K): Promise<{ summary: EvaluationSummary; body: Extract<EvaluationBody, { kind: K }> }>;
}

const isKind = <K extends EvaluationBody['kind']>(body: EvaluationBody, kind: K): body is Extract<EvaluationBody, { kind: K }> => body.kind === kind;

/** A CLI-host Workbench (its own data folder) with a new project open, running `jobConcurrency` jobs at once. */
export async function openTestWorkbench(jobConcurrency = 2): Promise<TestWorkbench> {
  const app = new Workbench({ appVersion: 'test', host: 'cli', dataDir: tempDir(), trackRecent: false, jobConcurrency });
  await app.createProject(path.join(tempDir(), 'project'));
  const project = app.requireProject();
  const ctx = cliContext(app);
  const calls = channelCalls(() => ctx);
  return {
    app,
    project,
    ctx,
    ...calls,
    async importCsv(name, csv) {
      const file = path.join(tempDir(), `${name}.csv`);
      fs.writeFileSync(file, csv);
      const done = await project.jobs.wait((await calls.call('datasets.import', { source: { kind: 'path', path: file }, name })).jobId);
      if (done.state !== 'succeeded') throw new Error(`importing ${name} ended ${done.state}: ${JSON.stringify(done.error)}`);
    },
    async train(request) {
      const done = await project.jobs.wait(project.jobs.submit('train', 'train', { request }).id);
      if (!succeededAs(done, 'train')) throw new Error(`train ended ${done.state}: ${JSON.stringify(done.error)}`);
      return done.result;
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
