// Electron host: binds the API contract to ipcMain, pushes events to the window, and owns the native dialogs.
// With src/main/index.ts, the only code that imports electron.
import { dialog, ipcMain, type BrowserWindow } from 'electron';
import path from 'node:path';
import { fail } from '../../shared/errors';
import type { Workbench } from '../app';
import type { HandlerContext } from '../handler-types';
import { dispatch } from './dispatch';
import { Uploads } from './uploads';

export const IPC = {
  call: 'airlock:call',
  event: 'airlock:event',
  pickFile: 'airlock:pick-file',
  pickFolder: 'airlock:pick-folder',
} as const;

export function bindElectronHost(app: Workbench, window: () => BrowserWindow | null): () => void {
  const uploads = new Uploads(path.join(app.dataDir, 'uploads'));
  const ctx: HandlerContext = {
    app,
    host: 'electron',
    // The renderer never hands us a path: only ids of files the user picked in our own dialog.
    resolveSource: (source) => {
      if (source.kind === 'path') fail('UNAUTHORIZED', 'The window imports only files chosen in the Open dialog.');
      return uploads.resolve(source.uploadId);
    },
  };
  ipcMain.handle(IPC.call, (_e, channel: unknown, input: unknown) => dispatch(String(channel), input, ctx));
  ipcMain.handle(IPC.pickFile, async () => {
    const w = window();
    const options = { properties: ['openFile' as const], filters: [{ name: 'Data', extensions: ['csv', 'tsv', 'txt', 'parquet'] }] };
    const r = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options);
    return r.canceled || r.filePaths.length === 0 ? null : uploads.register(r.filePaths[0]);
  });
  ipcMain.handle(IPC.pickFolder, async () => {
    const w = window();
    const options = { properties: ['openDirectory' as const, 'createDirectory' as const] };
    const r = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options);
    return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0];
  });
  const unlisten = app.events.listen((e) => window()?.webContents.send(IPC.event, e));
  return () => {
    unlisten();
    for (const c of Object.values(IPC)) ipcMain.removeHandler(c);
  };
}
