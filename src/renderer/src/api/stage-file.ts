// Gets a file to where the host can read it: a browser File is uploaded first (browser mode), a file the host's own
// dialog picked is staged already (Electron). Every import form takes either.
import type { StagedFile } from './bridge';
import type { Host, UploadProgress } from './host';

/** the name the person knows the file by, before and after it is staged */
export function fileNameOf(file: File | StagedFile): string {
  return file instanceof File ? file.name : file.fileName;
}

/** uploads a browser File with progress (cancelled through `signal`); a staged file comes back as it is */
export async function stageFile(
  host: Pick<Host, 'uploadFile'>,
  file: File | StagedFile,
  onProgress: UploadProgress,
  signal: AbortSignal = new AbortController().signal,
): Promise<StagedFile> {
  if (!(file instanceof File)) return file;
  if (!host.uploadFile) throw new Error('This host cannot receive uploads.');
  return host.uploadFile(file, onProgress, signal);
}
