// Runs the e2e specs: finds a Chromium, then hands every e2e/*.spec.ts to node's test runner (one file at a time).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));

async function findChromium() {
  if (process.env.AIRLOCK_CHROMIUM && fs.existsSync(process.env.AIRLOCK_CHROMIUM)) return process.env.AIRLOCK_CHROMIUM;
  if (fs.existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  const sparticuz = (await import('@sparticuz/chromium')).default;
  return sparticuz.executablePath();
}

if (!fs.existsSync(path.join(root, 'out', 'renderer', 'index.html'))) {
  console.error('e2e: out/renderer/index.html is missing: run `npx electron-vite build` first (npm test does).');
  process.exit(1);
}

const started = Date.now();
const chromium = await findChromium();
const specs = fs
  .readdirSync(path.join(root, 'e2e'))
  .filter((f) => f.endsWith('.spec.ts'))
  .sort()
  .map((f) => path.join('e2e', f));
// screenshots of this run only: a stale one from an earlier run would pass for evidence
fs.rmSync(path.join(root, 'e2e', 'screenshots'), { recursive: true, force: true });
fs.mkdirSync(path.join(root, 'e2e', 'screenshots'), { recursive: true });
console.log(`e2e: ${specs.length} spec files, Chromium at ${chromium}`);

const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...specs],
  { cwd: root, stdio: 'inherit', env: { ...process.env, AIRLOCK_CHROMIUM: chromium } },
);
const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
console.log(`e2e: finished in ${((Date.now() - started) / 1000).toFixed(1)} s, exit ${code}`);
process.exit(code);
