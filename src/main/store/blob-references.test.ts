import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deadPid } from '../test-support/dead-pid';
import { tempProject } from '../test-support/temp-project';
import { BLOB_COLUMNS, referencedBlobs, sweepOrphanBlobs } from './blob-references';
import { BlobStore } from './blobs';
import type { ProjectStore } from './project-store';

const HOUR = 3600 * 1000;

function age(file: string, ms: number): void {
  const t = new Date(Date.now() - ms);
  fs.utimesSync(file, t, t);
}

/** Makes `hash` referenced the way an import does: as a dataset version's row-hash blob. */
function reference(store: ProjectStore, hash: string): void {
  store.db.prepare("INSERT OR IGNORE INTO datasets (id, name, created_at) VALUES (1, 'd', '2026-01-01')").run();
  store.db
    .prepare(
      `INSERT INTO dataset_versions (id, dataset_id, version, hash, row_count, columns, chunk_rows, row_hashes_blob, profile, source_name, source_format, source_bytes, created_at)
       VALUES (?, 1, ?, ?, 0, '[]', 65536, ?, '{}', 'f.csv', 'csv', 0, '2026-01-01')`,
    )
    .run(`d@${hash.slice(0, 6)}`, Number.parseInt(hash.slice(0, 6), 16) + 1, hash, hash);
}

describe('blob references and sweeps', () => {
  it('lists every column of the schema that holds a blob hash', () => {
    const store = tempProject();
    const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    const blobColumns = tables.flatMap((table) =>
      (store.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).filter((c) => /(^|_)blob$/.test(c.name)).map((c) => `${table}.${c.name}`),
    );
    expect(blobColumns.sort()).toEqual(BLOB_COLUMNS.map((c) => `${c.table}.${c.column}`).sort());
  });

  it('removes unreferenced blobs written before the cutoff and keeps referenced and younger ones', () => {
    const store = tempProject();
    const kept = store.blobs.put(Buffer.from('referenced'));
    const orphan = store.blobs.put(Buffer.from('left by a killed job'));
    const young = store.blobs.put(Buffer.from('being written by a running job'));
    reference(store, kept);
    for (const h of [kept, orphan]) age(store.blobs.pathOf(h), HOUR);
    const cutoff = Date.now() - 60_000;
    age(store.blobs.pathOf(young), 1000);

    expect(referencedBlobs(store.db)).toEqual(new Set([kept]));
    expect(sweepOrphanBlobs(store.db, store.blobs, cutoff)).toEqual([orphan]);
    expect([kept, orphan, young].map((h) => store.blobs.has(h))).toEqual([true, false, true]);
  });

  it('makes a blob young again when put() reuses it, so a sweep that began before keeps it', () => {
    const store = tempProject();
    const hash = store.blobs.put(Buffer.from('shared chunk'));
    age(store.blobs.pathOf(hash), HOUR);
    const cutoff = Date.now() - 1000;
    expect(store.blobs.put(Buffer.from('shared chunk'))).toBe(hash);
    expect(sweepOrphanBlobs(store.db, store.blobs, cutoff)).toEqual([]);
    expect(store.blobs.has(hash)).toBe(true);
  });

  it('names each temp file after its writer and sweeps only those of dead writers or older than a day', () => {
    const store = tempProject();
    const tmp = path.join(store.blobs.dir, 'tmp');
    const hash = BlobStore.hash(Buffer.from('x'));
    const host = os.hostname().replace(/[^A-Za-z0-9._-]/g, '_');
    const dead = deadPid();
    const files = {
      liveWriter: `${hash}.${process.pid}@${host}.aaaaaa.tmp`,
      deadWriter: `${hash}.${dead}@${host}.bbbbbb.tmp`,
      otherHost: `${hash}.${dead}@elsewhere.cccccc.tmp`,
      otherHostOld: `${hash}.${dead}@elsewhere.dddddd.tmp`,
      liveButOld: `${hash}.${process.pid}@${host}.eeeeee.tmp`,
      unattributed: `${hash}.ffffff.tmp`,
    };
    for (const name of Object.values(files)) fs.writeFileSync(path.join(tmp, name), 'partial');
    for (const name of [files.otherHostOld, files.liveButOld]) age(path.join(tmp, name), 25 * HOUR);

    expect(store.blobs.sweepTemp()).toBe(3);
    expect(fs.readdirSync(tmp).sort()).toEqual([files.liveWriter, files.otherHost, files.unattributed].sort());
  });

  it('writes temp files under a name that carries this process, and none are left after a put', () => {
    const store = tempProject();
    const tmp = path.join(store.blobs.dir, 'tmp');
    const seen: string[] = [];
    const watcher = fs.watch(tmp, (_event, name) => name && seen.push(name));
    store.blobs.put(Buffer.from('watched'));
    return new Promise<void>((resolve) => {
      setTimeout(() => {
        watcher.close();
        expect(seen.length).toBeGreaterThan(0);
        expect(seen.every((n) => n.includes(`.${process.pid}@`))).toBe(true);
        expect(fs.readdirSync(tmp)).toEqual([]);
        resolve();
      }, 200);
    });
  });
});
