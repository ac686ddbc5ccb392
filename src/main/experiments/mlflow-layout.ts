// MLflow 2.x FileStore layout (mlruns/<experiment>/<run>/...): folder names, meta.yaml and metric-line formats,
// status codes and key-to-path rules shared by the importer and the exporter. No I/O.
import path from 'node:path';
import YAML from 'yaml';
import type { AppError } from '../../shared/errors';
import { fail } from '../../shared/errors';
import type { RunStatus } from '../../shared/experiments';

export const META_FILE = 'meta.yaml';
export const TRASH_FOLDER = '.trash';
/** the model registry's folder at the root of mlruns, not an experiment */
export const MODELS_FOLDER = 'models';
/** folders inside an experiment that are not runs (MLflow's FileStore.RESERVED_EXPERIMENT_FOLDERS) */
export const RESERVED_EXPERIMENT_FOLDERS = new Set(['tags', 'datasets', 'traces']);
export const DEFAULT_EXPERIMENT_ID = '0';
export const DEFAULT_EXPERIMENT_NAME = 'Default';
export const RUN_FOLDERS = { params: 'params', metrics: 'metrics', tags: 'tags', artifacts: 'artifacts' } as const;
/** MLflow's SourceType.LOCAL, which its FileStore writes into every run's meta.yaml */
export const SOURCE_TYPE_LOCAL = 4;
export const NOTE_TAG = 'mlflow.note.content';
export const RUN_NAME_TAG = 'mlflow.runName';
export const USER_TAG = 'mlflow.user';
export const IMPORT_NOTE_TAG = 'airlock.import.note';
/** MLflow's own run-id rule (mlflow.utils.validation._validate_run_id) */
export const RUN_ID_PATTERN = /^[a-zA-Z0-9][\w-]{0,255}$/;

/** MLflow's RunStatus enum as stored in meta.yaml. */
export const MLFLOW_STATUS = { RUNNING: 1, SCHEDULED: 2, FINISHED: 3, FAILED: 4, KILLED: 5 } as const;
export type MlflowStatusName = keyof typeof MLFLOW_STATUS;

export function mlflowStatusName(code: number): MlflowStatusName | undefined {
  return (Object.keys(MLFLOW_STATUS) as MlflowStatusName[]).find((k) => MLFLOW_STATUS[k] === code);
}

/** Our status for an MLflow one. A run still RUNNING or SCHEDULED in MLflow will never finish here, so it is killed. */
export function statusFromMlflow(name: MlflowStatusName): RunStatus {
  return name === 'FINISHED' ? 'finished' : name === 'FAILED' ? 'failed' : 'killed';
}

/** MLflow has no "pruned": a pruned trial leaves as KILLED and its real status rides along in a field tag. */
export function statusToMlflow(status: RunStatus): number {
  return status === 'finished' ? MLFLOW_STATUS.FINISHED : status === 'failed' ? MLFLOW_STATUS.FAILED : MLFLOW_STATUS.KILLED;
}

/**
 * Run fields MLflow has no place for travel as tags under these names, so an export imports back whole and
 * MLflow's UI still shows them. Their own `airlock.run.` namespace keeps them apart from the tags runs are recorded
 * with (`airlock.task`, `airlock.model`). Study and trial are left out: they point at studies a fresh project lacks.
 */
export const FIELD_TAGS = {
  datasetVersion: 'airlock.run.dataset_version',
  target: 'airlock.run.target',
  modelKind: 'airlock.run.model_kind',
  task: 'airlock.run.task',
  seed: 'airlock.run.seed',
  status: 'airlock.run.status',
  error: 'airlock.run.error',
  environment: 'airlock.run.environment',
  finalOnly: 'airlock.run.final_only',
} as const;

/**
 * Tag keys under this prefix are Airlock's own (the field tags above, `airlock.model`, `airlock.import.note`): a person
 * cannot set them, so a user tag can never pose as a run field and change what an export imports back as.
 */
export const RESERVED_TAG_PREFIX = 'airlock.';

const FIELD_TAG_KEYS = new Set<string>(Object.values(FIELD_TAGS));

/** Whether a run tag key is one of the field tags an export writes from the run's own fields. */
export function isFieldTag(key: string): boolean {
  return FIELD_TAG_KEYS.has(key);
}

export interface RunFields {
  datasetVersion: string | null;
  target: string | null;
  modelKind: string | null;
  task: string | null;
  seed: number | null;
  /** only set when MLflow's status codes cannot say it ('pruned') */
  status: RunStatus | null;
  error: AppError | null;
  environment: Record<string, unknown> | null;
  /** metrics stored as a final value only, whose MLflow file is a one-point stand-in (MLflow has no metric without points) */
  finalOnly: string[];
}

export function fieldsToTags(fields: RunFields): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const k of ['datasetVersion', 'target', 'modelKind', 'task'] as const) if (fields[k] !== null) tags[FIELD_TAGS[k]] = fields[k];
  if (fields.seed !== null) tags[FIELD_TAGS.seed] = String(fields.seed);
  if (fields.status === 'pruned') tags[FIELD_TAGS.status] = fields.status;
  if (fields.error) tags[FIELD_TAGS.error] = JSON.stringify(fields.error);
  if (fields.environment && Object.keys(fields.environment).length > 0) tags[FIELD_TAGS.environment] = JSON.stringify(fields.environment);
  if (fields.finalOnly.length > 0) tags[FIELD_TAGS.finalOnly] = JSON.stringify(fields.finalOnly);
  return tags;
}

/** Takes the field tags out of a run's tags (which it edits) and returns their values; `fileOf` names a tag's file for errors. */
export function takeFieldTags(tags: Record<string, string>, fileOf: (key: string) => string): RunFields {
  const take = (key: string): string | null => {
    const v = tags[key];
    delete tags[key];
    return v ?? null;
  };
  const bad = (key: string, why: string): never => fail('MLFLOW_BAD_FILE', `Tag ${key} ${why}.`, { where: { file: fileOf(key) } });
  const seedText = take(FIELD_TAGS.seed);
  const status = take(FIELD_TAGS.status);
  const errorText = take(FIELD_TAGS.error);
  const envText = take(FIELD_TAGS.environment);
  const finalOnlyText = take(FIELD_TAGS.finalOnly);
  if (seedText !== null && !/^-?\d+$/.test(seedText)) bad(FIELD_TAGS.seed, 'is not an integer');
  if (status !== null && status !== 'pruned') bad(FIELD_TAGS.status, "can only be 'pruned'");
  const error = errorText === null ? null : parseJsonObject(errorText, () => bad(FIELD_TAGS.error, 'is not a JSON error object'));
  if (error && (typeof error.code !== 'string' || typeof error.message !== 'string')) bad(FIELD_TAGS.error, 'is not a JSON error object');
  const finalOnly = finalOnlyText === null ? [] : parseJson(finalOnlyText, () => bad(FIELD_TAGS.finalOnly, 'is not a JSON list of metric keys'));
  if (!Array.isArray(finalOnly) || finalOnly.some((k) => typeof k !== 'string')) bad(FIELD_TAGS.finalOnly, 'is not a JSON list of metric keys');
  return {
    datasetVersion: take(FIELD_TAGS.datasetVersion),
    target: take(FIELD_TAGS.target),
    modelKind: take(FIELD_TAGS.modelKind),
    task: take(FIELD_TAGS.task),
    seed: seedText === null ? null : Number(seedText),
    status: status as RunStatus | null,
    error: error as AppError | null,
    environment: envText === null ? null : parseJsonObject(envText, () => bad(FIELD_TAGS.environment, 'is not a JSON object')),
    finalOnly: finalOnly as string[],
  };
}

function parseJson(text: string, onBad: () => never): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    onBad();
  }
}

function parseJsonObject(text: string, onBad: () => never): Record<string, unknown> {
  const value = parseJson(text, onBad);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) onBad();
  return value as Record<string, unknown>;
}

/** MLflow writes no aliases at all; this many still read, and a file that expands them further is refused. */
export const MAX_META_ALIASES = 100;
/** meta.yaml files MLflow writes are well under 4 KiB; this cap keeps a planted huge one out of memory. */
export const MAX_META_BYTES = 1 << 20;
/** params hold at most 6000 characters in MLflow, tags 8000, notes more: 1 MiB keeps every real one. */
export const MAX_KEY_FILE_BYTES = 1 << 20;
/** a metric line is about 40 characters; one far longer is not a metric line and must not grow in memory. */
export const MAX_METRIC_LINE = 4096;

/**
 * Reads a meta.yaml as MLflow (PyYAML, YAML 1.1) wrote it. Only plain integers and nulls are typed: every other
 * scalar stays the text it was, so a run named `y`, `1e5` or `2024-01-01` keeps its name (YAML 1.1 and 1.2 readers
 * would turn those into a boolean, a number or a date).
 */
export function parseMetaYaml(text: string, file: string): Record<string, unknown> {
  const doc = YAML.parseDocument(text, { schema: 'failsafe', customTags: ['null', 'int'] });
  const err = doc.errors[0];
  if (err) fail('MLFLOW_BAD_FILE', `${path.basename(file)} is not valid YAML: ${err.message.split('\n')[0]}`, { where: { file, line: err.linePos?.[0].line } });
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_META_ALIASES });
  } catch {
    // yaml throws a ReferenceError when aliases multiply past the limit: a "billion laughs" file, never MLflow's.
    fail('MLFLOW_BAD_FILE', `${path.basename(file)} expands its YAML aliases too far to be an MLflow file.`, { where: { file } });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('MLFLOW_BAD_FILE', `${path.basename(file)} does not hold a mapping.`, { where: { file } });
  return value as Record<string, unknown>;
}

/** Writes meta.yaml the way PyYAML's safe_dump does: sorted keys, block style, single quotes where a string needs them. */
export function stringifyMetaYaml(value: Record<string, unknown>): string {
  // YAML 1.1 quoting is the stricter one, so MLflow's 1.1 reader takes every string back as a string.
  return YAML.stringify(value, { version: '1.1', singleQuote: true, sortMapEntries: true });
}

/** One typed field of a meta.yaml, or a failure naming the file and the field. */
export class MetaReader {
  constructor(
    private readonly meta: Record<string, unknown>,
    private readonly file: string,
  ) {}

  private bad(field: string, expected: string): never {
    fail('MLFLOW_BAD_FILE', `${path.basename(this.file)} field '${field}' should be ${expected}, not ${JSON.stringify(this.meta[field])}.`, {
      where: { file: this.file, field },
    });
  }

  /** Legacy MLflow wrote ids as integers, so a number is taken as its text. */
  text(field: string): string | null {
    const v = this.meta[field];
    if (v === undefined || v === null) return null;
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
    this.bad(field, 'text');
  }

  requiredText(field: string): string {
    return this.text(field) ?? this.bad(field, 'text');
  }

  int(field: string): number | null {
    const v = this.meta[field];
    if (v === undefined || v === null) return null;
    if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
    this.bad(field, 'an integer');
  }

  requiredInt(field: string): number {
    return this.int(field) ?? this.bad(field, 'an integer');
  }
}

export interface MetricPoint {
  at: number;
  /** NaN and ±Infinity are legal MLflow metric values */
  value: number;
  step: number;
}

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const SPECIAL_FLOAT = /^([+-]?)(nan|inf|infinity)$/i;

/** Python's float(): decimal text, or nan / inf / infinity in any case with an optional sign. */
function parsePythonFloat(text: string): number | null {
  const special = SPECIAL_FLOAT.exec(text);
  if (special) return special[2].toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
  return FLOAT.test(text) ? Number(text) : null;
}

function parseSafeInt(text: string): number | null {
  if (!INT.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * One line of metrics/<key>: `<timestamp_ms> <value> <step>`. Like MLflow's reader, two fields (from MLflow before
 * steps existed) mean step 0, and fields are split on single spaces.
 */
export function parseMetricLine(line: string, file: string, lineNo: number): MetricPoint {
  const parts = line.trim().split(' ');
  const bad = (why: string): never =>
    fail('MLFLOW_BAD_FILE', `Line ${lineNo} of metric file ${file} ${why}: '${line.trim()}'.`, {
      hint: "Each line of an MLflow metric file is '<timestamp_ms> <value> <step>'.",
      where: { file, line: lineNo },
    });
  if (parts.length !== 2 && parts.length !== 3) bad(`has ${parts.length} fields, not 3`);
  const at = parseSafeInt(parts[0]) ?? bad('has a timestamp that is not an integer');
  const value = parsePythonFloat(parts[1]) ?? bad('has a value that is not a number');
  const step = parts.length === 3 ? (parseSafeInt(parts[2]) ?? bad('has a step that is not an integer')) : 0;
  return { at, value, step };
}

/** Python's str(float) spelling, which MLflow writes: nan, inf, -inf, and a ".0" on whole numbers. */
export function formatMetricValue(value: number | null): string {
  if (value === null || Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const text = String(value);
  return Number.isInteger(value) && !text.includes('e') ? `${text}.0` : text;
}

export function formatMetricLine(p: { at: number; value: number | null; step: number }): string {
  return `${p.at} ${formatMetricValue(p.value)} ${p.step}\n`;
}

/**
 * MLflow's ordering of logged points (FileStore._get_metric_from_file): the larger step, then the later timestamp,
 * then the larger value wins; on a full tie, or a NaN tie-break, the point seen first stays.
 */
export function laterPoint(a: MetricPoint, b: MetricPoint): boolean {
  if (a.step !== b.step) return a.step > b.step;
  if (a.at !== b.at) return a.at > b.at;
  return a.value > b.value;
}

/**
 * One metric's logged points, kept in growing Float64Arrays (24 bytes a point, off the JS heap) rather than one
 * object per point, so a metric file of millions of lines fits a small worker heap. `history()` applies MLflow's
 * ordering: one point per step, and the final value is the point MLflow itself would report.
 */
export class MetricHistoryBuilder {
  private steps: Float64Array = new Float64Array(1024);
  private values: Float64Array = new Float64Array(1024);
  private ats: Float64Array = new Float64Array(1024);
  private n = 0;
  private sorted = true;
  private final: MetricPoint | null = null;

  add(p: MetricPoint): void {
    if (this.n === this.steps.length) {
      const grow = (a: Float64Array): Float64Array => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.steps = grow(this.steps);
      this.values = grow(this.values);
      this.ats = grow(this.ats);
    }
    if (this.n > 0 && p.step < this.steps[this.n - 1]) this.sorted = false;
    this.steps[this.n] = p.step;
    this.values[this.n] = p.value;
    this.ats[this.n] = p.at;
    this.n += 1;
    if (!this.final || laterPoint(p, this.final)) this.final = p;
  }

  get finalPoint(): MetricPoint | null {
    return this.final;
  }

  /** The points by ascending step, one per step: where a step was logged twice, the later point by laterPoint wins. */
  history(): MetricHistory {
    // Points in file order within each step, so a full tie keeps the first seen, as MLflow does.
    const order = new Uint32Array(this.n);
    for (let i = 0; i < this.n; i++) order[i] = i;
    if (!this.sorted) order.sort((a, b) => this.steps[a] - this.steps[b] || a - b);
    const keep = new Uint32Array(this.n);
    let kept = 0;
    for (const i of order) {
      if (kept > 0 && this.steps[keep[kept - 1]] === this.steps[i]) {
        if (laterPoint(this.point(i), this.point(keep[kept - 1]))) keep[kept - 1] = i;
      } else keep[kept++] = i;
    }
    const pick = (a: Float64Array): Float64Array => {
      const out = new Float64Array(kept);
      for (let j = 0; j < kept; j++) out[j] = a[keep[j]];
      return out;
    };
    return { steps: pick(this.steps), values: pick(this.values), ats: pick(this.ats) };
  }

  private point(i: number): MetricPoint {
    return { at: this.ats[i], value: this.values[i], step: this.steps[i] };
  }
}

/** A metric's history as columns: steps ascending and unique, values (NaN kept) and timestamps in ms. */
export interface MetricHistory {
  steps: Float64Array;
  values: Float64Array;
  ats: Float64Array;
}

/**
 * The folder path of a param, metric, tag or artifact key: '/' nests folders, as in MLflow. Refuses keys that would
 * leave their folder or cannot be a path, naming `what` (e.g. "param 'lr' of run abc").
 */
export function keyPath(key: string, what: string): string[] {
  const parts = key.split('/');
  // Checked the same on every OS, so a key that would escape on Windows ('..\\x', 'C:x') is refused on Linux too
  // and an export written on one system reads the same on another.
  if (parts.some((p) => p === '' || p === '.' || p === '..' || /[\\\0]/.test(p) || /^[a-zA-Z]:/.test(p))) {
    fail('BAD_INPUT', `The ${what} cannot be written as an MLflow file: '${key}' is not a relative path.`, {
      hint: "MLflow keys are relative '/'-separated paths: no empty parts, '.', '..', backslashes or drive letters.",
    });
  }
  return parts;
}

// Maps, not object literals: an artifact named 'constructor' or 'x.toString' must not find Object's members.
const MEDIA_TYPES = new Map<string, string>(Object.entries({
  txt: 'text/plain',
  log: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  html: 'text/html',
  htm: 'text/html',
  json: 'application/json',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  xml: 'application/xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  webp: 'image/webp',
  pdf: 'application/pdf',
  parquet: 'application/vnd.apache.parquet',
  onnx: 'application/onnx',
  zip: 'application/zip',
  gz: 'application/gzip',
  pkl: 'application/python-pickle',
  pickle: 'application/python-pickle',
}));

/** MLflow model folders hold these extension-less files. */
const MEDIA_TYPES_BY_NAME = new Map([['MLmodel', 'application/yaml']]);

/** Media type guessed from an artifact's file name; unknown kinds are plain bytes. */
export function mediaTypeOf(artifactPath: string): string {
  const name = path.posix.basename(artifactPath);
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  return MEDIA_TYPES_BY_NAME.get(name) ?? MEDIA_TYPES.get(ext) ?? 'application/octet-stream';
}
