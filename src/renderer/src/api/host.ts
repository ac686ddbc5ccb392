// What the renderer knows about the host it runs in: the API client plus the host's way to pick folders and stage files.
import type { ApiClient } from '../../../shared/api';
import type { StagedFile } from './bridge';

export type UploadProgress = (fraction: number) => void;

export interface Host {
  kind: 'electron' | 'browser';
  api: ApiClient;
  /** native folder dialog (Electron); null where the user types a path (browser mode) */
  pickFolder: (() => Promise<string | null>) | null;
  /** native file dialog that also stages the file (Electron); null in browser mode */
  pickFile: (() => Promise<StagedFile | null>) | null;
  /** sends a browser File to the host with progress (browser mode); null in Electron */
  uploadFile: ((file: File, onProgress: UploadProgress, signal: AbortSignal) => Promise<StagedFile>) | null;
}
