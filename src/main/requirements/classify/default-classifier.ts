// The classifier Airlock ships (resources/requirements/default-classifier.onnx), trained by
// scripts/build-default-classifier.ts on the shipped labelled set, and the figures written beside it.
import fs from 'node:fs';
import { z } from 'zod';
import { fail } from '../../../shared/errors';
import { exportOnnx } from '../../onnx/export';
import { figuresOf, type TrainedClassifier } from './train-classifier';
import { LABELLED_SET_FILE, sha256 } from './labelled-set';
import { shippedResource } from './shipped-resources';

export const DEFAULT_CLASSIFIER_ONNX = 'default-classifier.onnx';
export const DEFAULT_CLASSIFIER_JSON = 'default-classifier.json';
/** The shipped default's training: fixed, so a rebuild from the same set gives the same file. */
export const DEFAULT_TRAINING = { folds: 5, seed: 42 } as const;

const figures = z.record(z.string(), z.number());
const defaultClassifierInfo = z
  .object({
    /** the labelled set it was trained on, by file name and SHA-256 */
    labelledSet: z.object({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), rows: z.number().int().positive() }),
    folds: z.number().int(),
    seed: z.number().int(),
    /** cross-validated means over `folds` folds */
    cv: figures,
    /** on the held-out test rows the final model never learnt from */
    test: figures,
    /** SHA-256 of the ONNX file beside it */
    onnxSha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
export type DefaultClassifierInfo = z.output<typeof defaultClassifierInfo>;

/** The shipped default's figures; BAD_INPUT naming the file and field when it does not read. */
export function readDefaultClassifierInfo(file = shippedResource(DEFAULT_CLASSIFIER_JSON)): DefaultClassifierInfo {
  const parsed = defaultClassifierInfo.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) fail('BAD_INPUT', `${DEFAULT_CLASSIFIER_JSON}: ${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}`, { where: { file: DEFAULT_CLASSIFIER_JSON } });
  return parsed.data;
}

/** The ONNX file and its figures for a classifier trained on the labelled set whose bytes hash to `sha256`. */
export function defaultClassifierFiles(trained: TrainedClassifier, labelledSet: { sha256: string; rows: number }): { onnx: Uint8Array; info: DefaultClassifierInfo } {
  const onnx = exportOnnx(trained.model, {
    producer: 'airlock',
    version: 'default-classifier',
    numericInputs: 'double',
    docString: `Airlock's default requirement classifier, trained on ${LABELLED_SET_FILE} (SHA-256 ${labelledSet.sha256})`,
  });
  return {
    onnx,
    info: {
      labelledSet: { file: LABELLED_SET_FILE, sha256: labelledSet.sha256, rows: labelledSet.rows },
      folds: DEFAULT_TRAINING.folds,
      seed: DEFAULT_TRAINING.seed,
      cv: trained.cv,
      test: figuresOf(trained.pipeline.metrics, 'test_'),
      onnxSha256: sha256(onnx),
    },
  };
}
