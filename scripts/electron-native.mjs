// better-sqlite3 is compiled for Node's ABI by `npm install`; the Electron window needs a second copy built for
// Electron's ABI. It is built once into .cache/ (needs Electron's headers: a connected machine), leaving Node's copy
// for the CLI and tests. Packaged installers do not need this: electron-builder rebuilds native modules itself.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function electronSqliteBinding(root) {
  const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
  const workDir = path.join(root, '.cache', `better-sqlite3-electron-${electronVersion}`);
  const binding = path.join(workDir, 'build', 'Release', 'better_sqlite3.node');
  if (fs.existsSync(binding)) return binding;
  console.log(`Building better-sqlite3 for Electron ${electronVersion} (once)...`);
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.cpSync(path.join(root, 'node_modules/better-sqlite3'), workDir, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) });
  const gyp = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const r = spawnSync(process.execPath, [gyp, 'rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'], { cwd: workDir, stdio: 'inherit' });
  if (r.status !== 0 || !fs.existsSync(binding)) {
    console.log('Could not build better-sqlite3 for Electron; the window will fail to open projects.');
    return null;
  }
  return binding;
}
