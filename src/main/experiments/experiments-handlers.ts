// Handlers for training, tuning, the runs table, comparisons and MLflow interchange.
import path from 'node:path';
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
  'mlflow.import': ({ path: dir }, { app }) => app.requireProject().experiments.importMlflow(path.resolve(dir)),
  'mlflow.export': ({ path: dir, experiment }, { app }) => app.requireProject().experiments.exportMlflow(path.resolve(dir), experiment),
};
