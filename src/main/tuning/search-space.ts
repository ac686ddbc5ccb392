// The hyperparameter search space: its JSON shape (what `--space FILE.json` holds), the zod schema that checks it, and its types.
import { z } from 'zod';
import { fail } from '../../shared/errors';

const finite = z.number().finite();

const floatParam = z
  .object({
    type: z.literal('float'),
    low: finite,
    high: finite,
    log: z.boolean().default(false),
    /** values are low + i*step; makes the parameter discrete, as Optuna's FloatDistribution(step=...) */
    step: finite.positive().optional(),
    /** the values the grid sampler tries; a continuous range has no finite grid of its own */
    grid: z.array(finite).min(1).optional(),
  })
  .strict()
  .refine((p) => p.low <= p.high, { message: 'low must not exceed high' })
  .refine((p) => !p.log || p.low > 0, { message: 'a log-scaled range must have low > 0' })
  .refine((p) => !(p.log && p.step !== undefined), { message: 'log and step cannot be combined (as in Optuna)' })
  .refine((p) => (p.grid ?? []).every((v) => v >= p.low && v <= p.high), { message: 'grid values must lie in [low, high]' });

const intParam = z
  .object({
    type: z.literal('int'),
    low: z.number().int(),
    high: z.number().int(),
    log: z.boolean().default(false),
    step: z.number().int().positive().default(1),
  })
  .strict()
  .refine((p) => p.low <= p.high, { message: 'low must not exceed high' })
  .refine((p) => !p.log || p.low >= 1, { message: 'a log-scaled int range must have low >= 1' })
  .refine((p) => !p.log || p.step === 1, { message: 'a log-scaled int range must have step 1 (as in Optuna)' })
  .refine((p) => (p.high - p.low) % p.step === 0, { message: 'high - low must be a multiple of step' });

const choice = z.union([z.string(), finite, z.boolean(), z.null()]);

const categoricalParam = z.object({ type: z.literal('categorical'), choices: z.array(choice).min(1) }).strict();

export const paramSpecSchema = z.union([floatParam, intParam, categoricalParam]);

export const searchSpaceSchema = z
  .record(z.string().min(1), paramSpecSchema)
  .refine((space) => Object.keys(space).length > 0, { message: 'the search space declares no parameter' });

export type FloatParam = z.infer<typeof floatParam>;
export type IntParam = z.infer<typeof intParam>;
export type CategoricalParam = z.infer<typeof categoricalParam>;
export type ParamSpec = z.infer<typeof paramSpecSchema>;
export type SearchSpace = z.infer<typeof searchSpaceSchema>;
/** numbers for float/int parameters; any declared choice for categorical ones */
export type ParamValue = z.infer<typeof choice>;
export type Params = Record<string, ParamValue>;

/** Checks untrusted JSON (a CLI file, an IPC payload) and names the first offending field. */
export function parseSearchSpace(json: unknown): SearchSpace {
  const parsed = searchSpaceSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.map(String).join('.');
  return fail('BAD_INPUT', `search space: ${field ? `${field}: ` : ''}${issue.message}`, { where: { field: field || undefined } });
}
