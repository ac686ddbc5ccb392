// Whether electron-vite's bundles in out/ were built after the last change to what they are built from. `npm start`,
// the CLI launcher (bin/airlock.mjs) and the benches share it, so all three agree on what "stale" means.
import fs from 'node:fs';
import path from 'node:path';

/** What a build reads besides node_modules: a change to any of them makes out/ stale. */
const INPUTS = ['src', 'electron.vite.config.ts', 'package-lock.json'];

/** The newest modification time of a file, or of any file or folder under a folder. */
function newestMtime(p) {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** Whether every one of `outputs` (paths under `root`) exists and is newer than every input. */
export function buildIsFresh(root, outputs) {
  const files = outputs.map((p) => path.join(root, p));
  if (!files.every((p) => fs.existsSync(p))) return false;
  const built = Math.min(...files.map((p) => fs.statSync(p).mtimeMs));
  return INPUTS.every((p) => !fs.existsSync(path.join(root, p)) || newestMtime(path.join(root, p)) < built);
}
