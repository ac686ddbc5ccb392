import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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

  it('refuses a model folder without its files in one line naming the file', async () => {
    const store = await projectOf([['R1', 'The pump shall halt.']]);
    await expect(requirementPairs(store, { embeddings: tempDir() })).rejects.toThrow(/config\.json|tokenizer|model\.onnx/);
  });
});
