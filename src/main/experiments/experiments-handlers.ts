// Handlers for training, tuning, the runs table, comparisons and MLflow interchange.
import path from 'node:path';
import { fail } from '../../shared/errors';
import type { HandlerMap } from '../handler-types';

type ExperimentChannels =
  | 'experiments.list' | 'runs.columns' | 'runs.query' | 'runs.get' | 'runs.curves' | 'runs.compare' | 'runs.artifact'
  | 'runs.setTag' | 'runs.setNote' | 'train.start' | 'studies.start' | 'studies.list' | 'studies.get' | 'mlflow.import' | 'mlflow.export';

export const experimentsHandlers: HandlerMap<ExperimentChannels> = {
  'experiments.list': (_i, { app }) => app.requireProject().experiments.experiments(),
  'runs.columns': ({ experiment }, { app }) => app.requireProject().experiments.columns(experiment),
  'runs.query': (q, { app }) => app.requireProject().experiments.query(q),
  'runs.get': ({ id }, { app }) => app.requireProject().experiments.run(id),
  'runs.curves': ({ ids, keys, maxPoints }, { app }) => app.requireProject().experiments.curves(ids, keys, maxPoints),
  'runs.compare': ({ ids }, { app }) => app.requireProject().experiments.compare(ids),
  'runs.artifact': ({ id, path: p }, { app }) => app.requireProject().experiments.artifact(id, p),
  'runs.setTag': ({ id, key, value }, { app }) => app.requireProject().experiments.setTag(id, key, value),
  'runs.setNote': ({ id, note }, { app }) => app.requireProject().experiments.setNote(id, note),
  'train.start': (request, { app }) => {
    const job = app.requireProject().jobs.submit('train', `Train ${request.model} on ${request.dataset}${request.version ? `@${request.version}` : ''} -> ${request.target}`, { request });
    return { jobId: job.id };
  },
  'studies.start': (request, { app }) => {
    const job = app.requireProject().jobs.submit('study', `Study: ${request.trials} ${request.sampler} trials of ${request.train.model} on ${request.train.dataset} -> ${request.train.target}`, { request });
    return { jobId: job.id };
  },
  'studies.list': (_i, { app }) => app.requireProject().experiments.studyList(),
  'studies.get': ({ id }, { app }) => app.requireProject().experiments.study(id),
  'mlflow.import': async ({ source }, ctx) => {
    const project = ctx.app.requireProject();
    const folder = await ctx.resolveFolder(source);
    const dir = folder.path;
    const job = project.jobs.submit('mlflow.import', `Import MLflow runs from ${path.basename(dir)}`, { dir });
    folder.consumedBy?.(job.id);
    return { jobId: job.id };
  },
  'mlflow.export': ({ target, experiment }, ctx) => {
    if (target.kind === 'download') {
      fail('BAD_INPUT', 'An MLflow export is a folder, and browser mode downloads single files only.', { hint: 'Export in the desktop app, or run `airlock mlflow export DIR --project PROJECT`.' });
    }
    const out = ctx.resolveTarget(target, 'mlruns');
    return ctx.app.requireProject().experiments.exportMlflow(out.path, experiment, out.shown);
  },
};
