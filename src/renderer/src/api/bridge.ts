// The surface the Electron preload exposes as window.airlock; the preload implements exactly this.
// Dialogs hand back opaque handles that the main process resolves: the window never holds a path it could send.
import type { CallResult, Channel, ImportSource, Input } from '../../../shared/api';
import type { AnyEvent } from '../../../shared/events';

/** A file the host has staged or the person picked: its source is what 'datasets.import' takes. */
export interface StagedFile {
  source: ImportSource;
  fileName: string;
}

/** A folder or save location chosen in a native dialog: the handle for the API, the base name to show. */
export interface PickedPlace {
  handle: string;
  name: string;
}

export interface AirlockBridge {
  call<C extends Channel>(channel: C, input: Input<C>): Promise<CallResult<C>>;
  onEvent(listener: (event: AnyEvent) => void): () => void;
  /** opens the native file dialog; null when the person cancels */
  pickFile(): Promise<StagedFile | null>;
  /** opens the native folder dialog; null when the person cancels */
  pickFolder(): Promise<PickedPlace | null>;
  /** opens the native save dialog with a suggested file name; null when the person cancels */
  pickSaveTarget(suggestedName: string): Promise<PickedPlace | null>;
}

declare global {
  interface Window {
    airlock?: AirlockBridge;
  }
}
