#!/usr/bin/env node
// Inference benchmark: Airlock's batch scoring (predict() over a stored dataset version) against a bare onnxruntime-node
// loop over pre-built Float32Array tensors, same model, same rows, same session options, in one run; CPU provider.
// Each side runs in its own process (best of --repeat), so its peak RSS is its own. The GPU comparison is providers.ts.
// Usage: node bench/inference/run.mjs [--quick] [--repeat N] [--models dense,gbdt,...] [--bundle DIR]
// --bundle DIR runs DIR/prepare.mjs and DIR/score.mjs (esbuild bundles, see bench/README.md) instead of the .ts files
// through tsx, for a machine that has Node and the native modules but not the development dependencies.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMeasurer, loadBeforeRun, measure, measurer } from '../lib/measure.mjs';
import { machineInfo, writeResult } from '../lib/results.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** the goal stated in the issue and bench/README.md: Airlock's rows/s at least this share of the bare loop's */
const GOAL = { minThroughputRatio: 0.95 };
/** rows per model: the dense and CNN models cost ~0.5-2 ms a row on two cores, the others microseconds */
const ROWS = {
  quick: { dense: 4096, gbdt: 100_000, 'rf-iris': 100_000, 'tribuo-iris': 100_000, 'cnn-mnist': 4096 },
  full: { dense: 16_384, gbdt: 1_000_000, 'rf-iris': 1_000_000, 'tribuo-iris': 1_000_000, 'cnn-mnist': 16_384 },
};

function parseArgs(argv) {
  const value = (flag) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const label = argv.includes('--quick') ? 'quick' : 'full';
  // --quick scores each side once: a process's start-up (~2 s of Node + tsx) dwarfs the scoring it times, and the
  // whole quick run of every bench has five minutes
  const repeat = Number(value('--repeat') ?? (label === 'quick' ? 1 : 3));
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat needs a positive integer, got ${value('--repeat')}`);
  const only = value('--models')?.split(',');
  const rows = Object.fromEntries(Object.entries(ROWS[label]).filter(([name]) => !only || only.includes(name)));
  const bundle = value('--bundle');
  /** the command line that runs one of this folder's scripts */
  const script = (name) => (bundle ? [process.execPath, path.resolve(bundle, `${name}.mjs`)] : [process.execPath, '--import', 'tsx', path.join(root, 'bench', 'inference', `${name}.ts`)]);
  return { label, repeat, rows, script };
}

/** Prepares the project and models once per row plan; plan.json is written last, so its presence means the folder is whole. */
function ensureData(label, rows, script) {
  const spec = Object.entries(rows).map(([n, r]) => `${n}=${r}`).join(',');
  const dir = path.join(root, 'bench', 'data', `inference-${label}-${spec.replaceAll(/[=,]/g, '-')}`);
  if (fs.existsSync(path.join(dir, 'plan.json'))) return dir;
  const [cmd, ...args] = script('prepare');
  const res = spawnSync(cmd, [...args, dir, spec], { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) throw new Error('preparing the inference data failed');
  return dir;
}

/** The fastest of `repeat` runs of one side, with the largest peak RSS seen. */
function runSide(side, dir, model, repeat, script) {
  let best = null;
  for (let i = 0; i < repeat; i++) {
    const m = measure([...script('score'), side, dir, model], { cwd: root });
    if (m.status !== 0) return { skipped: `${side} failed: ${m.stderr.trim().split('\n').pop()}` };
    const r = JSON.parse(m.stdout.trim().split('\n').pop());
    const run = { ...r, processSeconds: m.seconds, peakRssMb: Math.max(m.peakRssMb, best?.peakRssMb ?? 0) };
    if (!best || run.seconds < best.seconds) best = run;
    else best.peakRssMb = run.peakRssMb;
  }
  return best;
}

function printTable(results) {
  const rows = [['model', 'rows', 'ratio', 'airlock rows/s', 'bare rows/s', 'airlock RSS MB', 'bare RSS MB', 'same outputs']];
  for (const r of results) {
    if (r.skipped) rows.push([r.model, String(r.rows), 'skipped', '', '', '', '', '']);
    else rows.push([r.model, String(r.rows), `${r.ratio.toFixed(3)}x`, r.airlock.rowsPerSecond.toFixed(0), r.bare.rowsPerSecond.toFixed(0), r.airlock.peakRssMb.toFixed(0), r.bare.peakRssMb.toFixed(0), String(r.sameOutputs)]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
  for (const r of results) if (r.skipped) console.log(`${r.model} skipped: ${r.skipped}`);
}

function main() {
  const { label, repeat, rows, script } = parseArgs(process.argv.slice(2));
  const how = measurer();
  if (!how) {
    console.error(`Cannot measure peak memory here: ${describeMeasurer(null)}`);
    process.exitCode = 1;
    return;
  }
  const loadBefore = loadBeforeRun();
  const dir = ensureData(label, rows, script);
  const plan = JSON.parse(fs.readFileSync(path.join(dir, 'plan.json'), 'utf8'));
  console.log(`inference bench (${label}): CPU provider, batches of 1024 rows, best of ${repeat} per side`);

  const results = plan.map((entry) => {
    if (entry.skip) return { model: entry.name, what: entry.what, rows: entry.rows, skipped: entry.skip };
    const airlock = runSide('airlock', dir, entry.name, repeat, script);
    const bare = runSide('bare', dir, entry.name, repeat, script);
    if (airlock.skipped || bare.skipped) return { model: entry.name, what: entry.what, rows: entry.rows, skipped: airlock.skipped ?? bare.skipped };
    // both sums run over the same float32 outputs in the same order, so they agree to the last bit unless a value differs
    const sameOutputs = airlock.checksum === bare.checksum;
    return { model: entry.name, what: entry.what, rows: entry.rows, ratio: airlock.rowsPerSecond / bare.rowsPerSecond, sameOutputs, airlock, bare };
  });
  const judged = results.filter((r) => !r.skipped);
  const missed = judged.filter((r) => r.ratio < GOAL.minThroughputRatio || !r.sameOutputs);
  const verdict =
    judged.length === 0
      ? 'not judged: every model was skipped'
      : missed.length === 0
        ? 'goal met on every model'
        : `GOAL MISSED: ${missed.map((r) => (r.sameOutputs ? `${r.model} at ${r.ratio.toFixed(3)}x` : `${r.model} computed different outputs`)).join('; ')} (goal >= ${GOAL.minThroughputRatio}x)`;
  console.log(`ratios (airlock rows/s / bare rows/s): ${judged.map((r) => `${r.model} ${r.ratio.toFixed(3)}x`).join(', ')}`);
  printTable(results);
  console.log(verdict);
  writeResult(root, 'inference', label, {
    bench: 'inference',
    label,
    at: new Date().toISOString(),
    machine: machineInfo(loadBefore),
    measuredWith: describeMeasurer(how),
    repeat,
    results,
    goal: GOAL,
    verdict,
  });
}

main();
