// Preload: exposes the typed bridge and nothing else (no ipcRenderer, no Node) through contextBridge.
// The dialogs answer with opaque handles; the paths behind them stay in the main process.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CallResult, Channel, ImportSource } from '../shared/api';
import type { AnyEvent } from '../shared/events';

interface PickedPlace {
  handle: string;
  name: string;
}

// Channel names mirror IPC in src/main/host/electron.ts; the preload cannot import main-process code.
const bridge = {
  call: (channel: Channel, input: unknown): Promise<CallResult<Channel>> => ipcRenderer.invoke('airlock:call', channel, input),
  onEvent: (listener: (e: AnyEvent) => void): (() => void) => {
    const wrapped = (_e: IpcRendererEvent, message: AnyEvent): void => listener(message);
    ipcRenderer.on('airlock:event', wrapped);
    return () => ipcRenderer.removeListener('airlock:event', wrapped);
  },
  pickFile: (): Promise<{ source: ImportSource; fileName: string } | null> => ipcRenderer.invoke('airlock:pick-file'),
  pickFolder: (): Promise<PickedPlace | null> => ipcRenderer.invoke('airlock:pick-folder'),
  pickSaveTarget: (suggestedName: string): Promise<PickedPlace | null> => ipcRenderer.invoke('airlock:pick-save-target', suggestedName),
};

contextBridge.exposeInMainWorld('airlock', bridge);
