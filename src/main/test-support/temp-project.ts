// Test support: real temporary folders and projects on disk, removed after each test file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { ProjectStore, type StoreOptions } from '../store/project-store';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'airlock-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export const testStoreOptions: StoreOptions = { appVersion: 'test', actor: 'tester@lab' };

export function tempProject(options: Partial<StoreOptions> = {}): ProjectStore {
  return ProjectStore.create(path.join(tempDir(), 'project'), { ...testStoreOptions, ...options });
}
