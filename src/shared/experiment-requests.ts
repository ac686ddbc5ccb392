// Input schemas for training and tuning, shared by the API contract, the CLI and the job workers. Model kinds and
// their parameters come from the model catalog, so a request is refused at the boundary for what the trainer refuses.
import { z } from 'zod';
import { fail } from './errors';
import { modelName } from './models';
import { modelCatalog, modelKinds, paramProblem, type ModelKind } from './model-catalog';

export const paramValue = z.union([z.number(), z.string(), z.boolean()]);

/** Adds an issue at params.<key> when `params` holds one that `model` does not take or cannot accept. */
function checkParams(model: ModelKind, params: Record<string, z.infer<typeof paramValue>>, path: string[], ctx: z.RefinementCtx): void {
  const problem = paramProblem(model, params);
  if (problem) ctx.addIssue({ code: 'custom', path: [...path, 'params', problem.field], message: problem.message });
}

const trainFields = z
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
    /** registers the finished run's model as the next version of this model, in the run's transaction */
    register: modelName.optional(),
  })
  .strict();
export const trainRequest = trainFields.superRefine((r, ctx) => checkParams(r.model, r.params, [], ctx));
export type TrainRequest = z.output<typeof trainRequest>;
export type TrainRequestInput = z.input<typeof trainRequest>;

/** a search space as JSON (see src/main/tuning/search-space.ts for its shape); checked where it is used */
export const searchSpaceJson = z.record(z.string(), z.unknown());

/** How a study proposes trials, and which way it optimises: the API schema and the CLI's choices read these. */
export const samplerKinds = ['tpe', 'gp', 'random', 'grid'] as const;
export type SamplerKind = (typeof samplerKinds)[number];
export const studyDirections = ['minimize', 'maximize'] as const;

export const studyRequest = z
  .object({
    train: trainFields.omit({ name: true, register: true }),
    /** default: a space per model kind */
    space: searchSpaceJson.optional(),
    trials: z.number().int().min(1).max(1000).default(20),
    sampler: z.enum(samplerKinds).default('tpe'),
    /** metric to optimise; default val_log_loss (classification) or val_rmse (regression) */
    metric: z.string().optional(),
    direction: z.enum(studyDirections).optional(),
    prune: z.boolean().default(true),
    parallel: z.number().int().min(1).max(64).optional(),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    checkParams(r.train.model, r.train.params, ['train'], ctx);
    const params = modelCatalog[r.train.model].params;
    for (const key of Object.keys(r.space ?? {})) {
      if (!Object.hasOwn(params, key)) ctx.addIssue({ code: 'custom', path: ['space', key], message: `${r.train.model} has no parameter '${key}' to search.` });
    }
  });
export type StudyRequest = z.output<typeof studyRequest>;
export type StudyRequestInput = z.input<typeof studyRequest>;

/** Parses a request a job was queued with; a refusal is BAD_INPUT naming the field, as it is at the API boundary. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.map(String).join('.');
  // the catalog's own refusals are whole sentences naming the parameter; zod's need the field in front
  const message = issue.code === 'custom' ? issue.message : `${what}: ${field ? `${field}: ` : ''}${issue.message}`;
  return fail('BAD_INPUT', message, field ? { where: { field } } : {});
}
