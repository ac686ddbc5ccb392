import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../test-support/temp-project';
import { CHROMIUM_HOST_RESOLVER_RULES } from './network-guard';
import { openInBrowser } from './open-browser';

const savedPath = process.env.PATH;
afterEach(() => {
  process.env.PATH = savedPath;
});

describe('opening the browser-mode window', () => {
  it('never puts the launch link on the browser command line: it hands the browser a 0600 page in the 0700 profile folder', async () => {
    // a stand-in `chromium` first on PATH, a real process that records the arguments it was started with
    const bin = tempDir();
    const argvFile = path.join(tempDir(), 'argv');
    fs.writeFileSync(path.join(bin, 'chromium'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${argvFile}.tmp' && mv '${argvFile}.tmp' '${argvFile}'\n`, { mode: 0o755 });
    process.env.PATH = `${bin}:${savedPath}`;
    const profile = path.join(tempDir(), 'browser-profile');
    fs.mkdirSync(profile, { mode: 0o755 });
    fs.chmodSync(profile, 0o755);
    const launchUrl = 'http://127.0.0.1:4567/?launch=0123456789abcdef0123456789abcdef';

    expect(openInBrowser(launchUrl, profile)).toBe(path.join(bin, 'chromium'));
    await vi.waitUntil(() => fs.existsSync(argvFile), 10_000);
    const argv = fs.readFileSync(argvFile, 'utf8');
    expect(argv).not.toContain('launch=');
    expect(argv).not.toContain('0123456789abcdef');

    const app = /^--app=(.*)$/m.exec(argv);
    expect(app).not.toBeNull();
    const page = fileURLToPath(app![1]);
    expect(path.dirname(page)).toBe(profile);
    expect(fs.statSync(page).mode & 0o777).toBe(0o600);
    expect(fs.statSync(profile).mode & 0o777).toBe(0o700);
    expect(fs.readFileSync(page, 'utf8')).toContain(`content="0;url=${launchUrl}"`);
    // the browser we start resolves no name at all, like every other process Airlock starts
    expect(argv.split('\n')).toContain(`--host-resolver-rules=${CHROMIUM_HOST_RESOLVER_RULES}`);
  });
});
