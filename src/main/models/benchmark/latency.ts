// Latency of one batch size on one provider: which batch sizes and how many runs to time, the timed runs themselves,
// and their percentiles as numpy's default (linear interpolation) reads them.
import type * as ort from 'onnxruntime-node';
import type { LatencyPoint } from '../../../shared/evaluations';
import { fail } from '../../../shared/errors';
import type { ProviderName } from '../../../shared/models';
import { percentileOfSorted } from '../../fairness/bootstrap-counts';

export const DEFAULT_BATCH_SIZES: readonly number[] = [1, 8, 64, 512, 4096];
export const DEFAULT_RUNS = 30;
export const DEFAULT_WARMUP = 3;
/**
 * The default runs of one batch size feed at most this many rows in all (4096 rows: 16 runs instead of 30), and never
 * fewer than MIN_DEFAULT_RUNS, so the largest batches do not make the job many times longer than the rest.
 */
export const ROWS_PER_POINT = 65_536;
export const MIN_DEFAULT_RUNS = 5;
/** A point stops timing once it has spent this long and has MIN_TIMED_RUNS runs: a slow model still ends. */
export const SECONDS_PER_POINT = 15;
export const MIN_TIMED_RUNS = 3;

/** Runs to time at `batchSize`: the number asked for, or the default bounded by ROWS_PER_POINT. */
export function plannedRuns(batchSize: number, requested?: number): number {
  if (requested !== undefined) return requested;
  return Math.max(MIN_DEFAULT_RUNS, Math.min(DEFAULT_RUNS, Math.floor(ROWS_PER_POINT / batchSize)));
}

/**
 * The batch sizes to time, ascending and distinct: those asked for or the defaults; with dataset rows, none larger
 * than the rows there are (a larger default becomes the row count); a model whose batch dim is fixed takes only that.
 */
export function batchSizesFor(requested: readonly number[] | undefined, rows: number | null, fixedBatch: number | null): number[] {
  if (rows === 0) fail('BAD_INPUT', 'The dataset version has no rows to time the model on.', { where: { field: 'dataset' } });
  if (fixedBatch !== null) {
    const other = requested?.find((b) => b !== fixedBatch);
    if (other !== undefined) {
      fail('BAD_INPUT', `The model takes batches of exactly ${fixedBatch} rows (its batch dim is fixed), so batch size ${other} cannot be timed.`, {
        where: { field: 'batchSizes' },
        hint: `Leave --batch out, or give --batch ${fixedBatch}.`,
      });
    }
    if (rows !== null && rows < fixedBatch) {
      fail('BAD_INPUT', `The model takes batches of exactly ${fixedBatch} rows, but the dataset version has only ${rows}.`, { where: { field: 'dataset' } });
    }
    return [fixedBatch];
  }
  if (rows !== null && requested) {
    const tooLarge = requested.find((b) => b > rows);
    if (tooLarge !== undefined) fail('BAD_INPUT', `Batch size ${tooLarge} is larger than the dataset version's ${rows} rows.`, { where: { field: 'batchSizes' } });
  }
  const sizes = (requested ?? DEFAULT_BATCH_SIZES).map((b) => (rows === null ? b : Math.min(b, rows)));
  return [...new Set(sizes)].sort((a, b) => a - b);
}

/** p50, p95, p99 and mean of the timed runs' latencies, and rows per second at the median. */
export function summariseLatency(provider: ProviderName, batchSize: number, samplesMs: readonly number[]): LatencyPoint {
  if (samplesMs.length === 0) fail('INTERNAL', `No timed run of batch size ${batchSize} on ${provider}.`);
  const sorted = Float64Array.from(samplesMs).sort();
  const p50Ms = percentileOfSorted(sorted, 0.5);
  return {
    provider,
    batchSize,
    runs: samplesMs.length,
    p50Ms,
    p95Ms: percentileOfSorted(sorted, 0.95),
    p99Ms: percentileOfSorted(sorted, 0.99),
    meanMs: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    rowsPerSecond: p50Ms > 0 ? (batchSize * 1000) / p50Ms : Infinity,
  };
}

export interface TimingOptions {
  warmup: number;
  runs: number;
  /** after each timed run: i of runs */
  onRun?: (done: number, runs: number) => void;
  checkCancelled?: () => void;
}

/**
 * Runs `feeds` through the session: the warm-up runs (first-call allocations, kernel selection and GPU uploads are
 * not what a caller sees in steady state), then up to `runs` timed ones, each from call to returned outputs.
 */
export async function timeRuns(session: ort.InferenceSession, feeds: Record<string, ort.Tensor>, fetches: string[], options: TimingOptions): Promise<number[]> {
  for (let i = 0; i < options.warmup; i++) {
    options.checkCancelled?.();
    await session.run(feeds, fetches);
  }
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < options.runs; i++) {
    options.checkCancelled?.();
    const t0 = performance.now();
    await session.run(feeds, fetches);
    samples.push(performance.now() - t0);
    options.onRun?.(i + 1, options.runs);
    if (samples.length >= MIN_TIMED_RUNS && performance.now() - started > SECONDS_PER_POINT * 1000) break;
  }
  return samples;
}
