// Handlers for datasets: imports start a job; everything else reads through the open project's DatasetsService.
import type { HandlerMap } from '../handler-types';

export const datasetsHandlers: HandlerMap<'datasets.list' | 'datasets.versions' | 'datasets.profile' | 'datasets.rows' | 'datasets.diff' | 'datasets.import' | 'datasets.export'> = {
  'datasets.list': (_input, { app }) => app.requireProject().datasets.list(),
  'datasets.versions': ({ dataset }, { app }) => app.requireProject().datasets.versions(dataset),
  'datasets.profile': ({ dataset, version }, { app }) => app.requireProject().datasets.profile(dataset, version),
  'datasets.rows': ({ dataset, version, offset, limit }, { app }) => app.requireProject().datasets.rows(dataset, version, offset, limit),
  'datasets.diff': ({ dataset, from, to }, { app }) => app.requireProject().datasets.diff(dataset, from, to),
  'datasets.import': (input, ctx) => {
    const src = ctx.resolveSource(input.source);
    const fileName = input.fileName ?? src.fileName;
    const job = ctx.app.requireProject().jobs.submit('dataset.import', `Import ${fileName} as ${input.name}`, { path: src.path, fileName, name: input.name });
    return { jobId: job.id };
  },
  'datasets.export': ({ dataset, version, path }, { app }) => app.requireProject().datasets.export(dataset, version, path),
};
