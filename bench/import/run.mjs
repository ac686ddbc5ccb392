#!/usr/bin/env node
// Import benchmark: Airlock's CLI import (parse, type, profile, version, store) against pandas.read_csv on the same
// generated CSV, in one run. Usage: node bench/import/run.mjs [--quick] [--rows N]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import { positiveIntFlag } from '../lib/args.mjs';
import { describeMeasurer, loadBeforeRun, measure, measurer, failureReason } from '../lib/measure.mjs';
import { cliProject } from '../lib/cli-project.mjs';
import { machineInfo, writeResult } from '../lib/results.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PYTHON = '/usr/bin/python3';
const SEED = 20240108;
/** the goal stated in bench/README.md */
const GOAL = { minThroughputRatio: 1, maxPeakRssMb: 500 };

function parseArgs(argv) {
  const quick = argv.includes('--quick');
  const rows = positiveIntFlag(argv, '--rows', quick ? 1_000_000 : 10_000_000);
  return { rows, label: quick ? 'quick' : rows === 10_000_000 ? 'full' : `rows-${rows}` };
}

/**
 * pandas holds the whole frame: 2.64 GB of peak RSS for the 0.95 GB file, so about 2.8 bytes a byte of CSV. Its side
 * runs only when that much (and 2 GB to spare for the rest of the machine) is available, else it is skipped, saying why.
 */
function pandasMemoryShortfall(fileBytes) {
  const needed = fileBytes * 2.8 + 2e9;
  const available = os.freemem();
  return available >= needed ? null : `pandas would need about ${(needed / 1e9).toFixed(1)} GB of memory for this file; ${(available / 1e9).toFixed(1)} GB is available`;
}

/** Generates the file once; later runs reuse it (the generator renames a finished file into place, so it is whole). */
async function ensureData(rows) {
  const file = path.join(root, 'bench', 'data', `import-${rows}-rows-seed${SEED}.csv`);
  if (fs.existsSync(file)) return { file, generatedSeconds: null };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  register();
  const { writeLargeCsv } = await import('../../src/main/samples/large-csv.ts');
  const t = performance.now();
  let lastPrint = 0;
  await writeLargeCsv(file, rows, SEED, (done) => {
    if (process.stderr.isTTY && performance.now() - lastPrint > 500) {
      lastPrint = performance.now();
      process.stderr.write(`\rgenerating ${path.basename(file)}: ${Math.round((done / rows) * 100)}%`);
    }
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  return { file, generatedSeconds: (performance.now() - t) / 1000 };
}

function runAirlock(file) {
  const cli = path.join(root, 'bin', 'airlock.mjs');
  if (!fs.existsSync(cli) || !fs.existsSync(path.join(root, 'src', 'main', 'cli', 'program.ts'))) {
    return { skipped: 'the Airlock CLI (bin/airlock.mjs, src/main/cli/program.ts) is not there yet' };
  }
  const p = cliProject('import');
  const { project, airlock } = p;
  try {
    if (p.initError) return { skipped: p.initError };
    const m = measure(airlock('dataset', 'import', file, '--project', project, '--name', 'big', '--json'), p.spawn);
    if (m.status !== 0) return { skipped: `airlock dataset import failed: ${failureReason(m.stderr)}` };
    const result = JSON.parse(m.stdout);
    // 'source': the sources changed after the build, so this import paid tsx's start-up (see cliProject)
    return { seconds: m.seconds, cpuSeconds: m.cpuSeconds, peakRssMb: m.peakRssMb, rows: result.rows, columns: result.columns, projectBytes: folderBytes(project), cliFrom: p.cliFrom };
  } finally {
    p.dispose();
  }
}

function runPandas(file, fileBytes) {
  const shortfall = pandasMemoryShortfall(fileBytes);
  if (shortfall) return { skipped: shortfall };
  const probe = spawnSync(PYTHON, ['-c', 'import pandas'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return { skipped: `pandas is not installed for ${PYTHON}: install it with  sudo apt-get install -y python3-pandas` };
  }
  const m = measure([PYTHON, path.join(root, 'bench', 'import', 'pandas_read_csv.py'), file]);
  if (m.status !== 0) return { skipped: `pandas.read_csv failed: ${failureReason(m.stderr)}` };
  const result = JSON.parse(m.stdout);
  return { seconds: m.seconds, cpuSeconds: m.cpuSeconds, peakRssMb: m.peakRssMb, rows: result.rows, columns: result.columns, version: result.pandas };
}

function folderBytes(dir) {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += fs.statSync(path.join(e.parentPath ?? e.path, e.name)).size;
  }
  return total;
}

function printTable(fileMb, tools) {
  const rows = [['tool', 'wall s', 'MB/s', 'CPU s', 'peak RSS MB']];
  for (const [name, r] of Object.entries(tools)) {
    rows.push(r.skipped ? [name, 'skipped', '', '', ''] : [name, r.seconds.toFixed(2), (fileMb / r.seconds).toFixed(1), r.cpuSeconds.toFixed(2), r.peakRssMb.toFixed(0)]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
  for (const [name, r] of Object.entries(tools)) if (r.skipped) console.log(`${name} skipped: ${r.skipped}`);
}

async function main() {
  const { rows, label } = parseArgs(process.argv.slice(2));
  const how = measurer();
  if (!how) {
    console.error(`Cannot measure peak memory here: ${describeMeasurer(null)}`);
    process.exitCode = 1;
    return;
  }
  const loadBefore = loadBeforeRun();
  const { file, generatedSeconds } = await ensureData(rows);
  const fileBytes = fs.statSync(file).size;
  const fileMb = fileBytes / 1e6;
  console.log(`import bench (${label}): ${path.relative(root, file)}, ${rows.toLocaleString('en')} rows, ${fileMb.toFixed(0)} MB`);
  if (generatedSeconds !== null) console.log(`generated in ${generatedSeconds.toFixed(1)} s (${(fileMb / generatedSeconds).toFixed(0)} MB/s)`);

  const airlock = runAirlock(file);
  const pandas = runPandas(file, fileBytes);
  printTable(fileMb, { 'airlock import': airlock, 'pandas read_csv': pandas });
  if (!airlock.skipped) console.log(`airlock ran from its ${airlock.cliFrom === 'bundle' ? 'built bundle (out/main/cli.js)' : 'sources through tsx (out/ was stale)'}`);

  const both = !airlock.skipped && !pandas.skipped;
  const ratios = both
    ? { throughput: pandas.seconds / airlock.seconds, cpu: airlock.cpuSeconds / pandas.cpuSeconds, peakRss: airlock.peakRssMb / pandas.peakRssMb }
    : null;
  let verdict = 'not judged: a side was skipped';
  if (ratios) {
    console.log(`ratios (airlock / pandas): throughput ${ratios.throughput.toFixed(2)}x, CPU time ${ratios.cpu.toFixed(2)}x, peak RSS ${ratios.peakRss.toFixed(2)}x`);
    const missed = [];
    if (ratios.throughput < GOAL.minThroughputRatio) missed.push(`throughput is ${ratios.throughput.toFixed(2)}x pandas' (goal >= ${GOAL.minThroughputRatio}x)`);
    if (airlock.peakRssMb > GOAL.maxPeakRssMb) missed.push(`peak RSS is ${airlock.peakRssMb.toFixed(0)} MB (goal < ${GOAL.maxPeakRssMb} MB)`);
    verdict = missed.length === 0 ? 'goal met' : `GOAL MISSED: ${missed.join('; ')}`;
    if (airlock.rows !== rows || pandas.rows !== rows) verdict += ` (row counts differ: file ${rows}, airlock ${airlock.rows}, pandas ${pandas.rows})`;
  }
  console.log(verdict);

  const result = {
    bench: 'import',
    label,
    at: new Date().toISOString(),
    machine: machineInfo(loadBefore),
    measuredWith: describeMeasurer(how),
    file: { path: path.relative(root, file), rows, bytes: fileBytes, seed: SEED },
    airlock: airlock.skipped ? airlock : { ...airlock, mbPerSecond: fileMb / airlock.seconds },
    pandas: pandas.skipped ? pandas : { ...pandas, mbPerSecond: fileMb / pandas.seconds },
    ratios,
    goal: GOAL,
    verdict,
  };
  writeResult(root, 'import', label, result);
}

await main();
