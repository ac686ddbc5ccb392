import { describe, expect, it } from 'vitest';
import { Random } from '../samples/random';
import type { FeatureColumn, TrainedModel } from '../training/model-types';
import { fitPreprocessor, type PreprocessOptions } from '../training/preprocess';
import { exportOnnx } from './export';
import { checkParity } from './parity';
import { JS_WHITESPACE } from './text-nodes';

const META = { producer: 'airlock-test', version: '0.0.0' };

/** Texts that stress the analyzers: case, punctuation, underscores, digits, accents, CJK, emoji, every kind of whitespace. */
const FRAGMENTS = [
  'Drift', 'DRIFT', 'drift_rate', 'pH', 'x', '7.4', 'Über', 'naïve', 'café', 'e\u0301t\u00e9', '日本語', 'Ωmega', 'ДАТЧИК',
  'ok!', '(retest)', '😀', 'a😀b', '--', 'Straße', 'ǅ', '\u212Aelvin',
];
const GAPS = [' ', '  ', '\t', '\t\t', '\n', ' \n ', '\u00a0', '\u00a0\u00a0', '\u3000 ', ', ', ''];

function makeTexts(seed: number, rows: number): (string | null)[] {
  const rng = new Random(seed);
  return Array.from({ length: rows }, () => {
    if (rng.chance(0.05)) return null;
    if (rng.chance(0.03)) return '';
    let text = rng.chance(0.2) ? rng.pick(GAPS) : '';
    for (let i = rng.int(1, 9); i > 0; i--) text += rng.pick(FRAGMENTS) + rng.pick(GAPS);
    return text;
  });
}

function textModel(options: NonNullable<PreprocessOptions['text']>, texts: (string | null)[]): TrainedModel {
  const preprocessor = fitPreprocessor([{ name: 'note', kind: 'text', values: texts }], { text: options });
  const rng = new Random(5);
  const features = preprocessor.featureNames.length;
  return {
    task: 'multiclass',
    target: 'topic',
    classes: ['a', 'b', 'c'],
    preprocessor,
    // Large weights so that any feature the graph gets wrong moves the probabilities visibly.
    body: { kind: 'linear', weights: [0, 1, 2].map(() => Array.from({ length: features }, () => rng.normal(0, 3))), intercepts: [0, 0, 0] },
  };
}

const column = (values: (string | null)[]): FeatureColumn[] => [{ name: 'note', kind: 'text', values }];
const train = makeTexts(1, 400);
const score = makeTexts(2, 1500);

describe('TF-IDF in ONNX', () => {
  it('spells out exactly the code points JavaScript\'s \\s matches', () => {
    const inClass = (c: number) => JS_WHITESPACE.some(([a, b]) => c >= a && c <= b);
    const disagreeing: number[] = [];
    for (let c = 0; c <= 0x10ffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      if (/\s/u.test(String.fromCodePoint(c)) !== inClass(c)) disagreeing.push(c);
    }
    expect(disagreeing).toEqual([]);
  });

  const cases: [string, NonNullable<PreprocessOptions['text']>][] = [
    ['word unigrams and bigrams, l2', [{ analyzer: 'word', ngramRange: [1, 2] }]],
    ['word bigrams only, sublinear tf, no norm', [{ analyzer: 'word', ngramRange: [2, 2], sublinearTf: true, norm: 'none' }]],
    ['char 1- to 4-grams, l2', [{ analyzer: 'char', ngramRange: [1, 4], maxFeatures: 800 }]],
    ['char 3-grams, sublinear tf', [{ analyzer: 'char', ngramRange: [3, 3], sublinearTf: true }]],
    ['word and char steps on one column', [{ analyzer: 'word', ngramRange: [1, 1] }, { analyzer: 'char', ngramRange: [2, 2] }]],
  ];
  for (const [name, options] of cases) {
    it(`matches the app's features for ${name}`, async () => {
      const model = textModel(options, train);
      const report = await checkParity(model, exportOnnx(model, META), column(score));
      expect(report).toMatchObject({ ok: true, rows: 1500, labelMismatches: 0 });
      expect(report.maxAbsDiff).toBeLessThanOrEqual(1e-5);
    });
  }

  it('differs from the app only where JavaScript lower-cases by context: İ and a word-final capital sigma', async () => {
    const texts = ['İstanbul trip', 'ΟΔΟΣ map', 'istanbul trip', 'οδος map', 'σ alone'];
    for (const analyzer of ['word', 'char'] as const) {
      const model = textModel([{ analyzer, ngramRange: [1, 2] }], texts);
      const bytes = exportOnnx(model, META);
      expect((await checkParity(model, bytes, column(texts.slice(2)))).ok).toBe(true);
      // JavaScript gives "i̇stanbul" (i + combining dot) and "οδος"; ORT's per-code-point mapping gives "istanbul" and "οδοσ".
      expect((await checkParity(model, bytes, column(['İstanbul trip']))).ok).toBe(false);
      expect((await checkParity(model, bytes, column(['ΟΔΟΣ map']))).ok).toBe(false);
    }
  });
});
