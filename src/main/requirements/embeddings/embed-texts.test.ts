// The recorder goes in first: every connect, datagram and name lookup below is noted and fails, never sent.
import '../../test-support/net-recorder.mjs';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppFailure } from '../../../shared/errors';
import { tempDir } from '../../test-support/temp-project';
import { embedTexts } from './embed-texts';
import { CONCEPTS, HIDDEN, writeTinyEmbeddingModel } from './test-embedding-model';

/** The vector the tiny model must give: its concepts counted over the words, at unit length (the mean's direction). */
function expected(text: string): number[] {
  const counts = new Array<number>(HIDDEN).fill(0);
  for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
    const concept = CONCEPTS.findIndex((c) => c.includes(word));
    if (concept >= 0) counts[concept]++;
  }
  const norm = Math.hypot(...counts);
  return counts.map((c) => (norm > 0 ? c / norm : 0));
}

const cosine = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + v * y[i], 0);

async function failureOf(promise: Promise<unknown>): Promise<AppFailure> {
  const thrown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(thrown instanceof AppFailure)) throw new Error(`expected an AppFailure, got ${String(thrown)}`);
  return thrown;
}

describe('embedTexts', () => {
  let model: string;
  beforeAll(() => {
    model = writeTinyEmbeddingModel(path.join(tempDir('airlock-embed-'), 'tiny-bert'));
  });

  it('gives each text the mean of its token states under the attention mask, at unit length, in input order', async () => {
    // 40 texts of many lengths: two batches, each padded to its longest text, and sorted by length inside
    const texts = Array.from({ length: 40 }, (_, i) =>
      ['The pump shall halt.', 'Each motor must stop when the temperature alarm is on the console.', 'The display shall show every warning.', 'The log shall record each alarm and each shutdown of the compressor.'][i % 4].repeat(1 + (i % 3)),
    );
    const vectors = await embedTexts(model, texts);
    expect(vectors).toHaveLength(texts.length);
    vectors.forEach((v, i) => {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v).toHaveLength(HIDDEN);
      // float32 states: the tolerance is float32's, not the test's
      Array.from(v).forEach((x, d) => expect(x, `text ${i}, dimension ${d}`).toBeCloseTo(expected(texts[i])[d], 6));
    });
  });

  it('gives paraphrases with no word in common the same vector, and an unrelated text another', async () => {
    const [a, b, c] = await embedTexts(model, ['The pump shall halt when it overheats.', 'Each compressor must cease on overtemperature.', 'The password shall expire every day.']);
    expect(cosine(a, b)).toBeCloseTo(1, 6);
    expect(cosine(a, c)).toBeCloseTo(0, 6);
  });

  it('gives a text of only unknown words a zero vector, similar to nothing, rather than NaN', async () => {
    const [v] = await embedTexts(model, ['Zyx qwv.']);
    expect(Array.from(v)).toEqual(new Array(HIDDEN).fill(0));
  });

  it('refuses a folder that lacks its tokenizer or its ONNX file, in one line naming the file', async () => {
    for (const file of ['tokenizer.json', 'onnx/model.onnx']) {
      const folder = writeTinyEmbeddingModel(path.join(tempDir('airlock-embed-'), 'partial'));
      fs.rmSync(path.join(folder, file));
      const failure = await failureOf(embedTexts(folder, ['The pump shall halt.']));
      expect(failure.error.code).toBe('FILE_NOT_FOUND');
      expect(failure.error.where?.file).toBe(path.join(folder, file));
      expect(failure.message).toMatch(new RegExp(`^${path.join(folder, file).replaceAll('.', '\\.')}: missing; [^\\n]+$`));
    }
  });

  it('refuses a model file that is not ONNX in one line naming the folder', async () => {
    const folder = writeTinyEmbeddingModel(path.join(tempDir('airlock-embed-'), 'broken'));
    fs.writeFileSync(path.join(folder, 'onnx/model.onnx'), 'not a protobuf');
    const failure = await failureOf(embedTexts(folder, ['The pump shall halt.']));
    expect(failure.error.code).toBe('BAD_INPUT');
    expect(failure.message).toMatch(new RegExp(`^${folder.replaceAll('.', '\\.')}: not a sentence-embedding model [^\\n]+$`));
  });

  it('opens no socket and looks up no name while it loads and runs the model', async () => {
    const record = path.join(tempDir('airlock-embed-net-'), 'recorded.jsonl');
    process.env.AIRLOCK_NET_RECORD = record;
    try {
      // the recorder sees a fetch, so its silence below means something
      await fetch('http://192.0.2.1/').catch(() => undefined);
      const control = fs.readFileSync(record, 'utf8');
      expect(control).toContain('192.0.2.1');
      fs.rmSync(record);

      const fresh = writeTinyEmbeddingModel(path.join(tempDir('airlock-embed-'), 'fresh'));
      const vectors = await embedTexts(fresh, ['The display shall show every alarm.']);
      expect(vectors).toHaveLength(1);
      expect(fs.existsSync(record) ? fs.readFileSync(record, 'utf8') : '').toBe('');
    } finally {
      delete process.env.AIRLOCK_NET_RECORD;
    }
  });
});
