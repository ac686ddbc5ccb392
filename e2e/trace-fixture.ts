// The small project the traceability specs share, built through the browser host as the window would: a requirements
// CSV in three levels, sensor readings in two versions, a model trained on the first and registered, its scoring
// evaluation, and a monitor whose first drift report compares the second version with the first.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { TraceTarget } from '../src/shared/trace';
import { call, createProject, random } from './harness';

/** A requirement as the fixture's CSV writes it. */
export interface FixtureRequirement {
  id: string;
  parent: string;
  title: string;
  level: 'system' | 'software' | 'ml-component';
  text: string;
}

/**
 * Two system requirements refined by software and ML requirements, and one that nothing will trace to. Their words
 * name the artifacts below (readings, fault classifier, drift), so suggestions have something to find.
 */
export const TRACE_REQUIREMENTS: readonly FixtureRequirement[] = [
  { id: 'SYS-1', parent: '', title: 'Fault detection', level: 'system', text: 'The plant monitor shall detect sensor faults from the temperature and pressure readings.' },
  { id: 'SW-1', parent: 'SYS-1', title: 'Fault alarm latency', level: 'software', text: 'The fault classifier service shall raise an alarm within 2 s of a faulty reading arriving.' },
  { id: 'ML-1', parent: 'SYS-1', title: 'Fault recall', level: 'ml-component', text: 'The fault classifier shall reach a recall of at least 0.8 on the readings holdout.' },
  { id: 'ML-2', parent: 'SYS-1', title: 'Training data coverage', level: 'ml-component', text: 'The readings used to train the fault classifier shall cover every site.' },
  { id: 'SYS-2', parent: '', title: 'Drift monitoring', level: 'system', text: 'The plant monitor shall report drift of the temperature readings every month.' },
  { id: 'ML-3', parent: 'SYS-2', title: 'Monthly drift report', level: 'ml-component', text: 'A drift report shall compare each new month of readings with the January reference.' },
  { id: 'SYS-3', parent: '', title: 'Alarm log', level: 'system', text: 'The operator console shall log every alarm with its time and site.' },
];

/** The document the CSV's rows land in. */
export const TRACE_DOCUMENT = 'Plant monitor';

/** What the fixture made: the ids the specs link, open and assert on. */
export interface TraceFixture {
  project: string;
  requirements: readonly FixtureRequirement[];
  /** readings@1 (the training data and the drift reference) and readings@2 (the month the report compares) */
  datasets: [TraceTarget, TraceTarget];
  run: TraceTarget;
  /** fault-classifier@1, trained on readings@1 */
  model: TraceTarget;
  /** the model scored on readings@2 (a 'scoring' evaluation with metrics against the label) */
  evaluation: TraceTarget;
  monitor: TraceTarget;
  /** the monitor's first report: readings@2 against readings@1 */
  driftReport: TraceTarget;
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function requirementsCsv(requirements: readonly FixtureRequirement[] = TRACE_REQUIREMENTS): string {
  const lines = ['id,parent,title,level,text', ...requirements.map((r) => [r.id, r.parent, r.title, r.level, r.text].map(csvField).join(','))];
  return `${lines.join('\n')}\n`;
}

function normal(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}

/** Hourly readings: temperature, pressure, site and a fault label that follows temperature and pressure; `shift` warms them. */
export function readingsCsv(rows: number, seed: number, shift: number): string {
  const rnd = random(seed);
  const lines = ['temperature,pressure,site,label'];
  const sites = ['north', 'south', 'east'];
  for (let i = 0; i < rows; i++) {
    const temperature = 20 + 2 * normal(rnd) + shift;
    const pressure = 1000 + 8 * normal(rnd);
    const fault = temperature + (pressure - 1000) / 4 + normal(rnd) > 23;
    lines.push([temperature.toFixed(2), pressure.toFixed(1), sites[Math.floor(rnd() * sites.length)], fault ? 'fault' : 'ok'].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Stages `content` as an uploaded file the way the window's upload does (POST /api/upload with the session cookie). */
export async function upload(page: Page, name: string, content: string): Promise<{ kind: 'upload'; uploadId: string }> {
  const result = await page.evaluate(
    async ([fileName, body]) => {
      const response = await fetch(`/api/upload?name=${encodeURIComponent(fileName)}`, { method: 'POST', body });
      return (await response.json()) as { ok: boolean; data?: { uploadId: string }; error?: { message: string } };
    },
    [name, content] as const,
  );
  if (!result.ok || !result.data) throw new Error(`upload ${name}: ${result.error?.message}`);
  return { kind: 'upload', uploadId: result.data.uploadId };
}

interface EndedJob<R> {
  state: string;
  result: R | null;
  error: { message: string } | null;
}

/** Starts a job through `channel`, waits for it and returns its result; a job that does not succeed fails the spec. */
export async function runJob<R>(page: Page, channel: string, input: unknown): Promise<R> {
  const { jobId } = await call<{ jobId: string }>(page, channel, input);
  const job = await call<EndedJob<R>>(page, 'jobs.wait', { id: jobId, timeoutMs: 120_000 });
  assert.equal(job.state, 'succeeded', `${channel} ended ${job.state}: ${job.error?.message ?? ''}`);
  assert.ok(job.result, `${channel} returned no result`);
  return job.result;
}

/**
 * Creates project `name` from the welcome page (the server must have a workspace) and fills it. Takes a few seconds:
 * 600 and 400 rows, one logistic regression, one scoring and one drift report without the domain classifier.
 */
export async function buildTraceProject(page: Page, name = 'plant-trace'): Promise<TraceFixture> {
  await createProject(page, name);

  const summary = await call<{ requirements: number }>(page, 'requirements.import', {
    source: await upload(page, 'plant-requirements.csv', requirementsCsv()),
    fileName: 'plant-requirements.csv',
    document: TRACE_DOCUMENT,
  });
  assert.equal(summary.requirements, TRACE_REQUIREMENTS.length, 'every requirement of the CSV is imported');

  for (const [version, rows, seed, shift] of [
    [1, 600, 1, 0],
    [2, 400, 2, 3],
  ] as const) {
    const imported = await runJob<{ version: number }>(page, 'datasets.import', { source: await upload(page, `readings-${version}.csv`, readingsCsv(rows, seed, shift)), name: 'readings' });
    assert.equal(imported.version, version, `readings v${version} is imported`);
  }

  const trained = await runJob<{ run: string; model: string | null }>(page, 'train.start', {
    dataset: 'readings',
    version: 1,
    target: 'label',
    features: ['temperature', 'pressure', 'site'],
    model: 'logreg',
    name: 'fault classifier',
    register: 'fault-classifier',
  });
  const model = trained.model;
  assert.equal(model, 'fault-classifier@1', 'the run registers as the first version of its model');

  const scored = await runJob<{ evaluation: string | null }>(page, 'models.score', { model: 'fault-classifier@1', dataset: { dataset: 'readings', version: 2 }, target: 'label' });
  const evaluation = scored.evaluation;
  assert.ok(evaluation, 'scoring against the label stores an evaluation');

  const monitor = await call<{ id: string }>(page, 'monitors.create', { name: 'readings-watch', reference: { dataset: 'readings', version: 1 }, dataset: 'readings', multivariate: false });
  const report = await runJob<{ reportId: string }>(page, 'monitors.run', { monitor: monitor.id });

  return {
    project: name,
    requirements: TRACE_REQUIREMENTS,
    datasets: [
      { kind: 'dataset_version', id: 'readings@1' },
      { kind: 'dataset_version', id: 'readings@2' },
    ],
    run: { kind: 'run', id: trained.run },
    model: { kind: 'model_version', id: model },
    evaluation: { kind: 'evaluation', id: evaluation },
    monitor: { kind: 'monitor', id: monitor.id },
    driftReport: { kind: 'drift_report', id: report.reportId },
  };
}
