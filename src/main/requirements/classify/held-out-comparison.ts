// A retraining against the classifier in use, fairly: on the new run's held-out rows, which the candidate never learnt
// from, the current version's training set is trained again by the same recipe without them (so neither side has seen
// a held-out text), and the current file itself is scored only on the held-out rows outside its training set.
import { REQUIREMENT_CLASSES, type HeldOutComparison, type HeldOutFigures, type RequirementClass } from '../../../shared/requirements-classes';
import { openDatasetColumns } from '../../experiments/dataset-columns';
import { classificationReport } from '../../metrics/classification-report';
import type { ModelVersionRecord } from '../../store/model-versions-repo';
import type { ProjectStore } from '../../store/project-store';
import { classifyTexts, type TextClassifier, type TextVerdict } from './classify-texts';
import { readDefaultClassifierInfo } from './default-classifier';
import { classAt, defaultLabelledSet, type LabelledText } from './labelled-set';
import { LABEL_COLUMN, trainClassifier, type TrainedClassifier } from './train-classifier';

/** Accuracy and macro F1 of verdicts against the true classes, as the run's own metrics compute them. */
function figures(model: string, verdicts: readonly TextVerdict[], truth: readonly RequirementClass[]): HeldOutFigures {
  const classNames = [...REQUIREMENT_CLASSES];
  const probs = Float64Array.from(verdicts.flatMap((v) => classNames.map((c) => v.classes[c])));
  const { metrics } = classificationReport({ yTrue: Int32Array.from(truth, (t) => classNames.indexOf(t)), probs, classNames });
  return { model, accuracy: metrics.accuracy, f1_macro: metrics.f1_macro, rows: truth.length };
}

/**
 * The labelled rows `version` was trained from: its run's stored dataset version (requirement-labels@N, the job's
 * frame with its `text` and `label` columns), or the shipped labelled set for the shipped default; null for a file
 * imported by hand, whose training set nobody recorded.
 */
export function trainingSetOf(store: ProjectStore, version: ModelVersionRecord): LabelledText[] | null {
  if (version.trainedOn) {
    const at = version.trainedOn.lastIndexOf('@');
    const data = openDatasetColumns(store, version.trainedOn.slice(0, at), Number(version.trainedOn.slice(at + 1)));
    const [texts, labels] = [data.read('text'), data.read(LABEL_COLUMN)];
    return Array.from({ length: data.rows }, (_, r) => ({ text: String(texts.values[r] ?? ''), label: classAt(String(labels.values[r] ?? ''), data.versionId, r + 2, LABEL_COLUMN) }));
  }
  return version.hash === readDefaultClassifierInfo().onnxSha256 ? defaultLabelledSet().map(({ text, label }) => ({ text, label })) : null;
}

/** The candidate: the new training's in-process result and its ONNX file open in onnxruntime. */
export interface Candidate {
  trained: TrainedClassifier;
  classifier: TextClassifier;
}

/** The version in use: its registry record and its file open in onnxruntime. */
export interface Current {
  version: ModelVersionRecord;
  classifier: TextClassifier;
}

/** What was compared, beside the figures: the rows each figure was computed on and what each model learnt from. */
export interface Compared {
  /** the figures, the candidate's model named CANDIDATE until it is registered (see namedCandidate) */
  heldOut: HeldOutComparison;
  /** the held-out rows the candidate and current figures were computed on */
  held: LabelledText[];
  /** the current version's training set (null without a current version or when it is unknown) */
  currentSet: LabelledText[] | null;
  /** the rows the retraining of the current training set learnt from (its training split) */
  baselineTrainedOn: LabelledText[];
}

/** The candidate's name in the figures until the registry gives it a version. */
export const CANDIDATE = 'candidate';

/** The figures with the candidate's model named as the registry named it. */
export function namedCandidate(h: HeldOutComparison, model: string): HeldOutComparison {
  return {
    candidate: { ...h.candidate, model },
    current: h.current,
    unseenByCurrent: h.unseenByCurrent && { candidate: { ...h.unseenByCurrent.candidate, model }, current: h.unseenByCurrent.current },
  };
}

/**
 * Compares the candidate, trained on `examples`, with the current version on the candidate's held-out rows. A held-out
 * row whose text the candidate also learnt from under another row (a correction repeating a default text) is left out.
 * The current training set's retraining uses the candidate's seed.
 */
export async function compareOnHeldOut(
  store: ProjectStore,
  examples: readonly LabelledText[],
  candidate: Candidate,
  current: Current | null,
  checkCancelled: () => void,
): Promise<Compared> {
  const learnt = new Set(Array.from(candidate.trained.trainedOn, (i) => examples[i].text));
  const held = Array.from(candidate.trained.heldOut, (i) => examples[i]).filter((e) => !learnt.has(e.text));
  const texts = held.map((e) => e.text);
  const truth = held.map((e) => e.label);
  const verdicts = await candidate.classifier.classify(texts);
  const heldOut: HeldOutComparison = { candidate: figures(CANDIDATE, verdicts, truth), current: null, unseenByCurrent: null };
  const currentSet = current ? trainingSetOf(store, current.version) : null;
  if (!current || !currentSet) return { heldOut, held, currentSet, baselineTrainedOn: [] };
  checkCancelled();

  const heldTexts = new Set(texts);
  const baselineSet = currentSet.filter((e) => !heldTexts.has(e.text));
  const baseline = trainClassifier(baselineSet, { seed: candidate.trained.request.seed, testHeldOutByCaller: true });
  heldOut.current = figures(current.version.id, await classifyTexts(baseline.model, texts), truth);
  checkCancelled();

  const seen = new Set(currentSet.map((e) => e.text));
  const unseen = held.flatMap((e, k) => (seen.has(e.text) ? [] : [k]));
  if (unseen.length > 0) {
    const pick = <T>(values: readonly T[]): T[] => unseen.map((k) => values[k]);
    const currentVerdicts = await current.classifier.classify(pick(texts));
    heldOut.unseenByCurrent = { candidate: figures(CANDIDATE, pick(verdicts), pick(truth)), current: figures(current.version.id, currentVerdicts, pick(truth)) };
  }
  return { heldOut, held, currentSet, baselineTrainedOn: Array.from(baseline.trainedOn, (i) => baselineSet[i]) };
}
