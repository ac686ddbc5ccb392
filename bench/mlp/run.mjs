#!/usr/bin/env node
// MLP benchmark: Airlock's trainMlp against scikit-learn 1.2's MLPClassifier with the same architecture, solver (Adam),
// learning rate, batch size, L2 penalty and number of epochs, on the same generated rows and split, in one run.
// Usage: node bench/mlp/run.mjs [--quick] [--rows N] [--epochs N] [--repeat N]
// full: 100,000 rows x 20 features, 50 epochs, hidden layers 64 and 64,32, each side best of 3 (alternating);
// --quick: 10,000 rows, one fit a side per architecture (about 10 s: --quick of every bench together has five minutes).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import { describeMeasurer, failureReason, loadBeforeRun, measureSide, measurerOrExplain } from '../lib/measure.mjs';
import { machineInfo, writeResult } from '../lib/results.mjs';
import { positiveIntFlag } from '../lib/args.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PYTHON = '/usr/bin/python3';
const SEED = 20240108;
/**
 * The settings both sides get: the model catalog's MLP defaults (src/shared/model-catalog.ts: hidden 64, alpha 1e-4,
 * learning_rate_init 1e-3, max_iter 50 epochs, batch_size 128), and a two-layer variant from its default search space.
 * Adam's beta1 0.9, beta2 0.999, epsilon 1e-8 are both libraries' defaults. No early stopping on either side.
 */
const ARCHITECTURES = [[64], [64, 32]];
const BASE = { alpha: 1e-4, batchSize: 128, learningRateInit: 1e-3, seed: 0 };

function parseArgs(argv) {
  const quick = argv.includes('--quick');
  const num = (flag, fallback) => positiveIntFlag(argv, flag, fallback);
  const rows = num('--rows', quick ? 10_000 : 100_000);
  const epochs = num('--epochs', 50);
  const repeat = num('--repeat', quick ? 1 : 3);
  const custom = argv.includes('--rows') || argv.includes('--epochs');
  return { rows, epochs, repeat, label: custom ? `rows-${rows}-epochs-${epochs}` : quick ? 'quick' : 'full' };
}

/** The train bench's tabular set (same generator, seed and folder), generated once and shared with it. */
function ensureData(rows) {
  const dir = path.join(root, 'bench', 'data', `train-tabular-${rows}-seed${SEED}`);
  if (fs.existsSync(path.join(dir, 'meta.json'))) return { dir, generatedSeconds: null };
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const t = performance.now();
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/train/generate-data.ts', 'tabular', String(rows), String(SEED), dir], { cwd: root, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`generate-data.ts failed: ${failureReason(res.stderr)}`);
  return { dir, generatedSeconds: (performance.now() - t) / 1000 };
}

/** One side as its own process (bench/lib/measure.mjs), run from the repository root. */
const runSide = (argv, name) => measureSide(argv, name, root);

function peerMissing() {
  const probe = spawnSync(PYTHON, ['-c', 'import sklearn.neural_network'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return `scikit-learn is missing for ${PYTHON}: install it with  sudo apt-get install -y python3-sklearn`;
  return null;
}

function readProbs(file) {
  return new Float64Array(new Uint8Array(fs.readFileSync(file)).buffer);
}

/** Positive-class probability of each row, whichever layout a side wrote (one column, or one per class). */
function positive(probs, rows) {
  if (probs.length === rows) return probs;
  return Float64Array.from({ length: rows }, (_, r) => probs[r * 2 + 1]);
}

async function main() {
  const { rows, epochs, repeat, label } = parseArgs(process.argv.slice(2));
  const how = measurerOrExplain();
  if (!how) return;
  const loadBefore = loadBeforeRun();
  console.log(`mlp bench (${label}): ${rows.toLocaleString('en')} rows x 20 features, ${epochs} epochs, batch ${BASE.batchSize}, Adam lr ${BASE.learningRateInit}; each side best of ${repeat}`);
  const { dir, generatedSeconds } = ensureData(rows);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'));
  const missing = peerMissing();
  register();
  const { classificationReport } = await import('../../src/main/metrics/classification-report.ts');
  const yTest = new Int32Array(new Uint8Array(fs.readFileSync(path.join(dir, 'y.i32'))).buffer).slice(meta.trainRows);
  const testRows = yTest.length;
  const score = (file) => {
    const r = classificationReport({ yTrue: yTest, probs: readProbs(file), classNames: meta.classNames }).metrics;
    return { accuracy: r.accuracy, auc: r.roc_auc, logLoss: r.log_loss ?? null };
  };

  const sets = [];
  for (const hidden of ARCHITECTURES) {
    const params = { ...BASE, hiddenLayerSizes: hidden, maxIter: epochs };
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-bench-mlp-'));
    const runs = { airlock: [], sklearn: [] };
    const load = { before: os.loadavg()[0] };
    try {
      // Alternate the sides so that load from other work on the machine falls on both alike; the fastest fit counts.
      for (let i = 0; i < repeat; i++) {
        const a = runSide([process.execPath, '--import', 'tsx', 'bench/mlp/airlock-mlp-fit.ts', dir, work, JSON.stringify(params)], 'airlock-mlp-fit.ts');
        runs.airlock.push(a.skipped ? a : { ...a, ...score(a.probsFile), probsFile: undefined });
        if (missing) runs.sklearn.push({ skipped: missing });
        else {
          const s = runSide([PYTHON, path.join(root, 'bench', 'mlp', 'sklearn_mlp_fit.py'), dir, work, JSON.stringify(params)], 'sklearn_mlp_fit.py');
          runs.sklearn.push(s.skipped ? s : { ...s, ...score(s.probsFile), probsFile: undefined });
        }
        if (i === repeat - 1 && !runs.airlock[i].skipped && !runs.sklearn[i].skipped) {
          // Agreement: the share of held-out rows both sides put in the same class (last fits; both are seeded, so every fit is the same).
          const pa = positive(readProbs(path.join(work, 'airlock-mlp.f64')), testRows);
          const ps = positive(readProbs(path.join(work, 'sklearn-mlp.f64')), testRows);
          let same = 0;
          for (let r = 0; r < testRows; r++) if (pa[r] >= 0.5 === ps[r] >= 0.5) same++;
          runs.agreement = same / testRows;
        }
      }
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
    load.after = os.loadavg()[0];
    const best = (list) => {
      const ok = list.filter((r) => !r.skipped);
      return ok.length === 0 ? list[0] : ok.reduce((x, y) => (y.fitSeconds < x.fitSeconds ? y : x));
    };
    const a = best(runs.airlock);
    const s = best(runs.sklearn);
    const both = !a.skipped && !s.skipped;
    const maxRss = (list) => Math.max(...list.filter((r) => !r.skipped).map((r) => r.peakRssMb));
    sets.push({
      hiddenLayerSizes: hidden,
      params,
      loadAvg1m: load,
      airlock: a,
      sklearn: s,
      allRuns: { airlock: runs.airlock, sklearn: runs.sklearn },
      agreement: runs.agreement ?? null,
      ratios: both
        ? {
            fitTime: a.fitSeconds / s.fitSeconds,
            fitCpu: a.fitCpuSeconds / s.fitCpuSeconds,
            perEpochMs: { airlock: (a.fitSeconds / a.epochs) * 1000, sklearn: (s.fitSeconds / s.epochs) * 1000 },
            processTime: a.processSeconds / s.processSeconds,
            peakRss: maxRss(runs.airlock) / maxRss(runs.sklearn),
            accuracyPoints: (a.accuracy - s.accuracy) * 100,
            aucDiff: a.auc - s.auc,
          }
        : null,
    });
  }

  const table = [['hidden', 'side', 'fit s', 'fit CPU s', 'ms/epoch', 'epochs', 'final loss', 'process s', 'peak RSS MB', 'accuracy %', 'AUC']];
  for (const set of sets) {
    for (const [name, side] of [['airlock', set.airlock], ['sklearn', set.sklearn]]) {
      if (side.skipped) table.push([set.hiddenLayerSizes.join(','), name, 'skipped', '', '', '', '', '', '', '', '']);
      else table.push([set.hiddenLayerSizes.join(','), name, side.fitSeconds.toFixed(2), side.fitCpuSeconds.toFixed(2), ((side.fitSeconds / side.epochs) * 1000).toFixed(0), side.epochs, side.finalTrainLoss.toFixed(4), side.processSeconds.toFixed(2), side.peakRssMb.toFixed(0), (side.accuracy * 100).toFixed(2), side.auc.toFixed(4)]);
    }
  }
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => String(r[c]).length)));
  for (const r of table) console.log(r.map((cell, c) => (c < 2 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  '));
  console.log('');
  for (const set of sets) {
    const r = set.ratios;
    if (!r) console.log(`hidden ${set.hiddenLayerSizes.join(',')}: not compared, a side was skipped (${set.sklearn.skipped ?? set.airlock.skipped})`);
    else console.log(`hidden ${set.hiddenLayerSizes.join(',')}: airlock / sklearn fit time ${r.fitTime.toFixed(2)}x (CPU ${r.fitCpu.toFixed(2)}x), peak RSS ${r.peakRss.toFixed(2)}x, accuracy ${r.accuracyPoints >= 0 ? '+' : ''}${r.accuracyPoints.toFixed(2)} points, same class on ${((set.agreement ?? 0) * 100).toFixed(2)} % of held-out rows`);
  }

  writeResult(root, 'mlp', label, {
    bench: 'mlp',
    label,
    at: new Date().toISOString(),
    machine: machineInfo(loadBefore),
    measuredWith: `fit: wall (performance.now / time.perf_counter) and process CPU seconds around trainMlp / MLPClassifier.fit only, best of ${repeat} (sides alternating); processes: ${describeMeasurer(how)}`,
    data: { path: path.relative(root, dir), rows: meta.rows, features: meta.features, trainRows: meta.trainRows, testRows, seed: SEED, generatedSeconds },
    settings: `${epochs} epochs, batch_size ${BASE.batchSize}, solver adam (beta1 0.9, beta2 0.999, eps 1e-8), learning_rate_init ${BASE.learningRateInit}, alpha ${BASE.alpha}, relu, shuffle each epoch, seed 0, early_stopping off on both; sklearn n_iter_no_change=max_iter so its loss-plateau stop never fires`,
    goal: 'issue 17: report the ratio (no target set for the MLP)',
    sets,
  });
}

await main();
