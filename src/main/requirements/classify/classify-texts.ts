// Classifies requirement texts through onnxruntime: featurize(), the classifier's ONNX file, then the verdict rule
// (primary = the most probable class; labels = the primary and every other class at SECONDARY_THRESHOLD or above).
import * as ort from 'onnxruntime-node';
import { fail } from '../../../shared/errors';
import { REQUIREMENT_CLASSES, type RequirementClass } from '../../../shared/requirements-classes';
import { exportOnnx } from '../../onnx/export';
import { OUTPUT_NAMES } from '../../onnx/output-nodes';
import { feed } from '../../onnx/parity';
import type { TrainedModel } from '../../training/model-types';
import { compareCodePoints } from '../../training/tfidf';
import { featurize } from '../nlp/requirement-features';
import { classAt } from './labelled-set';

/**
 * A class other than the primary one holds too when the classifier gives it at least this probability. With 14 classes
 * a uniform guess is 0.07; 0.25 asks for a clear second reading ("the brake ECU shall log each fault" is functional
 * and safety) without turning every hesitation into a label. Checked against the labelled set's secondary column.
 */
export const SECONDARY_THRESHOLD = 0.25;

/** Texts per onnxruntime call: bounds the token tensors and gives progress and Cancel a beat. */
export const CLASSIFY_BATCH = 512;

export interface TextVerdict {
  class: RequirementClass;
  confidence: number;
  classes: Record<RequirementClass, number>;
  labels: RequirementClass[];
}

/** The verdict on one row of probabilities over `classNames`. */
export function verdictOf(probabilities: ArrayLike<number>, classNames: readonly RequirementClass[]): TextVerdict {
  const classes = Object.fromEntries(REQUIREMENT_CLASSES.map((c) => [c, 0])) as Record<RequirementClass, number>;
  classNames.forEach((c, j) => (classes[c] = probabilities[j]));
  const ranked = [...classNames].sort((a, b) => classes[b] - classes[a] || classNames.indexOf(a) - classNames.indexOf(b));
  const primary = ranked[0];
  return { class: primary, confidence: classes[primary], classes, labels: ranked.filter((c) => c === primary || classes[c] >= SECONDARY_THRESHOLD) };
}

/**
 * A classifier file's class order. Our exporter orders probabilities as the trainer sorted the classes (by code
 * point); a file trained on every class therefore has all 14 in that order. classify() checks it against the file's
 * own label output on every batch, so a file that orders them otherwise is refused rather than misread.
 */
export function classOrder(model: TrainedModel | null, width: number): RequirementClass[] {
  if (model?.classes) return model.classes.map((c, i) => classAt(c, 'model.json', i + 1, 'classes'));
  if (width === REQUIREMENT_CLASSES.length) return [...REQUIREMENT_CLASSES].sort(compareCodePoints);
  return fail('BAD_INPUT', `A requirement classifier without its model JSON must give all ${REQUIREMENT_CLASSES.length} classes; this one gives ${width}.`, { where: { field: 'model' } });
}

export interface ClassifyHooks {
  /** after each batch: texts done of total */
  progress?(done: number, total: number): void;
  checkCancelled?(): void;
}

/** An open classifier: an onnxruntime session on its file and its class order. */
export class TextClassifier {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly classNames: readonly RequirementClass[],
  ) {}

  /** Opens an ONNX file (path or bytes; `model`, its model JSON when known, gives its class order), or a model trained in process, exported to ONNX on the way. */
  static async open(source: TrainedModel | Uint8Array | string, model: TrainedModel | null = null): Promise<TextClassifier> {
    if (typeof source === 'string') return TextClassifier.wrap(await ort.InferenceSession.create(source), model);
    if (source instanceof Uint8Array) return TextClassifier.wrap(await ort.InferenceSession.create(source), model);
    const bytes = exportOnnx(source, { producer: 'airlock', version: 'in-process', numericInputs: 'double' });
    return TextClassifier.wrap(await ort.InferenceSession.create(bytes), source);
  }

  /** Wraps a session someone else opened (openModelSession); `model` is the version's model JSON when it has one. */
  static wrap(session: ort.InferenceSession, model: TrainedModel | null): TextClassifier {
    const meta = session.outputMetadata.find((m) => m.name === OUTPUT_NAMES.probabilities);
    const dims = meta?.isTensor ? meta.shape : [];
    const width = typeof dims[1] === 'number' ? dims[1] : (model?.classes?.length ?? REQUIREMENT_CLASSES.length);
    return new TextClassifier(session, classOrder(model, width));
  }

  async classify(texts: readonly string[], hooks: ClassifyHooks = {}): Promise<TextVerdict[]> {
    const verdicts: TextVerdict[] = [];
    const k = this.classNames.length;
    for (let start = 0; start < texts.length; start += CLASSIFY_BATCH) {
      hooks.checkCancelled?.();
      const columns = new Map(featurize(texts.slice(start, start + CLASSIFY_BATCH)).map((c) => [c.name, c]));
      const feeds = Object.fromEntries(
        this.session.inputMetadata.map((meta) => {
          const col = columns.get(meta.name) ?? fail('BAD_INPUT', `The classifier takes an input '${meta.name}' that featurize() does not make.`, { where: { field: meta.name } });
          return [meta.name, feed(col, meta)];
        }),
      );
      const out = await this.session.run(feeds);
      const probabilities = out[OUTPUT_NAMES.probabilities]?.data as Float32Array | undefined;
      const labels = out[OUTPUT_NAMES.label]?.data as string[] | undefined;
      if (!probabilities || !labels) fail('BAD_INPUT', `A requirement classifier must have the outputs '${OUTPUT_NAMES.label}' and '${OUTPUT_NAMES.probabilities}'.`, { where: { field: 'model' } });
      for (let r = 0; r < labels.length; r++) {
        const row = probabilities.subarray(r * k, (r + 1) * k);
        const v = verdictOf(row, this.classNames);
        // the file picks its label from double probabilities, so a float32 tie may name another class of equal probability
        const labelAt = this.classNames.findIndex((c) => c === labels[r]);
        if (labelAt < 0 || row[labelAt] !== v.confidence) {
          fail('BAD_INPUT', `The classifier's label output (${labels[r]}) is not its most probable class (${v.class}): its classes are not in the order expected.`, { where: { field: 'model' } });
        }
        verdicts.push(v);
      }
      hooks.progress?.(Math.min(texts.length, start + CLASSIFY_BATCH), texts.length);
    }
    return verdicts;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** One-shot: classifies `texts` with a model trained in process or an ONNX file, and closes the session. */
export async function classifyTexts(source: TrainedModel | Uint8Array | string, texts: readonly string[], hooks?: ClassifyHooks): Promise<TextVerdict[]> {
  const classifier = await TextClassifier.open(source);
  try {
    return await classifier.classify(texts, hooks);
  } finally {
    await classifier.release();
  }
}
