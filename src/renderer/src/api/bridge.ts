// The surface the Electron preload exposes as window.airlock; the preload implements exactly this.
import type { CallResult, Channel, Input } from '../../../shared/api';
import type { AnyEvent } from '../../../shared/events';

/** A file the host has staged for import: its id is what 'datasets.import' takes as an upload source. */
export interface StagedFile {
  uploadId: string;
  fileName: string;
}

export interface AirlockBridge {
  call<C extends Channel>(channel: C, input: Input<C>): Promise<CallResult<C>>;
  onEvent(listener: (event: AnyEvent) => void): () => void;
  /** opens the native file dialog and stages the chosen file; null when the user cancels */
  pickFile(): Promise<StagedFile | null>;
  /** opens the native folder dialog; null when the user cancels */
  pickFolder(): Promise<string | null>;
}

declare global {
  interface Window {
    airlock?: AirlockBridge;
  }
}
