import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppFailure } from '../../../shared/errors';
import type { RequirementText } from '../../../shared/requirements-lint';
import { mulberry32 } from '../../training/splits';
import { tempDir } from '../../test-support/temp-project';
import { embedTexts } from '../embeddings/embed-texts';
import { writeTinyEmbeddingModel } from '../embeddings/test-embedding-model';
import { findPairs, findPairsCounted, semanticFrom } from './find-pairs';
import { bandsFor, recallOf, semanticPairs } from './semantic-pairs';

function dot(x: Float32Array, y: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

function unit(v: Float32Array): Float32Array {
  const norm = Math.sqrt(dot(v, v));
  return v.map((x) => x / norm);
}

/** n random unit vectors, then `planted` of them (0, 1, ...) each given a partner (n - 1, n - 2, ...) at a cosine `cosineOf()`. */
function plantedSet(n: number, planted: number, dimensions: number, cosineOf: (random: () => number) => number): Float32Array[] {
  const random = mulberry32(3);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const vectors = Array.from({ length: n }, () => unit(Float32Array.from({ length: dimensions }, normal)));
  for (let i = 0; i < planted; i++) {
    const x = vectors[i];
    const noise = Float32Array.from({ length: dimensions }, normal);
    const along = dot(noise, x);
    const orthogonal = unit(noise.map((v, d) => v - along * x[d]));
    const cosine = cosineOf(random);
    vectors[n - 1 - i] = x.map((v, d) => cosine * v + Math.sqrt(1 - cosine * cosine) * orthogonal[d]);
  }
  return vectors;
}

describe('semanticPairs', () => {
  it('finds the pairs a full comparison finds, at the recall its bands promise, comparing a small part of all pairs', () => {
    const n = 2000;
    const vectors = plantedSet(n, 300, 48, (random) => semanticFrom + (1 - semanticFrom) * random());
    const truth = new Set<string>();
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (dot(vectors[a], vectors[b]) >= semanticFrom) truth.add(`${a} ${b}`);
    const { pairs, comparisons } = semanticPairs(vectors, semanticFrom);
    // exact cosines on candidates: nothing below the threshold is ever reported
    for (const p of pairs) expect(truth.has(`${p.a} ${p.b}`), `${p.a} ${p.b}`).toBe(true);
    // 0.99 at the threshold itself, more above it: over cosines spread up to 1, at least that many are found
    expect(pairs.length).toBeGreaterThanOrEqual(Math.floor(0.99 * truth.size));
    expect(comparisons).toBeLessThan((n * (n - 1)) / 2 / 50);
  });

  it('finds pairs just above the threshold as often as recallOf predicts', () => {
    const n = 2000;
    const vectors = plantedSet(n, n / 2, 32, () => 0.86);
    const found = semanticPairs(vectors, 0.85).pairs.filter((p) => p.a + p.b === n - 1).length;
    const predicted = recallOf(0.86, 14, 192, bandsFor(0.85, 14, 192, 0.99));
    // within three binomial standard deviations of the prediction over 1,000 planted pairs
    expect(Math.abs(found - 1000 * predicted)).toBeLessThan(3 * Math.sqrt(1000 * predicted * (1 - predicted)));
  });

  it('uses the fewest bands that reach the asked recall, and finds closer pairs more surely', () => {
    const bands = bandsFor(0.85, 14, 192, 0.99);
    expect(recallOf(0.85, 14, 192, bands)).toBeGreaterThanOrEqual(0.99);
    expect(recallOf(0.85, 14, 192, bands - 1)).toBeLessThan(0.99);
    expect(recallOf(1, 14, 192, bands)).toBe(1);
    expect(recallOf(0.95, 14, 192, bands)).toBeGreaterThan(recallOf(0.85, 14, 192, bands));
    expect(recallOf(0.3, 14, 192, bands)).toBeLessThan(0.1);
  });

  it('refuses embeddings of different lengths in one line', () => {
    expect(() => semanticPairs([new Float32Array(4), new Float32Array(3)], 0.9)).toThrow(/^vectors: embedding 1 has 3 dimensions, embedding 0 has 4\.$/);
  });
});

describe('findPairs with sentence embeddings', () => {
  let model: string;
  beforeAll(() => {
    model = writeTinyEmbeddingModel(path.join(tempDir('airlock-pairs-embed-'), 'tiny-bert'));
  });

  const requirements = (texts: string[]): RequirementText[] => texts.map((text, i) => ({ id: `R${i + 1}`, text }));
  const background = ['The display shall show every alarm.', 'The password shall expire every day.', 'The log shall record each shutdown.'];

  it('makes paraphrases with no word in common duplicates only when vectors are given', async () => {
    const reqs = requirements(['The pump shall halt when it overheats.', 'Each compressor must cease on overtemperature.', ...background]);
    expect(findPairs(reqs)).toEqual([]);
    const pairs = findPairs(reqs, { vectors: await embedTexts(model, reqs.map((r) => r.text)) });
    expect(pairs).toEqual([{ a: 'R1', b: 'R2', relation: 'duplicate', score: 1, reason: 'the same meaning in other words: their sentence embeddings agree (cosine 1)' }]);
  });

  it('reports a paraphrase that says "shall not" as a conflict, not a duplicate', async () => {
    const reqs = requirements(['The pump shall halt when it overheats.', 'The compressor shall not cease when it overheats.', ...background]);
    const pairs = findPairs(reqs, { vectors: await embedTexts(model, reqs.map((r) => r.text)) });
    expect(pairs).toEqual([expect.objectContaining({ a: 'R1', b: 'R2', relation: 'conflict', reason: 'same subject; one says "shall", the other "shall not"' })]);
  });

  it('keeps the reason the words give for a pair they already find, and counts the index work', async () => {
    const reqs = requirements(['The display shall show every alarm.', 'The display shall present every alarm.', 'The password shall expire every day.']);
    const without = findPairsCounted(reqs);
    const withVectors = findPairsCounted(reqs, { vectors: await embedTexts(model, reqs.map((r) => r.text)) });
    expect(withVectors.pairs).toEqual(without.pairs);
    expect(without.pairs[0]?.reason).toContain('content terms');
    expect(withVectors.comparisons).toBeGreaterThan(without.comparisons);
  });

  it('never makes two requirements one word apart duplicates, however alike their embeddings', async () => {
    // "view" and "update" are unknown to the tiny model: the two vectors are the same, the words tell them apart
    const reqs = requirements(['The operator shall have view access to the alarm log.', 'The operator shall have update access to the alarm log.', ...background]);
    const vectors = await embedTexts(model, reqs.map((r) => r.text));
    expect(dot(vectors[0], vectors[1])).toBeCloseTo(1, 6);
    expect(findPairs(reqs, { vectors })).toEqual(findPairs(reqs));
    expect(findPairs(reqs)).toEqual([]);
  });

  it('never pairs sister systems, however alike their embeddings', async () => {
    // "Harbor", "Vega", "battery" and "flight" are unknown to the tiny model: the two vectors are the same
    const reqs = requirements(['The Harbor battery controller shall log every alarm.', 'The Vega flight controller shall log every alarm.', ...background]);
    const vectors = await embedTexts(model, reqs.map((r) => r.text));
    expect(dot(vectors[0], vectors[1])).toBeCloseTo(1, 6);
    expect(findPairs(reqs, { vectors })).toEqual([]);
    // the same actor in other words is the embeddings' to judge
    const same = requirements(['The pump shall log every alarm.', 'Each compressor must record all warnings.', ...background]);
    expect(findPairs(same, { vectors: await embedTexts(model, same.map((r) => r.text)) })).toMatchObject([{ a: 'R1', b: 'R2', relation: 'duplicate' }]);
  });

  it('refuses vectors that do not match the requirements one for one', () => {
    const reqs = requirements(['The pump shall halt.', 'The motor shall stop.']);
    const thrown = (() => {
      try {
        findPairs(reqs, { vectors: [new Float32Array(3)] });
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(thrown).toBeInstanceOf(AppFailure);
    expect(thrown instanceof AppFailure && thrown.error).toMatchObject({ code: 'BAD_INPUT', message: 'vectors: 1 embeddings for 2 requirements.', where: { field: 'vectors' } });
  });
});
