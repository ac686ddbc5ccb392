// The model registry's contract: named models, their immutable content-addressed versions (from a run or an imported
// ONNX file), tags, descriptions, aliases moved only by signed four-eyes approvals, execution providers, and the
// requests of the jobs that score, benchmark, compare, explain and check the fairness of a model version.
import { z } from 'zod';
import { modelRef } from './model-ref';
import { datasetVersionRef } from './monitoring';
import type { OnnxInspection } from './onnx-model';

export { aliasName, modelName, modelRef, type ModelRef } from './model-ref';

export const MODEL_ALIASES_SUGGESTED = ['champion', 'challenger'] as const;

export const PROVIDER_NAMES = ['cpu', 'webgpu', 'cuda'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export interface ProviderStatus {
  name: ProviderName;
  available: boolean;
  /** why it is not available; absent when it is */
  reason?: string;
}

/** Where a model version came from. */
export type ModelSource = 'run' | 'import';

/** One registered, immutable model version. */
export interface ModelVersionInfo {
  /** lineage id, `<name>@<version>` */
  id: string;
  name: string;
  version: number;
  /**
   * Content address: the ONNX file's SHA-256 (with external data, OnnxInspection.sha256's rule); the model JSON's
   * SHA-256 for a run that exported no ONNX. Approvals are signed over it.
   */
  hash: string;
  source: ModelSource;
  /** the run that made it (source 'run') */
  runId: string | null;
  /** the dataset version its run trained on, `<name>@<version>` */
  trainedOn: string | null;
  /** who registered it: a local user name (`--as`) or the session's actor */
  author: string;
  /** the author's key fingerprint when the author is a local user profile */
  authorFingerprint: string | null;
  createdAt: string;
  description: string;
  tags: Record<string, string>;
  /** aliases that point at this version now */
  aliases: string[];
  hasOnnx: boolean;
  /** the ONNX file as inspected at registration (null: no ONNX file) */
  inspection: OnnxInspection | null;
}

export interface ModelSummary {
  name: string;
  description: string;
  tags: Record<string, string>;
  versions: number;
  latest: { version: number; createdAt: string } | null;
  /** alias -> version number */
  aliases: Record<string, number>;
  createdAt: string;
}

/** One evaluation report (or drift report) an approver viewed, by its content hash. */
export interface EvidenceRef {
  id: string;
  kind: 'scoring' | 'benchmark' | 'explanation' | 'fairness' | 'comparison' | 'drift';
  sha256: string;
}

/** A signed approval: moving `alias` of model `model` to `version`. Stored once, never changed. */
export interface ApprovalInfo {
  /** `appr-<16 hex>` */
  id: string;
  model: string;
  version: number;
  /** the model version's hash (ModelVersionInfo.hash) as signed */
  versionHash: string;
  alias: string;
  /** the version the alias pointed at before (null: the alias is new) */
  previousVersion: number | null;
  reason: string;
  evidence: EvidenceRef[];
  approver: string;
  approverFingerprint: string;
  at: string;
  /** base64 Ed25519 signature over the domain tag and the canonical JSON of the fields above (src/main/models/registry/approval-signature.ts) */
  signature: string;
}

export interface ModelDetail {
  model: ModelSummary;
  /** newest first */
  versions: ModelVersionInfo[];
  /** newest first */
  approvals: ApprovalInfo[];
}

export interface ApprovalCheck {
  id: string;
  model: string;
  version: number;
  alias: string;
  approver: string;
  ok: boolean;
  /** what is wrong, in one line (absent when ok) */
  problem?: string;
}

export interface ApprovalVerification {
  checked: number;
  ok: boolean;
  /** the first approval (oldest first) that fails, or null */
  firstBad: ApprovalCheck | null;
  approvals: ApprovalCheck[];
}

/** What `model import` answers (the CLI's JSON shape: {model, version, hash, inputs, outputs, opset}). */
export interface ModelImportResult {
  model: string;
  version: number;
  id: string;
  hash: string;
  inputs: { name: string; type: string; shape: (number | string | null)[] | null }[];
  outputs: { name: string; type: string; shape: (number | string | null)[] | null }[];
  /** the ai.onnx opset */
  opset: number | null;
  /** true when an identical file was already this model's latest version, which is returned instead of a new one */
  reused: boolean;
}

/** `NAME=COL[,COL...]` mappings, explicit, by input name. */
export const inputMappingSpec = z.record(z.string().min(1).max(500), z.array(z.string().min(1).max(500)).min(1).max(100_000));

const provider = z.enum(PROVIDER_NAMES);
const column = z.string().min(1).max(500);
const outputName = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, 'use letters, digits, spaces, dot, dash and underscore');

/** Score a dataset version: the output is a new version of dataset `output` (default `<dataset>-scored`). */
export const scoreRequest = z
  .object({
    model: modelRef,
    dataset: datasetVersionRef,
    provider: provider.optional(),
    inputs: inputMappingSpec.optional(),
    /** a label column: excluded from packed inputs, and when set the scoring metrics are stored as an evaluation */
    target: column.optional(),
    output: outputName.optional(),
    batchSize: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();
export type ScoreRequest = z.infer<typeof scoreRequest>;

/** Latency and throughput per batch size per provider, on rows of a dataset version or synthetic inputs from the shapes. */
export const benchRequest = z
  .object({
    model: modelRef,
    providers: z.array(provider).min(1).max(3).optional(),
    batchSizes: z.array(z.number().int().min(1).max(65_536)).min(1).max(12).optional(),
    dataset: datasetVersionRef.optional(),
    inputs: inputMappingSpec.optional(),
    /** timed runs per batch size, after the warm-up */
    runs: z.number().int().min(3).max(10_000).optional(),
    warmup: z.number().int().min(0).max(1000).optional(),
  })
  .strict();
export type BenchRequest = z.infer<typeof benchRequest>;

/** Champion vs challenger on one dataset version. */
export const compareRequest = z
  .object({
    champion: modelRef,
    challenger: modelRef,
    dataset: datasetVersionRef,
    target: column.optional(),
    provider: provider.optional(),
    inputs: inputMappingSpec.optional(),
    bootstrap: z.number().int().min(0).max(10_000).optional(),
    seed: z.number().int().optional(),
  })
  .strict();
export type CompareRequest = z.infer<typeof compareRequest>;

export const EXPLAIN_METHODS = ['permutation', 'pdp', 'shap'] as const;
export type ExplainMethod = (typeof EXPLAIN_METHODS)[number];

export const explainRequest = z
  .object({
    model: modelRef,
    dataset: datasetVersionRef,
    method: z.enum(EXPLAIN_METHODS),
    /** the label column (permutation importance scores against it; excluded from the model's inputs) */
    target: column.optional(),
    provider: provider.optional(),
    inputs: inputMappingSpec.optional(),
    /** columns to explain (pdp: the columns to vary; default all the model takes) */
    columns: z.array(column).max(200).optional(),
    /** shap: rows (0-based) to explain locally */
    rows: z.array(z.number().int().min(0)).max(200).optional(),
    /** a classifier's class whose probability is explained (default: binary, the second; multiclass, the one ranked first most often) */
    className: z.string().min(1).max(500).optional(),
    /** pdp: grid points per numeric column */
    grid: z.number().int().min(2).max(1000).optional(),
    repeats: z.number().int().min(1).max(100).optional(),
    background: z.number().int().min(1).max(200).optional(),
    samples: z.number().int().min(10).max(100_000).optional(),
    /** rows sampled from the dataset version (explanations on all rows of a large version take too long) */
    maxRows: z.number().int().min(10).max(1_000_000).optional(),
    seed: z.number().int().optional(),
  })
  .strict();
export type ExplainRequest = z.infer<typeof explainRequest>;

export const fairnessRequest = z
  .object({
    model: modelRef,
    dataset: datasetVersionRef,
    target: column,
    sensitive: column,
    /** the label counted as the positive (favourable) outcome; default: the second of two sorted labels */
    positive: z.string().max(500).optional(),
    provider: provider.optional(),
    inputs: inputMappingSpec.optional(),
    /** disparity thresholds (demographic_parity_difference <= x, ...); a ratio's threshold is a lower bound */
    thresholds: z.record(z.string().min(1).max(100), z.number()).optional(),
    resamples: z.number().int().min(0).max(10_000).optional(),
    missing: z.enum(['group', 'exclude']).optional(),
    seed: z.number().int().optional(),
  })
  .strict();
export type FairnessRequest = z.infer<typeof fairnessRequest>;
