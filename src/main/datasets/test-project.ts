// Test support: real temp project folders and an in-process stand-in for a job's progress context.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BlobStoreOptions } from '../store/blobs';
import { ProjectStore } from '../store/project-store';
import type { ImportProgress } from './import-dataset';

export interface TempProject {
  dir: string;
  store: ProjectStore;
  /** writes a file in the temp folder (not in the project) and returns its path */
  file(name: string, content: string | Uint8Array): string;
  cleanup(): void;
}

export function tempProject(blobs?: BlobStoreOptions): TempProject {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-ds-'));
  const store = ProjectStore.create(path.join(dir, 'project'), { appVersion: 'test', actor: 'tester', blobs });
  return {
    dir,
    store,
    file(name, content) {
      const p = path.join(dir, name);
      fs.writeFileSync(p, content);
      return p;
    },
    cleanup() {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function quietProgress(onProgress?: (fraction: number) => void): ImportProgress {
  return { progress: (f) => onProgress?.(f), checkCancelled: () => undefined };
}

export function countRows(store: ProjectStore, table: 'datasets' | 'dataset_versions' | 'dataset_chunks' | 'audit_log'): number {
  return (store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}
