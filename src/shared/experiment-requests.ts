// Input schemas for training and tuning, shared by the API contract, the CLI and the job workers.
import { z } from 'zod';

export const modelKinds = ['logreg', 'linreg', 'gbdt', 'mlp'] as const;
export const paramValue = z.union([z.number(), z.string(), z.boolean()]);

export const trainRequest = z
  .object({
    dataset: z.string().min(1),
    version: z.number().int().positive().optional(),
    target: z.string().min(1, 'pick a target column'),
    model: z.enum(modelKinds),
    params: z.record(z.string(), paramValue).default({}),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
    /** input columns; default every column but the target */
    features: z.array(z.string().min(1)).min(1).optional(),
    validation: z.number().min(0.05).max(0.5).default(0.2),
    test: z.number().min(0).max(0.5).default(0.2),
    /** k-fold cross-validation on train + validation, reported as cv_<metric>_mean/_std */
    cvFolds: z.number().int().min(2).max(20).optional(),
    experiment: z.string().trim().min(1).max(120).default('Default'),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type TrainRequest = z.output<typeof trainRequest>;
export type TrainRequestInput = z.input<typeof trainRequest>;

/** a search space as JSON (see src/main/tuning/search-space.ts for its shape); checked where it is used */
export const searchSpaceJson = z.record(z.string(), z.unknown());

export const studyRequest = z
  .object({
    train: trainRequest.omit({ params: true, name: true }).extend({ params: z.record(z.string(), paramValue).default({}) }),
    /** default: a space per model kind */
    space: searchSpaceJson.optional(),
    trials: z.number().int().min(1).max(1000).default(20),
    sampler: z.enum(['tpe', 'random', 'grid']).default('tpe'),
    /** metric to optimise; default val_log_loss (classification) or val_rmse (regression) */
    metric: z.string().optional(),
    direction: z.enum(['minimize', 'maximize']).optional(),
    prune: z.boolean().default(true),
    parallel: z.number().int().min(1).max(64).optional(),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type StudyRequest = z.output<typeof studyRequest>;
export type StudyRequestInput = z.input<typeof studyRequest>;
