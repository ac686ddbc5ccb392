// The model kinds Airlock trains, each with its label, its hyperparameters (type, default, range, hint; scikit-learn's
// defaults where there is a counterpart) and the search space a study explores by default. One catalog read by the
// request schemas, the trainer's parameter resolution, the study's default space and the train form, so none drifts.
import { fail } from './errors';

export const modelKinds = ['logreg', 'linreg', 'gbdt', 'mlp'] as const;
export type ModelKind = (typeof modelKinds)[number];

export type ParamSpec =
  | { type: 'float' | 'int'; default: number; min: number; max: number; hint: string }
  | { type: 'bool'; default: boolean; hint: string }
  /** hidden layer widths written "64,32" */
  | { type: 'layers'; default: string; hint: string };

export type ParamValue = number | boolean | string;
export type ResolvedParams = Record<string, ParamValue>;

/** One dimension of a search space as JSON (`--space FILE.json`); src/main/tuning/search-space.ts checks it. */
export type SearchDimensionJson =
  | { type: 'float'; low: number; high: number; log?: boolean; step?: number; grid?: number[] }
  | { type: 'int'; low: number; high: number; log?: boolean; step?: number }
  | { type: 'categorical'; choices: (string | number | boolean | null)[] };

export interface ModelEntry {
  label: string;
  params: Record<string, ParamSpec>;
  /** what a study searches when it is given no space: a subset of `params` */
  defaultSpace: Record<string, SearchDimensionJson>;
}

export const modelCatalog: Record<ModelKind, ModelEntry> = {
  logreg: {
    label: 'Logistic regression',
    params: {
      C: { type: 'float', default: 1, min: 1e-8, max: 1e8, hint: 'inverse regularisation strength' },
      max_iter: { type: 'int', default: 100, min: 1, max: 10_000, hint: 'solver iterations' },
      tol: { type: 'float', default: 1e-4, min: 0, max: 1, hint: 'stopping tolerance' },
    },
    defaultSpace: { C: { type: 'float', low: 1e-3, high: 1e3, log: true } },
  },
  linreg: {
    label: 'Linear regression (ridge)',
    params: {
      alpha: { type: 'float', default: 1, min: 0, max: 1e8, hint: 'L2 penalty (ridge)' },
    },
    defaultSpace: { alpha: { type: 'float', low: 1e-4, high: 1e3, log: true } },
  },
  gbdt: {
    label: 'Gradient-boosted trees',
    params: {
      learning_rate: { type: 'float', default: 0.1, min: 1e-4, max: 1, hint: 'shrinkage per round' },
      max_iter: { type: 'int', default: 100, min: 1, max: 5000, hint: 'boosting rounds' },
      max_leaf_nodes: { type: 'int', default: 31, min: 2, max: 4096, hint: 'leaves per tree' },
      max_depth: { type: 'int', default: 0, min: 0, max: 64, hint: '0: unlimited' },
      min_samples_leaf: { type: 'int', default: 20, min: 1, max: 1_000_000, hint: 'rows per leaf' },
      l2_regularization: { type: 'float', default: 0, min: 0, max: 1e6, hint: 'leaf value penalty' },
      early_stopping: { type: 'bool', default: false, hint: 'stop when validation loss stalls' },
    },
    defaultSpace: {
      learning_rate: { type: 'float', low: 0.01, high: 0.3, log: true },
      max_leaf_nodes: { type: 'int', low: 8, high: 64, log: true },
      min_samples_leaf: { type: 'int', low: 5, high: 100, log: true },
      l2_regularization: { type: 'float', low: 1e-6, high: 10, log: true },
    },
  },
  mlp: {
    label: 'Neural network (MLP)',
    params: {
      hidden_layer_sizes: { type: 'layers', default: '64', hint: 'layer widths, e.g. 64,32' },
      alpha: { type: 'float', default: 1e-4, min: 0, max: 10, hint: 'L2 penalty' },
      learning_rate_init: { type: 'float', default: 1e-3, min: 1e-6, max: 1, hint: 'Adam step size' },
      max_iter: { type: 'int', default: 50, min: 1, max: 5000, hint: 'epochs' },
      batch_size: { type: 'int', default: 128, min: 1, max: 65_536, hint: 'rows per step' },
    },
    defaultSpace: {
      hidden_layer_sizes: { type: 'categorical', choices: ['32', '64', '128', '64,32'] },
      alpha: { type: 'float', low: 1e-6, high: 1e-1, log: true },
      learning_rate_init: { type: 'float', low: 1e-4, high: 1e-2, log: true },
    },
  },
};

export function isModelKind(value: string): value is ModelKind {
  return modelKinds.some((k) => k === value);
}

/** The model picker's options, in catalog order. */
export function modelChoices(): { value: ModelKind; label: string }[] {
  return modelKinds.map((m) => ({ value: m, label: `${m} · ${modelCatalog[m].label}` }));
}

export function defaultParams(model: ModelKind): ResolvedParams {
  return Object.fromEntries(Object.entries(modelCatalog[model].params).map(([key, spec]) => [key, spec.default]));
}

/** The parameters a study of `model` searches by default. */
export function searchedParams(model: ModelKind): string[] {
  return Object.keys(modelCatalog[model].defaultSpace);
}

/** A parameter's value read from what a person typed or sent, or what it must be instead ("a whole number"). */
export function readParam(spec: ParamSpec, raw: ParamValue): { value: ParamValue } | { expected: string } {
  if (spec.type === 'bool') {
    if (typeof raw === 'boolean') return { value: raw };
    return raw === 'true' || raw === 'false' ? { value: raw === 'true' } : { expected: 'true or false' };
  }
  if (spec.type === 'layers') {
    const text = String(raw).trim();
    return /^\d+(\s*,\s*\d+)*$/.test(text) ? { value: text.replace(/\s+/g, '') } : { expected: 'layer widths like 64,32' };
  }
  const n = typeof raw === 'number' ? raw : String(raw).trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(n)) return { expected: spec.type === 'int' ? 'a whole number' : 'a number' };
  if (spec.type === 'int' && !Number.isInteger(n)) return { expected: 'a whole number' };
  if (n < spec.min || n > spec.max) return { expected: `between ${spec.min} and ${spec.max}` };
  return { value: n };
}

/** The first parameter `model` does not take or cannot accept, with the reason; null when all are fine. */
export function paramProblem(model: ModelKind, given: Record<string, ParamValue>): { field: string; message: string } | null {
  const specs = modelCatalog[model].params;
  for (const [key, raw] of Object.entries(given)) {
    // own keys only: `constructor` or `toString` is in every object, and an `in` check once let them through
    if (!Object.hasOwn(specs, key)) return { field: key, message: `${model} has no parameter '${key}' (it takes ${Object.keys(specs).join(', ')}).` };
    const read = readParam(specs[key], raw);
    if ('expected' in read) return { field: key, message: `${key} must be ${read.expected}, got '${String(raw)}'.` };
  }
  return null;
}

/** Every parameter of `model`: the given values checked and normalised, defaults for the rest. */
export function resolveParams(model: ModelKind, given: Record<string, ParamValue>): ResolvedParams {
  const problem = paramProblem(model, given);
  if (problem) fail('BAD_INPUT', problem.message, { where: { field: problem.field } });
  const out = defaultParams(model);
  for (const [key, raw] of Object.entries(given)) {
    const read = readParam(modelCatalog[model].params[key], raw);
    if ('value' in read) out[key] = read.value;
  }
  return out;
}
