import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { airlock } from '../../test-support/run-cli';
import { tempDir, tempProject } from '../../test-support/temp-project';
import { writeTinyEmbeddingModel } from '../embeddings/test-embedding-model';
import { importRequirements } from './import-requirements';
import { dismissPair, requirementPairs } from './requirement-pairs';

async function projectOf(rows: ReadonlyArray<readonly [string, string]>) {
  const store = tempProject();
  const file = path.join(tempDir(), 'plant.csv');
  fs.writeFileSync(file, `id,text\n${rows.map(([id, text]) => `${id},${text}`).join('\n')}\n`);
  await importRequirements(store, file);
  return store;
}

describe('the stored requirements’ pairs', () => {
  it('finds paraphrases with no word in common only with a sentence-embedding model folder, and a dismissal hides them too', async () => {
    const store = await projectOf([
      ['R1', 'The pump shall halt when it overheats.'],
      ['R2', 'Each compressor must cease on overtemperature.'],
      ['R3', 'The display shall show every alarm.'],
      ['R4', 'The password shall expire every day.'],
    ]);
    const model = writeTinyEmbeddingModel(path.join(tempDir(), 'tiny-bert'));
    expect(await requirementPairs(store)).toEqual([]);
    const semantic = await requirementPairs(store, { embeddings: model });
    expect(semantic.map((p) => [p.a, p.b, p.relation, p.dismissed])).toEqual([['R1', 'R2', 'duplicate', false]]);
    expect(semantic[0].reason).toMatch(/sentence embeddings/);
    dismissPair(store, { a: 'R1', b: 'R2', relation: 'duplicate', reason: 'different machines' });
    expect(await requirementPairs(store, { embeddings: model })).toEqual([]);
  });

  it('lists a requirement’s 10 strongest undismissed pairs however many of its pairs were dismissed', async () => {
    // 40 copies of one requirement: each has 39 duplicates, of which it lists its 10 strongest
    const store = await projectOf(Array.from({ length: 40 }, (_, i) => [`R${i + 1}`, 'The pump shall stop when the door opens.'] as const));
    const ofR1 = <P extends { a: string; b: string }>(pairs: readonly P[]) => pairs.filter((p) => p.a === 'R1' || p.b === 'R1');
    const first = ofR1(await requirementPairs(store));
    expect(first.length).toBeGreaterThanOrEqual(10);
    expect(first.length).toBeLessThan(29);
    for (const p of first) dismissPair(store, { a: p.a, b: p.b, relation: 'duplicate', reason: 'one pump per line' });
    const dismissed = new Set(first.map((p) => `${p.a} ${p.b}`));
    const second = ofR1(await requirementPairs(store));
    expect(second.length).toBeGreaterThanOrEqual(10);
    expect(second.filter((p) => dismissed.has(`${p.a} ${p.b}`))).toEqual([]);
    // listed with --all, the dismissed ones are marked and take their places again
    const all = ofR1(await requirementPairs(store, { dismissed: true }));
    expect(all.map((p) => `${p.a} ${p.b} ${p.dismissed}`).sort()).toEqual(first.map((p) => `${p.a} ${p.b} true`).sort());
  });

  it('lists as many partners per requirement as `req pairs --partners K` asks, and refuses a K that is no whole number from 1', async () => {
    const store = await projectOf(Array.from({ length: 6 }, (_, i) => [`R${i + 1}`, 'The pump shall stop when the door opens.'] as const));
    expect(await requirementPairs(store)).toHaveLength(15);
    const project = store.dir;
    store.close();
    const listed = await airlock('req', 'pairs', '--project', project, '--partners', '1', '--json');
    expect(listed.stderr).toBe('');
    const pairs: Array<{ a: string; b: string }> = JSON.parse(listed.stdout);
    // each of the six keeps one partner: at most six pairs, at least three
    expect(pairs.length).toBeGreaterThanOrEqual(3);
    expect(pairs.length).toBeLessThanOrEqual(6);
    const refused = await airlock('req', 'pairs', '--project', project, '--partners', '0');
    expect([refused.code, refused.stderr.trim().split('\n')]).toEqual([1, [expect.stringContaining('partners: 0 is not a whole number from 1.')]]);
  });

  it('refuses a model folder without its files in one line naming the file', async () => {
    const store = await projectOf([['R1', 'The pump shall halt.']]);
    await expect(requirementPairs(store, { embeddings: tempDir() })).rejects.toThrow(/config\.json|tokenizer|model\.onnx/);
  });
});
