#!/usr/bin/env node
// Study benchmark: a study of boosted trees through `airlock study` on an imported dataset, against Optuna 3.1's
// TPESampler over scikit-learn 1.2's HistGradientBoostingClassifier with the same search space, budget and rows.
// Usage: node bench/study/run.mjs [--quick] [--rows N] [--trials N] [--sampler tpe|gp] [--phases | --no-phases] [--peer-sequential]
// --quick: 20,000 rows and 20 trials; full: 200,000 rows and 50 trials. The peer runs Optuna with n_jobs=2; with
// --peer-sequential also with n_jobs=1 (see peerSide), and we are judged against the faster of the two.
// --sampler: ours; default gp, the Gaussian-process sampler, which meets the goal's best value; tpe, the same algorithm
// as the peer's (Optuna's default), whose best value is a draw with Optuna's run by run (bench/README.md).
// --phases (default in full runs): afterwards, 2 more trials one at a time under --cpu-prof, split into phases.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { positiveIntFlag } from '../lib/args.mjs';
import { cliProject } from '../lib/cli-project.mjs';
import { describeMeasurer, failureReason, loadBeforeRun, measure, measureSide, measurerOrExplain } from '../lib/measure.mjs';
import { machineInfo, writeResult } from '../lib/results.mjs';
import { PHASES, trialPhasesIn } from './trial-phases.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PYTHON = '/usr/bin/python3';
/** the generator's seed, shared with the train bench, whose data folders this bench reuses */
const DATA_SEED = 20240108;
/** the study's seed: the train request's default (42) on our side, TPESampler(seed) on the peer's */
const STUDY_SEED = 42;
/**
 * issue 17: at most the peer's wall time, with an equal or better best validation log loss. "Equal" allows 0.001
 * (0.2 % of a log loss near 0.5): two TPE runs draw from different random streams and land that close or closer.
 */
const GOAL = { maxTimeRatio: 1.0, bestValueTolerance: 0.001 };
/** our samplers the bench can run, as its result describes them */
const SAMPLERS = {
  tpe: 'TPE (10 random start-up trials, 24 candidates)',
  gp: 'Gaussian process (10 random start-up trials; Matern 5/2, expected improvement; running trials believed at the predicted value)',
};

function parseArgs(argv) {
  const quick = argv.includes('--quick');
  const rows = positiveIntFlag(argv, '--rows', quick ? 20_000 : 200_000);
  const trials = positiveIntFlag(argv, '--trials', quick ? 20 : 50);
  const custom = argv.includes('--rows') || argv.includes('--trials');
  const peerJobs = argv.includes('--peer-sequential') ? [1, 2] : [2];
  const phases = argv.includes('--phases') || (!quick && !argv.includes('--no-phases'));
  const i = argv.indexOf('--sampler');
  const sampler = i < 0 ? 'gp' : argv[i + 1];
  if (!(sampler in SAMPLERS)) throw new Error(`--sampler needs one of ${Object.keys(SAMPLERS).join(', ')}, got ${sampler}`);
  const base = custom ? `rows-${rows}-trials-${trials}` : quick ? 'quick' : 'full';
  return { rows, trials, phases, peerJobs, sampler, label: sampler === 'gp' ? base : `${base}-${sampler}` };
}

function tsx(args) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0) throw new Error(`node --import tsx ${args.join(' ')} failed: ${failureReason(res.stderr)}`);
}

/**
 * The train bench's tabular folder (20 features, binary label; bench/train/generate-data.ts), its CSV for the CLI, and
 * the train and validation rows of Airlock's split for the peer, each made once and reused.
 */
function ensureData(rows) {
  const dir = path.join(root, 'bench', 'data', `train-tabular-${rows}-seed${DATA_SEED}`);
  if (!fs.existsSync(path.join(dir, 'meta.json'))) tsx(['bench/train/generate-data.ts', 'tabular', String(rows), String(DATA_SEED), dir]);
  if (!fs.existsSync(path.join(dir, 'data.csv'))) tsx(['bench/train/generate-data.ts', 'csv', dir]);
  const split = path.join(dir, `study-split-seed${STUDY_SEED}`);
  if (!fs.existsSync(path.join(split, 'validation.i32'))) tsx(['bench/study/split-rows.ts', dir, String(STUDY_SEED), split]);
  return { dir, csv: path.join(dir, 'data.csv'), split };
}

/** how many rows a split file of ensureData lists (int32 each) */
const rowsIn = (split, part) => fs.statSync(path.join(split, `${part}.i32`)).size / 4;

function peerAvailable() {
  const probe = spawnSync(PYTHON, ['-c', 'import optuna, sklearn'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return `Optuna or scikit-learn is missing for ${PYTHON}: install them with  sudo apt-get install -y python3-optuna python3-sklearn`;
  return null;
}

/**
 * Our side: `airlock dataset import` (timed apart: a one-off a user pays once, not per study), then `airlock study`
 * timed whole: each trial is a train job in a worker thread that reads the dataset, preprocesses, fits, exports ONNX,
 * checks its parity with onnxruntime and stores the run. No pruning, as the peer has none (HistGradientBoosting reports
 * no intermediate scores), so both spend the same budget: 50 trials trained to the end.
 */
function airlockSide(csv, trials, sampler, phases) {
  const p = cliProject('study');
  try {
    if (p.initError) return { skipped: p.initError };
    const imp = measure(p.airlock('dataset', 'import', csv, '--project', p.project, '--name', 'tabular', '--json'), p.spawn);
    if (imp.status !== 0) return { skipped: `airlock dataset import failed: ${failureReason(imp.stderr)}` };
    const args = ['study', '--project', p.project, '--dataset', 'tabular', '--target', 'label', '--model', 'gbdt', '--trials', String(trials), '--seed', String(STUDY_SEED), '--sampler', sampler, '--no-prune', '--json'];
    const m = measure(p.airlock(...args), p.spawn);
    if (m.status !== 0) return { skipped: `airlock study failed: ${failureReason(m.stderr)}` };
    const r = JSON.parse(m.stdout);
    return {
      ...(phases ? { phasesCpuMsPerTrial: profiledPhases(p, args) } : {}),
      command: `airlock ${args.join(' ').replace(p.project, '<project>')}`,
      /** 'bundle': the built CLI and trial threads (out/), as a user's install runs them; 'source': tsx, the sources changed after the build */
      cliFrom: p.cliFrom,
      importSeconds: imp.seconds,
      importPeakRssMb: imp.peakRssMb,
      seconds: m.seconds,
      cpuSeconds: m.cpuSeconds,
      /** CPU seconds per wall second: 2 when both cores are busy all along */
      coresBusy: m.cpuSeconds / m.seconds,
      peakRssMb: m.peakRssMb,
      bestValue: r.best_value,
      bestParams: r.best_params,
    };
  } finally {
    p.dispose();
  }
}

/** trials of the profiled study (--phases) */
const PROFILED_TRIALS = 2;

/**
 * CPU ms by phase per trial, over PROFILED_TRIALS trials run one at a time in a second study on the same project (a
 * thread's start-up is shared by the trials it ran); untimed: the profiler slows what it samples.
 */
function profiledPhases(p, studyArgs) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-bench-study-prof-'));
  try {
    const args = studyArgs.map((a, i) => (studyArgs[i - 1] === '--trials' ? String(PROFILED_TRIALS) : a));
    const [node, ...rest] = p.airlock(...args, '--parallel', '1');
    const res = spawnSync(node, ['--cpu-prof', '--cpu-prof-dir', dir, ...rest], { ...p.spawn, encoding: 'utf8' });
    if (res.status !== 0) return { skipped: `profiled study failed: ${failureReason(res.stderr)}` };
    const sum = trialPhasesIn(dir);
    return Object.fromEntries(PHASES.map((phase) => [phase, sum[phase] / PROFILED_TRIALS]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Optuna's side. With n_jobs=N, each of the N trials at once gets cores / N OpenMP threads, so the study never asks for
 * more threads than cores: n_jobs=2 is Airlock's own setup (a trial per core, one thread each). Sequential (n_jobs=1),
 * HistGradientBoosting's OpenMP threads use every core; its barriers then wait on every thread each step, so other work
 * on the machine stretches it many times over (53 s instead of 4.5 s for 4 trials at load 9).
 */
function peerSide(dir, split, trials, jobs) {
  const threads = Math.max(1, Math.floor(os.availableParallelism() / jobs));
  const env = jobs > 1 ? ['/usr/bin/env', `OMP_NUM_THREADS=${threads}`] : [];
  const side = measureSide([...env, PYTHON, path.join(root, 'bench', 'study', 'optuna_hgb.py'), dir, split, String(trials), String(STUDY_SEED), String(jobs)], 'optuna_hgb.py', root);
  if (side.skipped) return side;
  const { processSeconds, processCpuSeconds, ...rest } = side;
  return { ...rest, openmpThreads: jobs > 1 ? threads : os.availableParallelism(), seconds: processSeconds, cpuSeconds: processCpuSeconds, coresBusy: processCpuSeconds / processSeconds };
}

/** Of Optuna's runs, the faster one that finished: the one we are judged against. */
function fasterPeer(optuna) {
  const finished = Object.entries(optuna).filter(([, s]) => !s.skipped);
  if (finished.length === 0) return null;
  const [name, side] = finished.reduce((a, b) => (b[1].seconds < a[1].seconds ? b : a));
  return { name, side };
}

function compare(airlock, optuna) {
  const peer = fasterPeer(optuna);
  if (airlock.skipped || !peer) return { verdict: 'not judged: a side was skipped' };
  return { against: `optuna ${peer.name}`, ...ratios(airlock, peer.side) };
}

function ratios(airlock, optuna) {
  const timeRatio = airlock.seconds / optuna.seconds;
  const bestValueDiff = airlock.bestValue - optuna.bestValue;
  const missed = [];
  if (timeRatio > GOAL.maxTimeRatio) missed.push(`time ${timeRatio.toFixed(2)}x`);
  if (bestValueDiff > GOAL.bestValueTolerance) missed.push(`best log loss ${bestValueDiff.toFixed(4)} worse`);
  return { timeRatio, cpuRatio: airlock.cpuSeconds / optuna.cpuSeconds, bestValueDiff, verdict: missed.length === 0 ? 'goal met' : `MISSED: ${missed.join(', ')}` };
}

function main() {
  const { rows, trials, phases, peerJobs, sampler, label } = parseArgs(process.argv.slice(2));
  const how = measurerOrExplain();
  if (!how) return;
  const loadBefore = loadBeforeRun();
  const data = ensureData(rows);
  console.log(`study bench (${label}): ${trials} ${sampler.toUpperCase()} trials of boosted trees on ${rows.toLocaleString('en')} rows x 20 features (60 % train, 20 % validation)`);
  const airlock = airlockSide(data.csv, trials, sampler, phases);
  const missing = peerAvailable();
  const optuna = Object.fromEntries(peerJobs.map((jobs) => [`n_jobs=${jobs}`, missing ? { skipped: missing } : peerSide(data.dir, data.split, trials, jobs)]));
  const comparison = compare(airlock, optuna);
  for (const [name, s] of [['airlock', airlock], ...Object.entries(optuna).map(([k, v]) => [`optuna ${k}`, v])]) {
    if (s.skipped) console.log(`${name}: skipped: ${s.skipped}`);
    else console.log(`${name.padEnd(15)} ${s.seconds.toFixed(1)} s wall, ${s.cpuSeconds.toFixed(1)} s CPU (${s.coresBusy.toFixed(2)} cores busy), peak RSS ${s.peakRssMb.toFixed(0)} MB, best val log loss ${s.bestValue.toFixed(4)}`);
  }
  if (!airlock.skipped) console.log(`airlock dataset import (not in the study's time): ${airlock.importSeconds.toFixed(1)} s`);
  const perTrial = airlock.phasesCpuMsPerTrial;
  if (perTrial?.skipped) console.log(perTrial.skipped);
  else if (perTrial) console.log(`CPU ms per trial (profiled, one at a time): ${Object.entries(perTrial).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}`);
  if (comparison.timeRatio !== undefined) console.log(`against ${comparison.against}: time ${comparison.timeRatio.toFixed(2)}x, CPU ${comparison.cpuRatio.toFixed(2)}x, best value ${comparison.bestValueDiff >= 0 ? '+' : ''}${comparison.bestValueDiff.toFixed(4)}`);
  console.log(comparison.verdict);
  writeResult(root, 'study', label, {
    bench: 'study',
    label,
    at: new Date().toISOString(),
    machine: { ...machineInfo(loadBefore), loadAvg1mAfter: os.loadavg()[0] },
    measuredWith: `whole processes: ${describeMeasurer(how)}`,
    data: { path: path.relative(root, data.dir), rows, trainRows: rowsIn(data.split, 'train'), validationRows: rowsIn(data.split, 'validation'), features: 20, seed: DATA_SEED },
    study: { trials, seed: STUDY_SEED, sampler: SAMPLERS[sampler], peerSampler: 'Optuna TPESampler(seed) defaults', metric: 'val_log_loss (minimize)', space: 'model-catalog gbdt defaultSpace: learning_rate 0.01-0.3 log, max_leaf_nodes 8-64 log, min_samples_leaf 5-100 log, l2_regularization 1e-6-10 log; max_iter 100, no early stopping', pruning: false },
    airlock,
    optuna,
    comparison,
    goal: GOAL,
    verdict: comparison.verdict,
  });
}

main();
