// Turns command-line strings into typed request fields, failing with BAD_INPUT that names the option.
import fs from 'node:fs';
import { fail } from '../../shared/errors';

/** NAME@VERSION -> parts; the version is required where a command names one. */
export function nameAtVersion(spec: string): { dataset: string; version: number } {
  const { dataset, version } = datasetSpec(spec);
  if (version === undefined) fail('BAD_INPUT', `'${spec}' is not NAME@VERSION (for example sales@2).`, { where: { field: 'dataset' } });
  return { dataset, version };
}

/** NAME or NAME@VERSION, for commands where the version is optional (latest). */
export function datasetSpec(spec: string): { dataset: string; version?: number } {
  const m = /^(.+)@(\d+)$/.exec(spec);
  return m ? { dataset: m[1], version: Number(m[2]) } : { dataset: spec };
}

export function intArg(value: string, field: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) fail('BAD_INPUT', `--${field} must be a whole number, got '${value}'.`, { where: { field } });
  return n;
}

export function versionArg(value: string, field: string): number {
  const n = Number(value.replace(/^v/i, ''));
  if (!Number.isInteger(n) || n < 1) fail('BAD_INPUT', `'${value}' is not a version number.`, { where: { field } });
  return n;
}

/** One of a fixed list (model kind, sampler...), typed as that list's member. */
export function choiceArg<T extends string>(value: string, choices: readonly T[], field: string): T {
  const found = choices.find((c) => c === value);
  if (found === undefined) fail('BAD_INPUT', `--${field} must be one of ${choices.join(', ')}, got '${value}'.`, { where: { field } });
  return found;
}

/** KEY=VALUE pairs; numbers and true/false become typed values. */
export function keyValues(pairs: string[]): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    if (i <= 0) fail('BAD_INPUT', `'${pair}' is not KEY=VALUE.`, { where: { field: 'param' } });
    const raw = pair.slice(i + 1);
    out[pair.slice(0, i)] = raw === 'true' ? true : raw === 'false' ? false : raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}

/** A JSON object read from a file (a search space); anything else is BAD_INPUT naming the file. */
export function readJsonObject(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    fail('FILE_NOT_FOUND', `Cannot read ${file}.`, { where: { file } });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    fail('BAD_INPUT', `${file} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, { where: { file } });
  }
  if (!isPlainObject(value)) fail('BAD_INPUT', `${file} must hold a JSON object.`, { where: { file } });
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
