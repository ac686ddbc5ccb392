// Electron entry: one locked-down window over the renderer bundle, with the API bound through IPC.
import './host/network-guard-installed';
import { app, BrowserWindow, session } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Workbench } from './app';
import { bindElectronHost } from './host/electron';
import { CONTENT_SECURITY_POLICY } from './host/http';
import { CHROMIUM_HOST_RESOLVER_RULES, guardChromiumRequests, guardNetwork } from './host/network-guard';
import { workspaceArgs } from './projects/workspace-roots';

const here = path.dirname(fileURLToPath(import.meta.url));
// Chromium is not Node: its resolver and its requests are guarded through its own switches and session.
app.commandLine.appendSwitch('host-resolver-rules', CHROMIUM_HOST_RESOLVER_RULES);

let mainWindow: BrowserWindow | null = null;

function createWindow(): BrowserWindow {
  const w = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Airlock',
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  w.once('ready-to-show', () => w.show());
  // No navigation away from the app and no new windows: links to the outside open nowhere (we are offline).
  w.webContents.on('will-navigate', (e) => e.preventDefault());
  w.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  if (process.env.ELECTRON_RENDERER_URL) void w.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void w.loadFile(path.join(here, '../renderer/index.html'));
  return w;
}

void app.whenReady().then(() => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  // Deny every permission request (camera, notifications, ...): the app needs none.
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  // AIRLOCK_DATA_DIR moves recent projects, uploads and the sample project elsewhere (tests, portable installs).
  const dataDir = process.env.AIRLOCK_DATA_DIR || path.join(app.getPath('userData'), 'airlock');
  const workbench = new Workbench({ appVersion: app.getVersion(), host: 'electron', dataDir });
  // A desktop app has no terminal to show refusals on: they go to a file beside the recent-projects list.
  guardNetwork({ logFile: process.env.AIRLOCK_NETWORK_LOG || path.join(dataDir, 'network.log') });
  guardChromiumRequests(session.defaultSession.webRequest);
  // --workspace DIR (repeatable): the folders the window may create and open projects in by name
  const unbind = bindElectronHost(workbench, () => mainWindow, workspaceArgs(process.argv));
  mainWindow = createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
  app.on('before-quit', () => {
    unbind();
    void workbench.closeProject();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
