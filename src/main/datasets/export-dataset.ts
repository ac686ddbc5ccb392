// Exports one dataset version as CSV with progress and Cancel, and records the export in the audit log together with
// the moment the file appears under its name: a cancelled or failed export leaves neither a file nor an entry.
import type { DatasetExportResult } from '../../shared/domain';
import type { DatasetExportJobInput } from '../../shared/jobs';
import type { ProjectStore } from '../store/project-store';
import { writeCsv } from './csv-export';
import { DatasetsService } from './datasets-service';
import type { ImportProgress } from './import-dataset';

export function exportDataset(store: ProjectStore, input: DatasetExportJobInput, ctx: ImportProgress): DatasetExportResult {
  const source = new DatasetsService(store).exportSource(input.dataset, input.version);
  const label = `${input.dataset}@${input.version}`;
  ctx.progress(0, `Writing ${label}`);
  const staged = writeCsv(store.blobs, source, input.path, {
    overwrite: input.overwrite,
    onRows: (rows) => {
      ctx.checkCancelled();
      ctx.progress(source.rows === 0 ? 1 : rows / source.rows, `${rows.toLocaleString('en-US')} of ${source.rows.toLocaleString('en-US')} rows`);
    },
  });
  const result: DatasetExportResult = {
    dataset: input.dataset,
    version: input.version,
    rows: staged.rows,
    bytes: staged.bytes,
    sha256: staged.sha256,
    destination: input.shown,
    downloadId: input.downloadId,
  };
  try {
    ctx.checkCancelled();
    // The file is published inside the audit entry's transaction: if publishing fails there is no entry, and if
    // the entry fails the published file is removed again.
    store.mutate(
      {
        action: 'dataset.export',
        target: `dataset:${label}`,
        details: { dataset: input.dataset, version: input.version, rows: result.rows, bytes: result.bytes, sha256: result.sha256, destination: input.shown, overwrite: input.overwrite },
      },
      () => staged.publish(),
    );
  } catch (e) {
    staged.discard();
    throw e;
  }
  ctx.progress(1, `Exported ${label}: ${result.rows.toLocaleString('en-US')} rows`);
  return result;
}
