// Hyperparameters each model kind accepts, their defaults (scikit-learn's where there is a counterpart), and the
// default search space a study explores for it.
import type { z } from 'zod';
import { fail } from '../../shared/errors';
import type { ModelKind } from '../training/model-types';
import type { searchSpaceSchema } from '../tuning/search-space';

type ParamSpec = { type: 'float' | 'int'; default: number; min: number; max: number } | { type: 'bool'; default: boolean } | { type: 'layers'; default: string };

export const MODEL_PARAMS: Record<ModelKind, Record<string, ParamSpec>> = {
  logreg: {
    C: { type: 'float', default: 1, min: 1e-8, max: 1e8 },
    max_iter: { type: 'int', default: 100, min: 1, max: 10_000 },
    tol: { type: 'float', default: 1e-4, min: 0, max: 1 },
  },
  linreg: {
    alpha: { type: 'float', default: 1, min: 0, max: 1e8 },
  },
  gbdt: {
    learning_rate: { type: 'float', default: 0.1, min: 1e-4, max: 1 },
    max_iter: { type: 'int', default: 100, min: 1, max: 5000 },
    max_leaf_nodes: { type: 'int', default: 31, min: 2, max: 4096 },
    max_depth: { type: 'int', default: 0, min: 0, max: 64 },
    min_samples_leaf: { type: 'int', default: 20, min: 1, max: 1_000_000 },
    l2_regularization: { type: 'float', default: 0, min: 0, max: 1e6 },
    early_stopping: { type: 'bool', default: false },
  },
  mlp: {
    hidden_layer_sizes: { type: 'layers', default: '64' },
    alpha: { type: 'float', default: 1e-4, min: 0, max: 10 },
    learning_rate_init: { type: 'float', default: 1e-3, min: 1e-6, max: 1 },
    max_iter: { type: 'int', default: 50, min: 1, max: 5000 },
    batch_size: { type: 'int', default: 128, min: 1, max: 65_536 },
  },
};

export type ResolvedParams = Record<string, number | boolean | string>;

/** Fills defaults and checks every given value; an unknown or out-of-range parameter names itself. */
export function resolveParams(model: ModelKind, given: Record<string, number | string | boolean>): ResolvedParams {
  const specs = MODEL_PARAMS[model];
  const out: ResolvedParams = {};
  for (const key of Object.keys(given)) {
    if (!(key in specs)) fail('BAD_INPUT', `${model} has no parameter '${key}' (it takes ${Object.keys(specs).join(', ')}).`, { where: { field: key } });
  }
  for (const [key, spec] of Object.entries(specs)) {
    const raw = given[key];
    if (raw === undefined) {
      out[key] = spec.default;
      continue;
    }
    if (spec.type === 'bool') {
      if (typeof raw === 'boolean') out[key] = raw;
      else if (raw === 'true' || raw === 'false') out[key] = raw === 'true';
      else fail('BAD_INPUT', `${key} must be true or false, got '${raw}'.`, { where: { field: key } });
    } else if (spec.type === 'layers') {
      const text = String(raw).trim();
      if (!/^\d+(\s*,\s*\d+)*$/.test(text)) fail('BAD_INPUT', `${key} must list layer widths like "64,32", got '${text}'.`, { where: { field: key } });
      out[key] = text.replace(/\s+/g, '');
    } else {
      const n = typeof raw === 'number' ? raw : Number(raw);
      if (!Number.isFinite(n) || (spec.type === 'int' && !Number.isInteger(n))) fail('BAD_INPUT', `${key} must be ${spec.type === 'int' ? 'a whole number' : 'a number'}, got '${raw}'.`, { where: { field: key } });
      if (n < spec.min || n > spec.max) fail('BAD_INPUT', `${key} must be between ${spec.min} and ${spec.max}, got ${n}.`, { where: { field: key } });
      out[key] = n;
    }
  }
  return out;
}

export const DEFAULT_SPACES: Record<ModelKind, z.input<typeof searchSpaceSchema>> = {
  logreg: { C: { type: 'float', low: 1e-3, high: 1e3, log: true } },
  linreg: { alpha: { type: 'float', low: 1e-4, high: 1e3, log: true } },
  gbdt: {
    learning_rate: { type: 'float', low: 0.01, high: 0.3, log: true },
    max_leaf_nodes: { type: 'int', low: 8, high: 64, log: true },
    min_samples_leaf: { type: 'int', low: 5, high: 100, log: true },
    l2_regularization: { type: 'float', low: 1e-6, high: 10, log: true },
  },
  mlp: {
    hidden_layer_sizes: { type: 'categorical', choices: ['32', '64', '128', '64,32'] },
    alpha: { type: 'float', low: 1e-6, high: 1e-1, log: true },
    learning_rate_init: { type: 'float', low: 1e-4, high: 1e-2, log: true },
  },
};
