import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../src/main/test-support/temp-project';
import { buildIsFresh } from './build-freshness.mjs';

/** A checkout with one source file deep in src/, a lockfile, a config and a built CLI, each at its own time (seconds). */
function checkout(times: { source: number; lock: number; config: number; built: number | null }): string {
  const root = tempDir();
  const write = (rel: string, at: number): void => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), rel);
    fs.utimesSync(path.join(root, rel), at, at);
  };
  write('src/main/cli/program.ts', times.source);
  for (const dir of ['src/main/cli', 'src/main', 'src']) fs.utimesSync(path.join(root, dir), 1000, 1000);
  write('package-lock.json', times.lock);
  write('electron.vite.config.ts', times.config);
  if (times.built !== null) write('out/main/cli.js', times.built);
  return root;
}

describe('buildIsFresh', () => {
  it('is true when the bundle is newer than the sources, the lockfile and the config', () => {
    expect(buildIsFresh(checkout({ source: 2000, lock: 2000, config: 2000, built: 3000 }), ['out/main/cli.js'])).toBe(true);
  });

  it('is false when a file deep in src/ changed after the build', () => {
    expect(buildIsFresh(checkout({ source: 4000, lock: 2000, config: 2000, built: 3000 }), ['out/main/cli.js'])).toBe(false);
  });

  it('is false when the lockfile or the build config changed after the build', () => {
    expect(buildIsFresh(checkout({ source: 2000, lock: 4000, config: 2000, built: 3000 }), ['out/main/cli.js'])).toBe(false);
    expect(buildIsFresh(checkout({ source: 2000, lock: 2000, config: 4000, built: 3000 }), ['out/main/cli.js'])).toBe(false);
  });

  it('is false when a bundle is missing, and judged by the oldest of several outputs', () => {
    const root = checkout({ source: 2000, lock: 2000, config: 2000, built: null });
    expect(buildIsFresh(root, ['out/main/cli.js'])).toBe(false);
    fs.mkdirSync(path.join(root, 'out/main'), { recursive: true });
    for (const [rel, at] of [['out/main/cli.js', 3000], ['out/main/index.js', 1500]] as const) {
      fs.writeFileSync(path.join(root, rel), rel);
      fs.utimesSync(path.join(root, rel), at, at);
    }
    expect(buildIsFresh(root, ['out/main/cli.js'])).toBe(true);
    expect(buildIsFresh(root, ['out/main/cli.js', 'out/main/index.js'])).toBe(false);
  });
});
