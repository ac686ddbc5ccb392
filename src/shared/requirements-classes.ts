// Requirement classification as the CLI (`airlock req classify|label|train --json`) and the renderer see it: the
// classes, one requirement's verdict, a person's correction, and what a retraining produced.
import { z } from 'zod';

/** The classes of issue 15, in the order the UI lists them. */
export const REQUIREMENT_CLASSES = [
  'functional',
  'safety',
  'security',
  'performance',
  'usability',
  'look-and-feel',
  'availability',
  'fault-tolerance',
  'maintainability',
  'portability',
  'scalability',
  'operational',
  'legal',
  'regulatory-compliance',
] as const;
export type RequirementClass = (typeof REQUIREMENT_CLASSES)[number];
export const requirementClass = z.enum(REQUIREMENT_CLASSES);

export function isRequirementClass(value: string): value is RequirementClass {
  return (REQUIREMENT_CLASSES as readonly string[]).includes(value);
}

/** The registry model that holds a project's classifier versions. */
export const CLASSIFIER_MODEL = 'requirements-classifier';
/**
 * The alias that pins the project's classifier once someone has approved one; without it the newest version is the
 * classifier. Moving it needs an approval (models.approve), so after the first promotion a retraining changes nothing
 * until it is approved.
 */
export const CLASSIFIER_ALIAS = 'active';

/** One requirement's verdict from the project's classifier, at the revision it read. */
export interface RequirementClassification {
  id: string;
  /** the primary class: the most probable one */
  class: RequirementClass;
  /** the primary class's probability */
  confidence: number;
  /** every class's probability (they sum to 1) */
  classes: Record<RequirementClass, number>;
  /** the multi-label verdict: the primary class and every other class probable enough to hold too, most probable first */
  labels: RequirementClass[];
  /** the classifier version that gave it, NAME@VERSION */
  model: string;
  revision: number;
}

/** A person's label for a requirement: accepting the classifier's class or correcting it. Latest per requirement wins. */
export interface RequirementLabel {
  id: string;
  label: RequirementClass;
  /** the classifier's primary class when the label was given (null when the requirement was never classified) */
  predicted: RequirementClass | null;
  /** the revision the label is about: a later edit keeps the label but the table shows it is older than the text */
  revision: number;
  createdAt: string;
  createdBy: string;
}

/** Which classifier a project uses, and where it came from. */
export interface ClassifierInfo {
  /** NAME@VERSION in use, or null before the first classification (the shipped default is registered on first use) */
  active: string | null;
  /** true when the `active` alias pins it (an approval chose it); false when it is simply the newest version */
  pinned: boolean;
  /** the newest version, which differs from `active` when a retraining waits for approval */
  latest: string | null;
  /** cross-validated figures of the active version's training run (accuracy, f1_macro, ...), or of the shipped default */
  metrics: Record<string, number>;
  /** labels people gave in this project, and how many of them the active version was not trained on */
  corrections: number;
  pendingCorrections: number;
}

/** How a retraining runs; the API adds `labels`, the file it also trains on (see api.ts). */
export const requirementTrainOptions = z
  .object({
    /** k for the cross-validated figures (default 5) */
    folds: z.number().int().min(2).max(20).default(5),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
  })
  .strict();
export type RequirementTrainOptions = z.output<typeof requirementTrainOptions>;

/** The 'requirements.train' job's input: the options, and the labelled CSV as the host resolved it. */
export interface RequirementTrainJobInput {
  options: RequirementTrainOptions;
  /** an extra labelled CSV from the user's own domain: columns text,label, label one of REQUIREMENT_CLASSES */
  labels?: { path: string; fileName: string };
}

/** One model's figures on held-out rows of the new training set. */
export interface HeldOutFigures {
  model: string;
  accuracy: number;
  f1_macro: number;
  rows: number;
}

/**
 * A retraining against the classifier in use, on the new run's held-out test rows, with no figure computed on a row
 * the model it describes was trained on. (The classifier file in use cannot simply be scored on them: the shipped
 * default learnt from most default rows, which flattered it.)
 */
export interface HeldOutComparison {
  /** the new version on the held-out rows */
  candidate: HeldOutFigures;
  /**
   * The current version's TRAINING SET trained again by the same recipe without the held-out rows, on the same rows:
   * what the new training set is worth against the old one. `model` names the current version, whose file this is not.
   * Null for the first version, and for a current version whose training set is unknown (an ONNX file imported by hand).
   */
  current: HeldOutFigures | null;
  /**
   * The current classifier file itself against the new version, on the held-out rows whose text is not in the current
   * version's training set (every row of it counts as seen, its own held-out ones too; rows says how many). Null when
   * there are none (the shipped default's training set is every default row, so only corrections and file rows can be
   * unseen by it) or its training set is unknown.
   */
  unseenByCurrent: { candidate: HeldOutFigures; current: HeldOutFigures } | null;
}

export interface RequirementTrainResult {
  run: string;
  /** NAME@VERSION of the new classifier version */
  version: string;
  /** the dataset version the training set was stored as */
  dataset: string;
  rows: { default: number; corrections: number; file: number };
  /** cross-validated mean figures, the run's cv_<metric>_mean by metric: accuracy, f1_macro, precision_macro, log_loss, ... */
  cv: Record<string, number>;
  /** the new version against the classifier in use on held-out rows neither was trained on; current is null for the first one */
  heldOut: HeldOutComparison;
  /** true when the new version is now the project's classifier (no alias pins an earlier one) */
  active: boolean;
}

export interface RequirementClassifyResult {
  classified: number;
  model: string;
}
