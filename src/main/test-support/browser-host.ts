// Test support: the browser-mode HTTP host on 127.0.0.1 over a fresh Workbench, serving a stub page in place of the built window.
import fs from 'node:fs';
import path from 'node:path';
import { Workbench } from '../app';
import { startHttpHost, type HttpHost, type HttpHostOptions } from '../host/http';
import { tempDir } from './temp-project';

/** A new temp folder holding a one-line index.html, standing in for the built renderer. */
export function stubRenderer(): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Airlock</title>');
  return dir;
}

export interface BrowserHost {
  app: Workbench;
  host: HttpHost;
  /** http://127.0.0.1:PORT, to put paths after */
  base: string;
}

/** A Workbench with its own data folder (recent projects not tracked unless asked) and a host started over it with `options`. */
export async function startBrowserHost(options: Omit<HttpHostOptions, 'app' | 'rendererDir'> & { trackRecent?: boolean } = {}): Promise<BrowserHost> {
  const { trackRecent = false, ...hostOptions } = options;
  const app = new Workbench({ appVersion: 'test', host: 'browser', dataDir: tempDir(), trackRecent });
  const host = await startHttpHost({ ...hostOptions, app, rendererDir: stubRenderer() });
  return { app, host, base: `http://127.0.0.1:${host.port}` };
}

/** Closes the host (its connections too), then the project the Workbench has open. */
export async function stopBrowserHost({ app, host }: Pick<BrowserHost, 'app' | 'host'>): Promise<void> {
  await host.close();
  await app.closeProject();
}
