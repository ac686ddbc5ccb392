// `airlock serve`: browser mode, the app served on 127.0.0.1 until SIGINT or SIGTERM.
import type { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { fail } from '../../shared/errors';
import { startHttpHost } from '../host/http';
import { openInBrowser } from '../host/open-browser';
import type { CliShared } from './options';
import { repoRoot } from './session';

export function register(program: Command, { io, session }: CliShared): void {
  program
    .command('serve')
    .description('browser mode: serve the app on 127.0.0.1 with a per-launch token')
    .option('--project <dir>', 'open this project folder')
    .option('--port <n>', 'port (default: any free port)', '0')
    .option('--no-open', 'print the URL only; do not open a browser window')
    .option('--renderer <dir>', 'built renderer folder', path.join(repoRoot, 'out', 'renderer'))
    .action(async (o: { project?: string; port: string; open: boolean; renderer: string }) => {
      if (!fs.existsSync(path.join(o.renderer, 'index.html'))) {
        fail('NOT_FOUND', `The built app is missing (${o.renderer}).`, { hint: 'Run `npm run build` (npm start does it for you).' });
      }
      const s = session({ trackRecent: true });
      if (o.project) await s.open(o.project);
      const host = await startHttpHost({ app: s.app, rendererDir: o.renderer, port: Number(o.port) });
      io.out(`Airlock (browser mode) at ${host.url}`);
      if (o.open) {
        const opened = openInBrowser(host.url, path.join(s.app.dataDir, 'browser-profile'));
        io.err(opened ? `opened ${opened} in app mode` : 'no Chromium or Chrome found: open the URL above in a browser on this machine');
      }
      await new Promise<void>((resolve) => {
        const stop = (): void => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await host.close();
      await s.close();
    });
}
