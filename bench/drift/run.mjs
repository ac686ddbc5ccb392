#!/usr/bin/env node
// Drift benchmark: `airlock drift` (the full report job through the CLI) against a per-column scipy loop on the same
// two generated CSVs, in one run; wall time, peak RSS, and whether the verdicts agree column by column.
// Usage: node bench/drift/run.mjs [--quick] [--rows N] [--no-multivariate-row]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMeasurer, loadBeforeRun, measure, measurer, failureReason } from '../lib/measure.mjs';
import { cliProject } from '../lib/cli-project.mjs';
import { machineInfo, writeResult } from '../lib/results.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PYTHON = '/usr/bin/python3';
const GNU_TIME = '/usr/bin/time';
const SEED = 20240108;
/** the goal stated in the issue and bench/README.md */
const GOAL = { minSpeedup: 5, maxPeakRssMb: 1024, verdictsIdentical: true };
/** statistics of the same test on the same data should agree far closer than this (the unit tests hold them to 1e-9) */
const STATISTIC_TOLERANCE = 1e-6;

function parseArgs(argv) {
  const quick = argv.includes('--quick');
  const i = argv.indexOf('--rows');
  const rows = i >= 0 ? Number(argv[i + 1]) : quick ? 100_000 : 1_000_000;
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`--rows needs a positive integer, got ${argv[i + 1]}`);
  return { rows, label: quick ? 'quick' : rows === 1_000_000 ? 'full' : `rows-${rows}`, multivariateRow: !argv.includes('--no-multivariate-row') };
}

/** Generates both CSVs once; plan.json is written last, so its presence means the folder is whole. */
function ensureData(rows) {
  const dir = path.join(root, 'bench', 'data', `drift-${rows}-rows-seed${SEED}`);
  if (fs.existsSync(path.join(dir, 'plan.json'))) return { dir, generatedSeconds: null };
  const t = performance.now();
  const res = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'drift', 'generate-data.ts'), String(rows), String(SEED), dir], { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) throw new Error('generating the drift data failed');
  return { dir, generatedSeconds: (performance.now() - t) / 1000 };
}

/** Every process below pid (children, grandchildren), read from /proc. */
function descendants(pid) {
  const parents = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // the command name may hold spaces and parentheses: the fields after the last ')' are fixed
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // the process ended between readdir and read
    }
  }
  const out = [];
  const queue = [pid];
  while (queue.length > 0) {
    const p = queue.pop();
    for (const [child, parent] of parents) if (parent === p) (out.push(child), queue.push(child));
  }
  return out;
}

function rssKb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * measure() (GNU time: wall, the largest single process's peak RSS, CPU) plus the peak of the whole process tree's
 * summed RSS, sampled every 100 ms from /proc: Airlock runs the report job in a child process beside the CLI's, and
 * GNU time's %M reports the larger of the two, not their sum.
 */
async function measureTree(argv, options) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-bench-drift-')), 'usage');
  const child = spawn(GNU_TIME, ['-o', out, '-f', '%e %M %U %S', ...argv], { cwd: options.cwd, env: options.env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  let peakTreeKb = 0;
  const timer = setInterval(() => {
    const sum = descendants(child.pid).reduce((s, p) => s + rssKb(p), 0);
    if (sum > peakTreeKb) peakTreeKb = sum;
  }, 100);
  const status = await new Promise((resolve) => child.on('close', (code) => resolve(code)));
  clearInterval(timer);
  const last = fs.readFileSync(out, 'utf8').trim().split('\n').pop() ?? '';
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  const [s, kib, user, sys] = last.split(' ').map(Number);
  return { seconds: s, peakRssMb: kib / 1024, peakTreeRssMb: peakTreeKb / 1024, cpuSeconds: user + sys, stdout, stderr, status };
}

/** The line of a failed command's stderr that says what went wrong. */

async function runAirlock(dir, multivariateRow) {
  const p = cliProject('drift');
  const { project, airlock } = p;
  try {
    if (p.initError) return { skipped: p.initError };
    // importing is not part of the comparison (the peer reads the CSVs, Airlock its stored columns); recorded apart
    const imports = {};
    for (const [name, file] of [['reference', 'reference.csv'], ['current', 'current.csv']]) {
      const m = measure(airlock('dataset', 'import', path.join(dir, file), '--project', project, '--name', name, '--json'), p.spawn);
      if (m.status !== 0) return { skipped: `airlock dataset import failed: ${failureReason(m.stderr)}` };
      imports[name] = { seconds: m.seconds, peakRssMb: m.peakRssMb };
    }
    const rows = {};
    const variants = [['per-column', ['--no-multivariate']], ...(multivariateRow ? [['with multivariate', []]] : [])];
    for (const [variant, extra] of variants) {
      const m = await measureTree(airlock('drift', '--project', project, '--reference', 'reference@1', '--current', 'current@1', '--json', ...extra), p.spawn);
      if (m.status !== 0) {
        rows[variant] = { skipped: `airlock drift failed: ${failureReason(m.stderr)}` };
        continue;
      }
      const report = JSON.parse(m.stdout);
      rows[variant] = { seconds: m.seconds, cpuSeconds: m.cpuSeconds, peakRssMb: m.peakRssMb, peakTreeRssMb: m.peakTreeRssMb, report: summary(report) };
    }
    return { imports, rows };
  } finally {
    p.dispose();
  }
}

/** What the result file keeps of Airlock's answer: the verdict per column, the figures, the multivariate check. */
function summary(report) {
  return {
    id: report.report,
    datasetDrift: report.dataset_drift,
    share: report.drift_share,
    columns: Object.fromEntries(report.columns.map((c) => [c.column, { test: c.test, statistic: c.statistic, drift: c.drift, missingDrift: c.missing_drift, newCategories: c.new_categories }])),
    multivariate: report.multivariate ?? (report.multivariate_skipped ? { skipped: report.multivariate_skipped } : null),
  };
}

function runPeer(dir) {
  const probe = spawnSync(PYTHON, ['-c', 'import scipy, pandas'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return { skipped: `scipy or pandas is not installed for ${PYTHON}: sudo apt-get install -y python3-scipy python3-pandas` };
  const m = measure([PYTHON, path.join(root, 'bench', 'drift', 'scipy_drift.py'), path.join(dir, 'reference.csv'), path.join(dir, 'current.csv')]);
  if (m.status !== 0) return { skipped: `the scipy loop failed: ${failureReason(m.stderr)}` };
  const result = JSON.parse(m.stdout);
  return { seconds: m.seconds, cpuSeconds: m.cpuSeconds, peakRssMb: m.peakRssMb, ...result };
}

/** Column by column: the same test chosen, the same verdict, and the statistic within STATISTIC_TOLERANCE (relative). */
function compareVerdicts(airlock, peer) {
  const disagreements = [];
  let maxRelDiff = 0;
  for (const [column, p] of Object.entries(peer.columns)) {
    const a = airlock.columns[column];
    if (!a) {
      disagreements.push(`${column}: not in Airlock's report`);
      continue;
    }
    if (a.test !== p.test) disagreements.push(`${column}: Airlock ran ${a.test}, the loop ${p.test}`);
    if (a.drift !== p.drift) disagreements.push(`${column}: Airlock says ${a.drift ? 'drift' : 'no drift'}, the loop ${p.drift ? 'drift' : 'no drift'}`);
    if (a.test === p.test && (a.statistic === null) !== (p.statistic === null)) disagreements.push(`${column}: ${a.test} ${a.statistic} vs ${p.statistic}`);
    else if (a.test === p.test && a.statistic !== null) {
      const rel = Math.abs(a.statistic - p.statistic) / Math.max(Math.abs(p.statistic), 1e-300);
      maxRelDiff = Math.max(maxRelDiff, rel);
      if (rel > STATISTIC_TOLERANCE) disagreements.push(`${column}: ${a.test} ${a.statistic} vs ${p.statistic}`);
    }
  }
  return { identical: disagreements.length === 0, columns: Object.keys(peer.columns).length, maxRelativeStatisticDiff: maxRelDiff, disagreements };
}

function printTable(tools) {
  const rows = [['tool', 'wall s', 'CPU s', 'peak RSS MB', 'tree RSS MB']];
  for (const [name, r] of Object.entries(tools)) {
    rows.push(r.skipped ? [name, 'skipped', '', '', ''] : [name, r.seconds.toFixed(2), r.cpuSeconds.toFixed(2), r.peakRssMb.toFixed(0), r.peakTreeRssMb === undefined ? '' : r.peakTreeRssMb.toFixed(0)]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
  for (const [name, r] of Object.entries(tools)) if (r.skipped) console.log(`${name} skipped: ${r.skipped}`);
}

async function main() {
  const { rows, label, multivariateRow } = parseArgs(process.argv.slice(2));
  const how = measurer();
  if (how !== 'gnu-time') {
    console.error(`The drift bench samples the process tree beside GNU time: install it (sudo apt-get install -y time). Found: ${describeMeasurer(how)}`);
    process.exitCode = 1;
    return;
  }
  const loadBefore = loadBeforeRun();
  const { dir, generatedSeconds } = ensureData(rows);
  const plan = JSON.parse(fs.readFileSync(path.join(dir, 'plan.json'), 'utf8'));
  const bytes = fs.statSync(path.join(dir, 'reference.csv')).size + fs.statSync(path.join(dir, 'current.csv')).size;
  console.log(`drift bench (${label}): ${path.relative(root, dir)}, 2 x ${rows.toLocaleString('en')} rows x ${plan.columns.length} columns, ${(bytes / 1e6).toFixed(0)} MB of CSV`);
  if (generatedSeconds !== null) console.log(`generated in ${generatedSeconds.toFixed(1)} s`);

  const airlock = await runAirlock(dir, multivariateRow);
  const peer = runPeer(dir);
  const tools = {};
  if (airlock.skipped) tools['airlock drift'] = airlock;
  else for (const [variant, r] of Object.entries(airlock.rows)) tools[`airlock drift (${variant})`] = r;
  tools['scipy loop'] = peer;
  printTable(tools);
  if (!airlock.skipped) console.log(`(not compared) airlock import: reference ${airlock.imports.reference.seconds.toFixed(1)} s, current ${airlock.imports.current.seconds.toFixed(1)} s`);
  if (!peer.skipped) console.log(`scipy loop: reading both CSVs ${peer.load_seconds.toFixed(2)} s, the tests ${peer.test_seconds.toFixed(2)} s`);

  const main = airlock.skipped ? null : airlock.rows['per-column'];
  let verdict = 'not judged: a side was skipped';
  let ratios = null;
  let agreement = null;
  if (main && !main.skipped && !peer.skipped) {
    agreement = compareVerdicts(main.report, peer);
    ratios = { speedup: peer.seconds / main.seconds, speedupVsTestsOnly: peer.test_seconds / main.seconds, peakRss: main.peakTreeRssMb / peer.peakRssMb };
    console.log(`speed-up (scipy loop wall / airlock wall): ${ratios.speedup.toFixed(2)}x; against the loop's tests alone (CSV reading left out): ${ratios.speedupVsTestsOnly.toFixed(2)}x`);
    console.log(`verdicts: ${agreement.identical ? `identical on all ${agreement.columns} columns` : `${agreement.disagreements.length} DISAGREEMENTS`}; largest relative statistic difference ${agreement.maxRelativeStatisticDiff.toExponential(2)}`);
    for (const d of agreement.disagreements) console.log(`  ${d}`);
    const missed = [];
    if (ratios.speedup < GOAL.minSpeedup) missed.push(`${ratios.speedup.toFixed(2)}x the scipy loop's speed (goal >= ${GOAL.minSpeedup}x)`);
    if (main.peakTreeRssMb > GOAL.maxPeakRssMb) missed.push(`peak RSS ${main.peakTreeRssMb.toFixed(0)} MB (goal < ${GOAL.maxPeakRssMb} MB)`);
    if (!agreement.identical) missed.push('verdicts differ');
    verdict = missed.length === 0 ? 'goal met' : `GOAL MISSED: ${missed.join('; ')}`;
  }
  console.log(verdict);

  writeResult(root, 'drift', label, {
    bench: 'drift',
    label,
    at: new Date().toISOString(),
    machine: machineInfo(loadBefore),
    measuredWith: `${describeMeasurer(how)}; plus the process tree's summed VmRSS sampled every 100 ms (tree RSS)`,
    data: { dir: path.relative(root, dir), rows, bytes, seed: SEED, plan: plan.columns },
    airlock,
    peer,
    ratios,
    agreement,
    goal: GOAL,
    verdict,
  });
}

await main();
