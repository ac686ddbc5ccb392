// Handlers for datasets: imports and exports start a job; everything else reads through the open project's DatasetsService.
import type { DatasetExportJobInput } from '../../shared/jobs';
import type { HandlerMap } from '../handler-types';
import { checkExportTarget } from './csv-export';
import { sourceName } from './source-name';

export const datasetsHandlers: HandlerMap<'datasets.list' | 'datasets.versions' | 'datasets.profile' | 'datasets.rows' | 'datasets.diff' | 'datasets.import' | 'datasets.export'> = {
  'datasets.list': (_input, { app }) => app.requireProject().datasets.list(),
  'datasets.versions': ({ dataset }, { app }) => app.requireProject().datasets.versions(dataset),
  'datasets.profile': ({ dataset, version }, { app }) => app.requireProject().datasets.profile(dataset, version),
  'datasets.rows': ({ dataset, version, offset, limit }, { app }) => app.requireProject().datasets.rows(dataset, version, offset, limit),
  'datasets.diff': ({ dataset, from, to }, { app }) => app.requireProject().datasets.diff(dataset, from, to),
  'datasets.import': (input, ctx) => {
    const src = ctx.resolveSource(input.source);
    const fileName = sourceName(input.fileName ?? src.fileName);
    const job = ctx.app.requireProject().jobs.submit('dataset.import', `Import ${fileName} as ${input.name}`, { path: src.path, fileName, name: input.name });
    src.consumedBy?.(job.id);
    return { jobId: job.id };
  },
  'datasets.export': ({ dataset, version, target, overwrite = false }, ctx) => {
    const project = ctx.app.requireProject();
    project.datasets.exportSource(dataset, version); // an unknown dataset or version fails here, before any file is reserved
    const out = ctx.resolveTarget(target, `${dataset}-v${version}.csv`);
    const replace = overwrite || out.overwriteConfirmed;
    checkExportTarget(out.path, replace); // refused at once; the job checks again when it publishes
    const input: DatasetExportJobInput = { dataset, version, path: out.path, shown: out.shown, overwrite: replace, downloadId: out.downloadId };
    const job = project.jobs.submit('dataset.export', `Export ${dataset}@${version} to ${out.shown}`, input);
    return { jobId: job.id };
  },
};
