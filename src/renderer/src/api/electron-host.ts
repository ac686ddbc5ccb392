// The Electron transport: every call and event goes through the preload bridge (window.airlock).
import type { ApiClient } from '../../../shared/api';
import { ApiError } from './api-error';
import type { AirlockBridge } from './bridge';
import { createEventHub } from './event-hub';
import type { Host } from './host';

export function createElectronHost(bridge: AirlockBridge): Host {
  const hub = createEventHub();
  bridge.onEvent((event) => hub.emit(event));
  const api: ApiClient = {
    async call(channel, input) {
      const result = await bridge.call(channel, input);
      if (!result.ok) throw new ApiError(result.error);
      return result.data;
    },
    subscribe: (event, listener) => hub.subscribe(event, listener),
  };
  return {
    kind: 'electron',
    api,
    pickFolder: () => bridge.pickFolder(),
    pickFile: () => bridge.pickFile(),
    pickSaveTarget: (suggestedName) => bridge.pickSaveTarget(suggestedName),
    uploadFile: null,
    download: null,
  };
}
