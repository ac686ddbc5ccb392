import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorOf, rejectionOf } from '../test-support/app-error-of';
import { tempDir } from '../test-support/temp-project';
import { WorkspaceRoots, workspaceArgs } from '../projects/workspace-roots';
import { Downloads } from './downloads';
import { cliPathResolvers, windowPathResolvers } from './path-refs';
import { PickedPaths } from './picked-paths';
import { Uploads } from './uploads';

const handle = 'a'.repeat(32);

function desktop() {
  const picked = new PickedPaths();
  const resolvers = windowPathResolvers({ uploads: new Uploads(tempDir()), roots: new WorkspaceRoots([]), recent: () => [], picked });
  return { picked, resolvers };
}

describe('the Electron window', () => {
  it('resolves only handles its own dialogs issued, each for what it was picked as', async () => {
    const { picked, resolvers } = desktop();
    const file = picked.add('file', '/data/a.csv');
    const folder = picked.add('folder', '/data/mlruns');
    const target = picked.add('target', '/data/out.csv', true);
    expect(resolvers.resolveSource({ kind: 'picked', handle: file })).toEqual({ path: '/data/a.csv', fileName: 'a.csv' });
    expect(await resolvers.resolveFolder({ kind: 'picked', handle: folder })).toEqual({ path: '/data/mlruns' });
    expect(resolvers.resolveTarget({ kind: 'picked', handle: target }, 'x.csv')).toEqual({ path: '/data/out.csv', shown: 'out.csv', downloadId: null, overwriteConfirmed: true });
    // a picked file is not a save target, and a handle nobody issued is nothing
    expect(errorOf(() => resolvers.resolveTarget({ kind: 'picked', handle: file }, 'x.csv')).code).toBe('NOT_FOUND');
    expect(errorOf(() => resolvers.resolveSource({ kind: 'picked', handle })).code).toBe('NOT_FOUND');
  });

  it('refuses every raw path with UNAUTHORIZED', async () => {
    const { resolvers } = desktop();
    expect(errorOf(() => resolvers.resolveSource({ kind: 'path', path: '/etc/passwd' })).code).toBe('UNAUTHORIZED');
    await expect(resolvers.resolveFolder({ kind: 'path', path: '/home' })).rejects.toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect(errorOf(() => resolvers.resolveTarget({ kind: 'path', path: '/tmp/x.sh' }, 'x')).code).toBe('UNAUTHORIZED');
    expect(errorOf(() => resolvers.resolveProject({ kind: 'path', path: '/tmp/p' })).code).toBe('UNAUTHORIZED');
  });
});

describe('browser mode', () => {
  const browser = () => windowPathResolvers({ uploads: new Uploads(tempDir()), roots: new WorkspaceRoots([]), recent: () => [], downloads: new Downloads(tempDir()) });

  it('refuses to read a folder on this machine, naming the .zip upload, the desktop app and the command line instead', async () => {
    const refused = await rejectionOf(browser().resolveFolder({ kind: 'picked', handle }));
    expect(refused.code).toBe('UNAUTHORIZED');
    expect(`${refused.message} ${refused.hint}`).toMatch(/upload a \.zip.*desktop app.*airlock mlflow import/);
  });

  it('sends every export to a fresh download folder under the base name only', () => {
    const target = browser().resolveTarget({ kind: 'download' }, '../../escape.csv');
    expect(path.basename(target.path)).toBe('escape.csv');
    expect(target).toMatchObject({ shown: 'escape.csv', downloadId: expect.stringMatching(/^[a-f0-9]{32}$/), overwriteConfirmed: false });
    expect(fs.readdirSync(path.dirname(target.path))).toEqual([]);
  });
});

describe('workspace roots', () => {
  it('are read from --workspace DIR and --workspace=DIR, repeatable', () => {
    expect(workspaceArgs(['electron', '.', '--workspace', '/a', '--other', '--workspace=/b'])).toEqual(['/a', '/b']);
  });

  it('refuse a root that does not exist at start, and a name inside one that is a link to elsewhere', () => {
    expect(errorOf(() => new WorkspaceRoots([path.join(tempDir(), 'missing')])).code).toBe('FILE_NOT_FOUND');
    const root = tempDir();
    fs.symlinkSync(tempDir(), path.join(root, 'elsewhere'));
    const roots = new WorkspaceRoots([root]);
    expect(errorOf(() => roots.folder(0, 'elsewhere')).code).toBe('UNAUTHORIZED');
    expect(errorOf(() => roots.folder(0, '../x')).code).toBe('BAD_INPUT');
    expect(roots.folder(0, 'lab')).toBe(path.join(root, 'lab'));
  });
});

describe('the command line', () => {
  it('takes paths, resolved against the working folder, and shows the full path', () => {
    const cli = cliPathResolvers({ recent: () => [] });
    expect(cli.resolveTarget({ kind: 'path', path: 'out.csv' }, 'x')).toEqual({ path: path.resolve('out.csv'), shown: path.resolve('out.csv'), downloadId: null, overwriteConfirmed: false });
    expect(cli.resolveProject({ kind: 'path', path: 'p' })).toBe(path.resolve('p'));
  });
});
