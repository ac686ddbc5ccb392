// Opens the browser-mode launch URL in an installed Chromium or Chrome as an app window, with offline flags.
// The launch URL never goes on the browser's command line: any local user can read /proc/<pid>/cmdline and could
// spend the one-time code before our browser does. The browser gets a file:// page instead, written 0600 in the
// 0700 profile folder, that forwards it to the launch URL.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_HOST_RESOLVER_RULES } from './network-guard';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge'];

function findBrowser(): string | null {
  for (const name of CANDIDATES) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    const p = found.stdout.trim();
    if (found.status === 0 && p && fs.existsSync(p)) return p;
  }
  return null;
}

/** Writes the page that forwards to launchUrl, readable by this user only; returns its file:// URL. */
export function writeLaunchPage(launchUrl: string, profileDir: string): string {
  fs.mkdirSync(profileDir, { recursive: true, mode: 0o700 });
  // the folder may predate this rule, or have been made under a loose umask
  fs.chmodSync(profileDir, 0o700);
  const file = path.join(profileDir, 'airlock-launch.html');
  fs.rmSync(file, { force: true });
  const escaped = launchUrl.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  fs.writeFileSync(file, `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${escaped}"><title>Airlock</title>\n`, {
    mode: 0o600,
    flag: 'wx',
  });
  return pathToFileURL(file).href;
}

/** Returns the browser it started, or null when none is installed. */
export function openInBrowser(launchUrl: string, profileDir: string): string | null {
  const browser = findBrowser();
  if (!browser) return null;
  const page = writeLaunchPage(launchUrl, profileDir);
  const child = spawn(
    browser,
    [`--app=${page}`, `--user-data-dir=${profileDir}`, '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--host-resolver-rules=${CHROMIUM_HOST_RESOLVER_RULES}`, '--window-size=1280,800'],
    { detached: true, stdio: 'ignore' },
  );
  child.unref();
  return browser;
}
