// Opens the browser-mode URL in an installed Chromium or Chrome as an app window, with offline flags.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge'];

function findBrowser(): string | null {
  for (const name of CANDIDATES) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    const p = found.stdout.trim();
    if (found.status === 0 && p && fs.existsSync(p)) return p;
  }
  return null;
}

/** Returns the browser it started, or null when none is installed. */
export function openInBrowser(url: string, profileDir: string): string | null {
  const browser = findBrowser();
  if (!browser) return null;
  fs.mkdirSync(profileDir, { recursive: true });
  const child = spawn(
    browser,
    [`--app=${url}`, `--user-data-dir=${profileDir}`, '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--window-size=1280,800'],
    { detached: true, stdio: 'ignore' },
  );
  child.unref();
  return browser;
}
