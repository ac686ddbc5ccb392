// Picks the transport at start: the preload bridge inside Electron, the loopback HTTP host in a browser.
import { createBrowserHost, takeLaunchToken } from './browser-host';
import { createElectronHost } from './electron-host';
import type { Host } from './host';

export function connectHost(): Host {
  if (window.airlock) return createElectronHost(window.airlock);
  return createBrowserHost(takeLaunchToken(window.location, window.history, window.sessionStorage));
}

export type { Host } from './host';
export type { StagedFile } from './bridge';
export { ApiError, toShownError } from './api-error';
