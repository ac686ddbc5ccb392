// The renderer's Host over a Workbench in this process, for the store tests: its calls go through the host's dispatch
// and its events come from the Workbench's bus, as the Electron host delivers them. No dialogs; uploads only on request.
import fs from 'node:fs';
import path from 'node:path';
import type { ApiClient, Channel, Output } from '../../../shared/api';
import { dispatch } from '../../../main/host/dispatch';
import type { TestWorkbench } from '../../../main/test-support/test-workbench';
import { ApiError, type Host } from '../api';
import { createEventHub } from '../api/event-hub';

/** a call to `channel` whose input has `value` waits until `release` is called, so an older answer can arrive last */
export interface HeldCall {
  channel: Channel;
  value: string;
  release(): void;
}

export interface InProcessHostOptions {
  /** the call to hold back, if any, read at each call */
  held?: { current: HeldCall | null };
  /** where browser uploads land, as the browser host's upload does; without it the host takes no uploads (Electron) */
  uploadsTo?: string;
}

export function inProcessHost(bench: TestWorkbench, options: InProcessHostOptions = {}): Host {
  const hub = createEventHub();
  bench.app.events.listen((event) => hub.emit(event));
  const api: ApiClient = {
    async call(channel, input) {
      const hold = options.held?.current;
      if (hold && channel === hold.channel && Object.values(input).includes(hold.value)) {
        await new Promise<void>((resolve) => (hold.release = resolve));
      }
      const result = await dispatch(channel, input, bench.ctx);
      if (!result.ok) throw new ApiError(result.error);
      // dispatch answers for any channel; this call's channel is the one asked for
      return result.data as Output<typeof channel>;
    },
    subscribe: (event, listener) => hub.subscribe(event, listener),
  };
  const { uploadsTo } = options;
  const uploadFile: Host['uploadFile'] = uploadsTo
    ? async (file, onProgress) => {
        const landed = path.join(uploadsTo, file.name);
        fs.writeFileSync(landed, Buffer.from(await file.arrayBuffer()));
        onProgress(1);
        // the CLI's path policy stands in for the browser host's upload token
        return { source: { kind: 'path', path: landed }, fileName: file.name };
      }
    : null;
  return { kind: uploadFile ? 'browser' : 'electron', api, pickFolder: null, pickFile: null, pickSaveTarget: null, uploadFile, download: null };
}
