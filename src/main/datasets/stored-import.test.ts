import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GOLDEN_CASES, GOLDEN_FILE, storedImport, type StoredImport } from './stored-import.fixture';

// What the importer stores, byte for byte: the expected record of each file was written by the importer as it stood
// at commit d840b7e (before issue 17's speed work) with `node --import tsx src/main/datasets/stored-import.fixture.ts`.
// A faster importer must store the very same chunks, row hashes, profile and version hash for the same files.
const golden = JSON.parse(fs.readFileSync(GOLDEN_FILE, 'utf8')) as Record<string, StoredImport>;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-stored-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('what an import stores', () => {
  for (const c of GOLDEN_CASES) {
    for (const helperThread of [false, true]) {
      it(`stores ${c.name} as the same chunks, row hashes, profile and version hash as before, ${helperThread ? 'with' : 'without'} a helper thread`, async () => {
        const stored = await storedImport(dir, { ...c, options: { ...c.options, helperThread } });
        expect(stored.chunks).toEqual(golden[c.name].chunks);
        expect(stored.rowHashes).toBe(golden[c.name].rowHashes);
        expect(stored.profile).toEqual(golden[c.name].profile);
        expect(stored).toEqual(golden[c.name]);
      }, 60_000);
    }
  }
});
