// What the renderer knows about the host it runs in: the API client plus the host's ways to pick, stage and hand out
// files. Electron has native dialogs; browser mode uploads files in and downloads exports out.
import type { ApiClient } from '../../../shared/api';
import type { PickedPlace, StagedFile } from './bridge';

export type UploadProgress = (fraction: number) => void;

export interface Host {
  kind: 'electron' | 'browser';
  api: ApiClient;
  /** native folder dialog (Electron); null in browser mode, where projects live in workspace roots */
  pickFolder: (() => Promise<PickedPlace | null>) | null;
  /** native file dialog (Electron); null in browser mode */
  pickFile: (() => Promise<StagedFile | null>) | null;
  /** native save dialog (Electron); null in browser mode, where exports arrive as downloads */
  pickSaveTarget: ((suggestedName: string) => Promise<PickedPlace | null>) | null;
  /** sends a browser File to the host with progress (browser mode); null in Electron */
  uploadFile: ((file: File, onProgress: UploadProgress, signal: AbortSignal) => Promise<StagedFile>) | null;
  /** hands a finished export to the browser's downloads, once (browser mode); null in Electron */
  download: ((downloadId: string) => void) | null;
}
