import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { airlockLockFile, soupLibraries, soupModels } from './soup-list';

const lock = JSON.stringify({
  name: 'app',
  version: '1.2.3',
  lockfileVersion: 3,
  packages: {
    '': { name: 'app', version: '1.2.3', dependencies: { zod: '^4.0.0' }, devDependencies: { vitest: '^4' } },
    'node_modules/zod': { version: '4.1.0', license: 'MIT', integrity: 'sha512-aaa' },
    'node_modules/vitest': { version: '4.1.12', license: 'MIT', dev: true },
    'node_modules/a/node_modules/ms': { version: '2.1.3', license: 'MIT' },
    'node_modules/b/node_modules/ms': { version: '2.1.3', license: 'MIT' },
    'node_modules/ms': { version: '2.0.0' },
  },
});

describe('the SOUP list', () => {
  it('lists runtime libraries once per version, with licence and integrity, leaving development-only ones out', () => {
    const { application, libraries } = soupLibraries(lock, 'package-lock.json');
    expect(application).toEqual({ name: 'app', version: '1.2.3' });
    expect(libraries).toEqual([
      { name: 'ms', version: '2.0.0', license: 'not stated in the lockfile', integrity: null, direct: false },
      { name: 'ms', version: '2.1.3', license: 'MIT', integrity: null, direct: false },
      { name: 'zod', version: '4.1.0', license: 'MIT', integrity: 'sha512-aaa', direct: true },
    ]);
  });

  it('lists the imported model versions with their SHA-256, not those trained in the project', () => {
    const at = '2026-11-28T09:00:00.000Z';
    const versions = [
      { name: 'resnet', version: 1, hash: 'a'.repeat(64), source: 'import' as const, author: 'ada', createdAt: at },
      { name: 'churn', version: 2, hash: 'b'.repeat(64), source: 'run' as const, author: 'ada', createdAt: at },
    ];
    expect(soupModels(versions)).toEqual([{ model: 'resnet@1', sha256: 'a'.repeat(64), author: 'ada', registered: at }]);
  });

  it('refuses a file that is not an npm lockfile in one line naming it', () => {
    expect(() => soupLibraries('{"name":"x"}', 'lock.json')).toThrow(/^lock\.json is not an npm lockfile \(v2 or v3\): version$/);
    expect(() => soupLibraries('nope', 'lock.json')).toThrow('lock.json is not JSON.');
  });

  it("finds Airlock's own lockfile, whose runtime libraries include onnxruntime-node", () => {
    const file = airlockLockFile();
    const { libraries } = soupLibraries(fs.readFileSync(file, 'utf8'), file);
    expect(libraries).toContainEqual(expect.objectContaining({ name: 'onnxruntime-node', direct: true }));
    expect(libraries.some((l) => l.name === 'vitest')).toBe(false);
  });
});
