// Picks the transport at start: the preload bridge inside Electron, the loopback HTTP host in a browser.
import { createBrowserHost } from './browser-host';
import { createElectronHost } from './electron-host';
import type { Host } from './host';

export function connectHost(): Host {
  if (window.airlock) return createElectronHost(window.airlock);
  return createBrowserHost();
}

export type { Host } from './host';
export type { PickedPlace, StagedFile } from './bridge';
export { ApiError, toShownError } from './api-error';
export { pickOutputTarget } from './output-target';
export { fileNameOf, stageFile } from './stage-file';
