// `airlock serve`: browser mode, the app served on 127.0.0.1 until SIGINT or SIGTERM.
import type { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { fail } from '../../shared/errors';
import { serve } from '../host/serve';
import { workspacesOrDefault } from '../projects/workspace-roots';
import type { CliShared } from './options';
import { repoRoot } from './session';

export function register(program: Command, { io, session }: CliShared): void {
  program
    .command('serve')
    .description('browser mode: serve the app on 127.0.0.1; prints a one-time launch link (kill -USR2 PID prints a fresh one)')
    .option('--project <dir>', 'open this project folder')
    .option('--workspace <dir>', 'a folder the window may create and open projects in (repeatable; default: projects/ in the data folder)', (dir: string, dirs: string[]) => [...dirs, dir], [] as string[])
    .option('--port <n>', 'port (default: any free port)', '0')
    .option('--no-open', 'print the URL only; do not open a browser window')
    .option('--renderer <dir>', 'built renderer folder', path.join(repoRoot, 'out', 'renderer'))
    .action(async (o: { project?: string; workspace: string[]; port: string; open: boolean; renderer: string }) => {
      if (!fs.existsSync(path.join(o.renderer, 'index.html'))) {
        fail('NOT_FOUND', `The built app is missing (${o.renderer}).`, { hint: 'Run `npm run build` (npm start does it for you).' });
      }
      const s = session({ trackRecent: true });
      if (o.project) await s.open(o.project);
      await serve({ app: s.app, rendererDir: o.renderer, port: Number(o.port), open: o.open, workspaceRoots: workspacesOrDefault(o.workspace, s.app.dataDir), out: io.out, err: io.err });
      await s.close();
    });
}
