// Electron host: binds the API contract to ipcMain, pushes events to the window, and owns the native dialogs, which
// hand the window opaque handles (picked-paths.ts) instead of paths. With src/main/index.ts, the only code that
// imports electron.
import { dialog, ipcMain, type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import type { Workbench } from '../app';
import type { HandlerContext } from '../handler-types';
import { WorkspaceRoots } from '../projects/workspace-roots';
import { dispatch } from './dispatch';
import { windowPathResolvers } from './path-refs';
import { PickedPaths } from './picked-paths';
import { Uploads } from './uploads';

export const IPC = {
  call: 'airlock:call',
  event: 'airlock:event',
  pickFile: 'airlock:pick-file',
  pickFolder: 'airlock:pick-folder',
  pickSaveTarget: 'airlock:pick-save-target',
} as const;

export function bindElectronHost(app: Workbench, window: () => BrowserWindow | null, workspaceRoots: readonly string[] = []): () => void {
  const uploads = new Uploads(path.join(app.dataDir, 'uploads'));
  const picked = new PickedPaths();
  const roots = new WorkspaceRoots(workspaceRoots);
  // The renderer never hands us a path: only handles of what the person picked in our own dialogs.
  const ctx: HandlerContext = { app, host: 'electron', ...windowPathResolvers({ uploads, roots, recent: () => app.recent(), picked }) };
  const open = async (options: OpenDialogOptions): Promise<string | null> => {
    const w = window();
    const r = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options);
    return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0];
  };
  ipcMain.handle(IPC.call, (_e, channel: unknown, input: unknown) => dispatch(String(channel), input, ctx));
  ipcMain.handle(IPC.pickFile, async () => {
    const file = await open({ properties: ['openFile'], filters: [{ name: 'Data', extensions: ['csv', 'tsv', 'txt', 'parquet'] }] });
    return file === null ? null : { source: { kind: 'picked', handle: picked.add('file', file) }, fileName: path.basename(file) };
  });
  ipcMain.handle(IPC.pickFolder, async () => {
    const folder = await open({ properties: ['openDirectory', 'createDirectory'] });
    return folder === null ? null : { handle: picked.add('folder', folder), name: path.basename(folder) };
  });
  ipcMain.handle(IPC.pickSaveTarget, async (_e, suggestedName: unknown) => {
    const w = window();
    // the window suggests a name only; where it goes is the person's choice in the dialog
    const defaultPath = typeof suggestedName === 'string' ? path.basename(suggestedName).slice(0, 255) : undefined;
    const options: SaveDialogOptions = { defaultPath, properties: ['showOverwriteConfirmation', 'createDirectory'] };
    const r = w ? await dialog.showSaveDialog(w, options) : await dialog.showSaveDialog(options);
    if (r.canceled || !r.filePath) return null;
    // the dialog itself asked before returning a file that exists: that is the person's consent to replace it
    return { handle: picked.add('target', r.filePath, fs.existsSync(r.filePath)), name: path.basename(r.filePath) };
  });
  const unlisten = app.events.listen((e) => window()?.webContents.send(IPC.event, e));
  return () => {
    unlisten();
    for (const c of Object.values(IPC)) ipcMain.removeHandler(c);
  };
}
