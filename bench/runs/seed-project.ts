// Fills a new project with many tracked runs through RunsRepo.insertRuns, in one transaction, for the runs benchmark.
// Usage: node --import tsx bench/runs/seed-project.ts <project-dir> <runs> <metrics> <seed>; prints one JSON line.
import fs from 'node:fs';
import path from 'node:path';
import { DB_FILE, ProjectStore } from '../../src/main/store/project-store';
import { RunsRepo, type NewRun } from '../../src/main/store/runs-repo';
import { mulberry32 } from '../../src/main/training/splits';

/** metrics logged step by step (the rest are final values only), as a trainer's loss and accuracy curves are */
export const CURVE_KEYS = ['train_loss', 'val_loss', 'val_accuracy'];
const CURVE_STEPS = 100;
/** the newest runs, in their own experiment, log curves this long: the bench overlays them (20 runs x 10,000 steps) */
export const LONG_CURVE_EXPERIMENT = 'long-curves';
export const LONG_CURVE_RUNS = 20;
const LONG_CURVE_STEPS = 10_000;
const EXPERIMENTS = ['churn', 'fraud', 'ranking', 'vision', 'text'];
const MODELS = ['logreg', 'gbdt', 'mlp'];

/**
 * Metric names shaped like a real tracker's: split x measure x (overall, per class, per slice), so the column picker
 * and sort see realistic keys; the first ones are the curves' final values.
 */
export function metricKeys(count: number): string[] {
  const keys = [...CURVE_KEYS];
  const measures = ['accuracy', 'log_loss', 'f1', 'precision', 'recall', 'roc_auc', 'pr_auc', 'ece'];
  for (let i = 0; keys.length < count; i++) {
    const split = ['val', 'test', 'train', 'cv'][i % 4];
    const measure = measures[Math.floor(i / 4) % measures.length];
    const scope = Math.floor(i / 32);
    keys.push(scope === 0 ? `${split}_${measure}` : `${split}_${measure}_slice${String(scope).padStart(3, '0')}`);
  }
  return keys.slice(0, count);
}

/**
 * Run ids in insertion order (hex of the run's number), so every table keyed by run id is appended to, not written
 * at random places: the bulk insert then touches each page once. The app's own runs get random UUIDs.
 */
const runId = (i: number) => (i + 1).toString(16).padStart(32, '0');

function makeRun(i: number, keys: string[], random: () => number, startMs: number, longCurve: boolean): NewRun {
  const model = MODELS[i % MODELS.length];
  const lr = 10 ** (-3 + 2.5 * random());
  const quality = random();
  const metrics: Record<string, number> = {};
  for (let k = CURVE_KEYS.length; k < keys.length; k++) metrics[keys[k]] = Math.round((0.5 + 0.45 * quality + 0.05 * random()) * 1e6) / 1e6;
  const steps: NonNullable<NewRun['steps']> = [];
  const startedAt = startMs + i * 60_000;
  const curveSteps = longCurve ? LONG_CURVE_STEPS : CURVE_STEPS;
  for (let s = 1; s <= curveSteps; s++) {
    const progress = 1 - Math.exp(-s / ((10 + 30 * random()) * (curveSteps / CURVE_STEPS)));
    const at = startedAt + s * 200;
    steps.push({ key: 'train_loss', step: s, value: 0.7 - 0.5 * quality * progress + 0.01 * random(), at });
    steps.push({ key: 'val_loss', step: s, value: 0.72 - 0.45 * quality * progress + 0.02 * random(), at });
    steps.push({ key: 'val_accuracy', step: s, value: 0.5 + 0.45 * quality * progress + 0.01 * random(), at });
  }
  return {
    id: runId(i),
    experiment: longCurve ? LONG_CURVE_EXPERIMENT : EXPERIMENTS[i % EXPERIMENTS.length],
    name: `${model}-${String(i).padStart(5, '0')}`,
    status: 'finished',
    datasetVersion: `sales@${1 + (i % 7)}`,
    target: 'churned',
    modelKind: model,
    task: 'binary',
    seed: i,
    startedAt: new Date(startedAt).toISOString(),
    endedAt: new Date(startedAt + curveSteps * 200 + 500).toISOString(),
    environment: { airlock: 'bench', node: process.version },
    params: {
      learning_rate: lr.toPrecision(4),
      max_iter: String(50 * (1 + Math.floor(random() * 10))),
      max_leaf_nodes: String(8 << Math.floor(random() * 4)),
      min_samples_leaf: String(5 + Math.floor(random() * 50)),
      l2_regularization: (random() * 10).toPrecision(3),
      C: (10 ** (-2 + 4 * random())).toPrecision(4),
      alpha: (10 ** (-5 + 3 * random())).toPrecision(3),
      batch_size: String(32 << Math.floor(random() * 4)),
      hidden_layer_sizes: ['32', '64', '128', '64,32'][Math.floor(random() * 4)],
      early_stopping: random() < 0.5 ? 'true' : 'false',
    },
    metrics,
    steps,
    tags: i % 10 === 0 ? { team: 'bench' } : undefined,
  };
}

function main(): void {
  const [dir, runsArg, metricsArg, seedArg] = process.argv.slice(2);
  const runs = Number(runsArg);
  const metricCount = Number(metricsArg);
  const seed = Number(seedArg);
  if (!dir || !Number.isInteger(runs) || runs < 1 || !Number.isInteger(metricCount) || metricCount < CURVE_KEYS.length || !Number.isInteger(seed)) {
    throw new Error('usage: seed-project.ts <project-dir> <runs> <metrics> <seed>');
  }
  const store = ProjectStore.open(dir, { appVersion: 'bench', actor: 'bench' });
  const repo = new RunsRepo(store.db);
  const keys = metricKeys(metricCount);
  const random = mulberry32(seed);
  const startMs = Date.UTC(2026, 0, 1);
  function* generate(): Generator<NewRun> {
    for (let i = 0; i < runs; i++) yield makeRun(i, keys, random, startMs, i >= runs - LONG_CURVE_RUNS);
  }
  // A rollback journal for the bulk write: with the write-ahead log every new page would be written twice (to the log,
  // then checkpointed into the file); here they go once into the file, which is new, so there is little to journal.
  store.db.pragma('journal_mode = DELETE');
  store.db.pragma('cache_size = -1000000');
  const t = performance.now();
  let indexSeconds = 0;
  // One transaction, with its audit entry, through the store's one way to mutate a project. The metric index is
  // dropped and rebuilt around the insert: one sort of 100M entries instead of 100M inserts at random places in it.
  store.mutate({ action: 'bench.seed-runs', target: `project:${path.basename(dir)}`, details: { runs, metrics: metricCount } }, () => {
    const index = (store.db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'run_metrics_by_key'").get() as { sql: string }).sql;
    store.db.exec('DROP INDEX run_metrics_by_key');
    repo.insertRuns(generate());
    const ti = performance.now();
    store.db.exec(index);
    indexSeconds = (performance.now() - ti) / 1000;
  });
  const insertSeconds = (performance.now() - t) / 1000;
  store.db.pragma('journal_mode = WAL');
  store.close();
  const sqliteBytes = fs.statSync(path.join(dir, DB_FILE)).size;
  console.log(JSON.stringify({ runs, metrics: metricCount, params: 10, curves: CURVE_KEYS.length, curveSteps: CURVE_STEPS, longCurveExperiment: LONG_CURVE_EXPERIMENT, longCurveRuns: LONG_CURVE_RUNS, longCurveSteps: LONG_CURVE_STEPS, insertSeconds, indexSeconds, sqliteBytes }));
}

main();
