#!/usr/bin/env node
// Training benchmark: Airlock's logistic regression and boosted trees against scikit-learn 1.2 and xgboost 1.7 with
// the same hyperparameters, on the same generated files, in one run; then once end to end through the CLI.
// Usage: node bench/train/run.mjs [--quick] [--rows N] [--docs N] [--repeat N] [--no-cli]
// --quick: 100,000 tabular rows, one fit each, no text (unless --docs N) and no CLI (its share of `npm run bench --
// --quick` is 60 s); full: 1,000,000 rows (best of 3), 50,000 documents (one fit), then the CLI.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import { describeMeasurer, loadBeforeRun, measure, measureSide, failureReason, measurerOrExplain } from '../lib/measure.mjs';
import { machineInfo, writeResult } from '../lib/results.mjs';
import { positiveIntFlag } from '../lib/args.mjs';
import { cliProject } from '../lib/cli-project.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PYTHON = '/usr/bin/python3';
const SEED = 20240108;
/** the goal stated in bench/README.md: accuracy at most 0.5 points below the peer's, fit time at most 1.5x the peer's */
const GOAL = { maxAccuracyDeficitPoints: 0.5, maxTimeRatio: 1.5 };
/**
 * Which peer each of our models is compared with. On text the peers' logistic regression runs on TfidfVectorizer's
 * sparse matrix, as a user would write it; the same fit on the densified matrix is a reference that separates what the
 * sparse format is worth from the solver itself (our trainers take dense matrices only). It is not judged.
 */
const PAIRS = [
  { model: 'logreg', peer: 'sklearn-logreg' },
  { model: 'gbdt', peer: 'sklearn-hgb' },
  { model: 'gbdt', peer: 'xgboost' },
  { model: 'logreg', peer: 'sklearn-logreg-dense', reference: true },
];

function parseArgs(argv) {
  const quick = argv.includes('--quick');
  const num = (flag, fallback) => positiveIntFlag(argv, flag, fallback);
  const rows = num('--rows', quick ? 100_000 : 1_000_000);
  const docs = num('--docs', quick ? 10_000 : 50_000);
  const custom = argv.includes('--rows') || argv.includes('--docs');
  // --quick is a fast check, so one fit each. A full run fits tabular models best of 3; on text one boosted-trees fit
  // takes minutes a side (100 rounds x 4 classes over ~560 features), so text fits once unless --repeat says otherwise.
  const repeat = argv.includes('--repeat') ? { tabular: num('--repeat', 1), text: num('--repeat', 1) } : quick ? { tabular: 1, text: 1 } : { tabular: 3, text: 1 };
  // Boosted trees on text cost per node (740 features), not per row, so even a small text set takes a minute a side.
  const text = !quick || argv.includes('--docs');
  return { rows, docs, text, repeat, cli: !quick && !argv.includes('--no-cli'), label: custom ? `rows-${rows}-docs-${text ? docs : 0}` : quick ? 'quick' : 'full' };
}

/** Generates a dataset folder once; later runs reuse it (the generator renames a finished folder into place). */
function ensureData(kind, rows) {
  const dir = path.join(root, 'bench', 'data', `train-${kind}-${rows}-seed${SEED}`);
  if (fs.existsSync(path.join(dir, 'meta.json'))) return { dir, generatedSeconds: null };
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const t = performance.now();
  tsx(['bench/train/generate-data.ts', kind, String(rows), String(SEED), dir]);
  return { dir, generatedSeconds: (performance.now() - t) / 1000 };
}

function tsx(args) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0) throw new Error(`node --import tsx ${args.join(' ')} failed: ${failureReason(res.stderr)}`);
  return res.stdout;
}

/** One side as its own process (bench/lib/measure.mjs), run from the repository root. */
const runSide = (argv, name) => measureSide(argv, name, root);

function peerAvailable() {
  const probe = spawnSync(PYTHON, ['-c', 'import sklearn, xgboost, pandas'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return `scikit-learn, xgboost or pandas is missing for ${PYTHON}: install them with  sudo apt-get install -y python3-sklearn python3-xgboost python3-pandas`;
  }
  return null;
}

/** Held-out labels, read the way both sides read them. */
function heldOutLabels(dir, meta) {
  if (meta.kind === 'tabular') {
    const y = new Int32Array(new Uint8Array(fs.readFileSync(path.join(dir, 'y.i32'))).buffer);
    return y.slice(meta.trainRows);
  }
  const index = new Map(meta.classNames.map((c, i) => [c, i]));
  const lines = fs.readFileSync(path.join(dir, 'docs.csv'), 'utf8').split('\n').slice(1, meta.rows + 1);
  return Int32Array.from(lines.slice(meta.trainRows), (l) => index.get(l.slice(l.lastIndexOf(',') + 1)));
}

/** Accuracy and ROC AUC (binary; one-vs-rest macro for more classes) from Airlock's metrics code, the same for every side. */
function score(report, yTest, meta, probsFile) {
  const probs = new Float64Array(new Uint8Array(fs.readFileSync(probsFile)).buffer);
  const r = report({ yTrue: yTest, probs, classNames: meta.classNames }).metrics;
  return { accuracy: r.accuracy, auc: r.roc_auc };
}

async function benchDataset(kind, rows, repeat, peerMissing) {
  const { dir, generatedSeconds } = ensureData(kind, rows);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `airlock-bench-train-${kind}-`));
  try {
    const loadBefore = os.loadavg()[0];
    const airlock = runSide([process.execPath, '--import', 'tsx', 'bench/train/airlock-fit.ts', dir, work, String(repeat)], 'airlock-fit.ts');
    const peers = peerMissing ? { skipped: peerMissing } : runSide([PYTHON, path.join(root, 'bench', 'train', 'sklearn_xgboost_fit.py'), dir, work, String(repeat)], 'sklearn_xgboost_fit.py');
    const loadAfter = os.loadavg()[0];
    register();
    const { classificationReport } = await import('../../src/main/metrics/classification-report.ts');
    const yTest = heldOutLabels(dir, meta);
    const scored = (side) => {
      if (side.skipped) return side;
      const models = Object.fromEntries(Object.entries(side.models).map(([name, m]) => {
        const { probsFile, ...rest } = m;
        return [name, { ...rest, ...score(classificationReport, yTest, meta, probsFile) }];
      }));
      return { ...side, models };
    };
    return {
      kind,
      repeat,
      data: { path: path.relative(root, dir), rows: meta.rows, trainRows: meta.trainRows, testRows: meta.rows - meta.trainRows, classes: meta.classNames, seed: SEED, generatedSeconds },
      loadAvg1m: { before: loadBefore, after: loadAfter },
      airlock: scored(airlock),
      peers: scored(peers),
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function compare(set) {
  if (set.airlock.skipped || set.peers.skipped) return [];
  return PAIRS.filter(({ peer }) => peer in set.peers.models).map(({ model, peer, reference }) => {
    const a = set.airlock.models[model];
    const p = set.peers.models[peer];
    const accuracyPoints = (a.accuracy - p.accuracy) * 100;
    const timeRatio = a.fitSeconds / p.fitSeconds;
    const missed = [];
    if (accuracyPoints < -GOAL.maxAccuracyDeficitPoints) missed.push(`accuracy ${accuracyPoints.toFixed(2)} points`);
    if (timeRatio > GOAL.maxTimeRatio) missed.push(`time ${timeRatio.toFixed(2)}x`);
    return {
      dataset: set.kind,
      model,
      peer,
      accuracyPoints,
      aucDiff: a.auc !== null && p.auc !== null ? a.auc - p.auc : null,
      timeRatio,
      cpuRatio: a.fitCpuSeconds / p.fitCpuSeconds,
      reference: reference === true,
      verdict: reference ? 'reference, not judged' : missed.length === 0 ? 'goal met' : `MISSED: ${missed.join(', ')}`,
    };
  });
}

/**
 * Once through the product: `airlock dataset import` of the tabular CSV into a temporary project, then `airlock train`
 * per model kind. The train wall time covers reading the Arrow chunks, splitting (60/20/20, its own seeded split, so
 * its accuracy is on other rows than the direct calls'), preprocessing, the fit, evaluation, ONNX export and the
 * ONNX Runtime parity check, and storing the run.
 */
function runCli(tabularDir) {
  if (!fs.existsSync(path.join(tabularDir, 'data.csv'))) tsx(['bench/train/generate-data.ts', 'csv', tabularDir]);
  const csv = path.join(tabularDir, 'data.csv');
  // Builds out/ first when stale, so the commands run the bundle a user's install runs (cliFrom says which ran).
  const p = cliProject('train-cli');
  try {
    if (p.initError) return { skipped: p.initError };
    const imp = measure(p.airlock('dataset', 'import', csv, '--project', p.project, '--name', 'tabular', '--json'), p.spawn);
    if (imp.status !== 0) return { skipped: `airlock dataset import failed: ${failureReason(imp.stderr)}` };
    const out = { cliFrom: p.cliFrom, csvBytes: fs.statSync(csv).size, importSeconds: imp.seconds, importPeakRssMb: imp.peakRssMb, train: {} };
    for (const model of ['logreg', 'gbdt']) {
      const m = measure(p.airlock('train', '--project', p.project, '--dataset', 'tabular', '--target', 'label', '--model', model, '--json'), p.spawn);
      if (m.status !== 0) {
        out.train[model] = { skipped: `airlock train --model ${model} failed: ${failureReason(m.stderr)}` };
        continue;
      }
      const r = JSON.parse(m.stdout);
      out.train[model] = {
        seconds: m.seconds,
        cpuSeconds: m.cpuSeconds,
        peakRssMb: m.peakRssMb,
        valAccuracy: r.metrics.val_accuracy,
        valAuc: r.metrics.val_roc_auc,
        testAccuracy: r.metrics.test_accuracy,
        onnxParity: r.onnx_parity,
      };
    }
    return out;
  } finally {
    p.dispose();
  }
}

function printTable(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  for (const r of rows) console.log(r.map((cell, c) => (c <= 2 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  '));
}

function printResults(sets, comparisons) {
  const rows = [['data', 'model', 'side', 'prep s', 'fit s', 'fit CPU s', 'iters', 'accuracy', 'AUC']];
  for (const set of sets) {
    for (const [sideName, side] of [['airlock', set.airlock], ['peer', set.peers]]) {
      if (side.skipped) {
        rows.push([set.kind, '-', sideName, 'skipped', '', '', '', '', '']);
        continue;
      }
      for (const [name, m] of Object.entries(side.models)) {
        rows.push([set.kind, name, sideName === 'airlock' ? 'airlock' : name.split('-')[0], m.preprocessSeconds.toFixed(2), m.fitSeconds.toFixed(2), m.fitCpuSeconds.toFixed(2), m.iterations, (m.accuracy * 100).toFixed(2), m.auc.toFixed(4)]);
      }
    }
  }
  printTable(rows);
  console.log('');
  const ratios = [['data', 'model', 'vs peer', 'Δacc pts', 'ΔAUC', 'time x', 'CPU x', 'verdict']];
  for (const c of comparisons) {
    ratios.push([c.dataset, c.model, c.peer, c.accuracyPoints.toFixed(2), c.aucDiff === null ? '-' : c.aucDiff.toFixed(4), c.timeRatio.toFixed(2), c.cpuRatio.toFixed(2), c.verdict]);
  }
  printTable(ratios);
  for (const set of sets) for (const side of [set.airlock, set.peers]) if (side.skipped) console.log(`${set.kind}: skipped: ${side.skipped}`);
}

async function main() {
  const { rows, docs, text, repeat, cli, label } = parseArgs(process.argv.slice(2));
  const how = measurerOrExplain();
  if (!how) return;
  const loadBefore = loadBeforeRun();
  console.log(`train bench (${label}): tabular ${rows.toLocaleString('en')} rows x 20 features, ${text ? `text ${docs.toLocaleString('en')} documents` : 'no text'}; fit best of ${repeat.tabular} (tabular), ${repeat.text} (text)`);
  const peerMissing = peerAvailable();
  const sets = [await benchDataset('tabular', rows, repeat.tabular, peerMissing)];
  if (text) sets.push(await benchDataset('text', docs, repeat.text, peerMissing));
  const comparisons = sets.flatMap(compare);
  printResults(sets, comparisons);

  let e2e = null;
  if (cli) {
    console.log('\nend to end through the CLI (import, then train; wall seconds of each command):');
    e2e = runCli(path.join(root, sets[0].data.path));
    if (e2e.skipped) console.log(`skipped: ${e2e.skipped}`);
    else {
      console.log(`the ${e2e.cliFrom === 'bundle' ? 'built' : 'source (tsx)'} CLI; import ${(e2e.csvBytes / 1e6).toFixed(0)} MB CSV: ${e2e.importSeconds.toFixed(2)} s (peak RSS ${e2e.importPeakRssMb.toFixed(0)} MB)`);
      for (const [model, t] of Object.entries(e2e.train)) {
        console.log(t.skipped ? `train ${model}: skipped: ${t.skipped}` : `train ${model}: ${t.seconds.toFixed(2)} s (CPU ${t.cpuSeconds.toFixed(2)} s, peak RSS ${t.peakRssMb.toFixed(0)} MB), val accuracy ${(t.valAccuracy * 100).toFixed(2)} %, ONNX parity ${t.onnxParity?.ok ? 'ok' : 'FAILED'}`);
      }
    }
  }
  const judged = comparisons.filter((c) => !c.reference);
  const missed = judged.filter((c) => c.verdict !== 'goal met');
  const verdict = judged.length === 0 ? 'not judged: a side was skipped' : missed.length === 0 ? 'goal met' : `GOAL MISSED for ${missed.length} of ${judged.length} pairs`;
  console.log(verdict);

  const result = {
    bench: 'train',
    label,
    at: new Date().toISOString(),
    machine: machineInfo(loadBefore),
    measuredWith: `fit: wall (performance.now / time.perf_counter) and process CPU seconds around the fit call only, best of ${repeat.tabular} (tabular) and ${repeat.text} (text); processes: ${describeMeasurer(how)}`,
    hyperparameters: {
      logreg: 'C=1, max_iter=100 (lbfgs, tol 1e-4)',
      gbdt: 'max_iter=100, learning_rate=0.1, max_leaf_nodes=31, min_samples_leaf=20, early_stopping=False; xgboost: tree_method=hist, max_depth=0, grow_policy=lossguide, max_leaves=31, n_estimators=100, learning_rate=0.1',
    },
    sets,
    comparisons,
    cli: e2e,
    goal: GOAL,
    verdict,
  };
  writeResult(root, 'train', label, result);
}

await main();
