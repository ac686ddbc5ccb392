// How models and their versions are named: `NAME`, `NAME@VERSION`, `NAME@ALIAS`. Apart from the registry's contract
// (models.ts) so that the monitoring contract, which models.ts itself imports, can name a model version too.
import { z } from 'zod';

/** A model's name: what `NAME@VERSION` and `NAME@ALIAS` start with. */
export const modelName = z
  .string()
  .trim()
  .min(1, 'a model needs a name')
  .max(120)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u, 'a model name uses letters, digits, dot, dash and underscore, starting with a letter or digit');

/** `champion`, `challenger` or a custom alias: lower case, starting with a letter (so it never reads as a version number). */
export const aliasName = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'an alias is 1-40 lower-case letters, digits, dash or underscore, starting with a letter');

/** `NAME@VERSION` or `NAME@ALIAS`: how every channel, job and command names a model version. */
export const modelRef = z
  .string()
  .max(200)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}._-]*@([1-9][0-9]*|[a-z][a-z0-9_-]{0,39})$/u, 'a model is named NAME@VERSION or NAME@ALIAS (for example churn@3 or churn@champion)');
export type ModelRef = z.infer<typeof modelRef>;
