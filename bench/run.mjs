#!/usr/bin/env node
// Runs every benchmark in turn (`npm run bench`, `npm run bench -- --quick`), then prints one summary table and checks
// every peak RSS the benches recorded against bench/baselines.json.
// Usage: node bench/run.mjs [--quick] [--only import,train,...] [--results-dir DIR] [any flag for the benches]
//   --results-dir: results go there instead of bench/results/ (and the summary reads them there)
//        node bench/run.mjs --write-baselines   (adds the figures in bench/results/ that have no baseline yet; runs nothing)
// Exit status 1 when a bench failed or a side's peak RSS is more than 10 % above its baseline: the check is on by
// default because issue 17 makes "no regression > 10 %" part of the proof, not an option.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure } from './lib/measure.mjs';
import { resultsDir } from './lib/results.mjs';
import { RSS_TOLERANCE, addMissingBaselines, compareRss, peakRssFigures } from './lib/rss-check.mjs';
import { formatTable, goalVerdict, headlineRatios, peakRssBySide } from './lib/summary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const baselinesFile = path.join(root, 'bench', 'baselines.json');

const BENCHES = [
  ['import', 'import/run.mjs'],
  ['train', 'train/run.mjs'],
  ['study', 'study/run.mjs'],
  ['text', 'text/run.mjs'],
  ['mlp', 'mlp/run.mjs'],
  ['runs', 'runs/run.mjs'],
  ['drift', 'drift/run.mjs'],
  ['inference', 'inference/run.mjs'],
  ['requirements', 'requirements/run.mjs'],
  ['trace', 'trace/run.mjs'],
  ['trace-suggest', 'trace/suggest-precision.mjs'],
];
/** issue 17: `npm run bench -- --quick` runs in under 5 minutes, all benches together */
const QUICK_BUDGET_SECONDS = 300;
/** each bench's share of those 5 minutes (wall seconds); the benches not named here share OTHERS_QUICK_SECONDS */
const QUICK_SHARES = { import: 40, train: 60, study: 45, runs: 45 };
const OTHERS_QUICK_SECONDS = 100;
/** headline ratios shown per result in the table; every one of them is in the result file */
const MAX_RATIOS_SHOWN = 4;

/** This script's own flags; every other argument goes to each bench. */
function parseArgs(argv) {
  const value = (flag) => {
    const i = argv.indexOf(flag);
    if (i >= 0 && argv[i + 1] === undefined) throw new Error(`${flag} needs a value`);
    return i >= 0 ? argv[i + 1] : null;
  };
  const only = value('--only')?.split(',') ?? null;
  const unknown = only?.filter((n) => !BENCHES.some(([name]) => name === n)) ?? [];
  if (unknown.length > 0) throw new Error(`--only: no bench named ${unknown.join(', ')} (benches: ${BENCHES.map(([n]) => n).join(', ')})`);
  const results = value('--results-dir');
  const own = new Set(['--only', '--results-dir']);
  const passOn = argv.filter((a, j) => a !== '--write-baselines' && !own.has(a) && !own.has(argv[j - 1]));
  return { only, results: results === null ? null : path.resolve(results), passOn, writeBaselines: argv.includes('--write-baselines'), quick: argv.includes('--quick') };
}

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
/** `{ peakRssMb: { result: { path: MB } }, loadAvg1mBefore: { result: load } }` (the load the baselines were taken at) */
const readBaselines = () => (fs.existsSync(baselinesFile) ? readJson(baselinesFile) : { peakRssMb: {}, loadAvg1mBefore: {} });
const loadOf = (result) => (typeof result.machine?.loadAvg1mBefore === 'number' ? result.machine.loadAvg1mBefore : null);

/**
 * The result files (by name, `import-quick`) written at or after `since` (ms) by the bench `name` (or any, when null):
 * a result names its bench (`requirements-promise` is the requirements bench's too), so a file another person's run
 * writes meanwhile is not taken for this one's.
 */
function resultsWrittenSince(since, name) {
  const ownedBy = (bench) => bench === name || (bench.startsWith(`${name}-`) && !BENCHES.some(([n]) => n === bench));
  const dir = resultsDir(root);
  const written = {};
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const file = path.join(dir, f);
    if (!f.endsWith('.json') || fs.statSync(file).mtimeMs < since) continue;
    const result = readJson(file);
    if (name === null || ownedBy(String(result.bench))) written[f.slice(0, -'.json'.length)] = result;
  }
  return written;
}

function writeBaselines() {
  const all = resultsWrittenSince(0, null);
  const { peakRssMb: before, loadAvg1mBefore: loads } = readBaselines();
  const next = addMissingBaselines(before, all);
  const added = Object.entries(next).flatMap(([name, figures]) => Object.keys(figures).filter((k) => before[name]?.[k] === undefined).map((k) => `${name} ${k} ${figures[k]} MB`));
  const newLoads = Object.fromEntries(Object.keys(next).filter((name) => !(name in loads) && name in all).map((name) => [name, loadOf(all[name])]));
  const doc = {
    about: 'Peak RSS (MB) of every side each bench records, by result file and figure path (bench/lib/rss-check.mjs); `npm run bench` flags any figure more than 10 % above its baseline. `node bench/run.mjs --write-baselines` only adds missing ones; raising one is a deliberate edit whose commit says why. loadAvg1mBefore: the load each result was measured at (peak RSS rises under load: see bench/README.md).',
    peakRssMb: next,
    loadAvg1mBefore: Object.fromEntries(Object.entries({ ...loads, ...newLoads }).sort(([a], [b]) => a.localeCompare(b))),
  };
  fs.writeFileSync(`${baselinesFile}.tmp`, `${JSON.stringify(doc, null, 2)}\n`);
  fs.renameSync(`${baselinesFile}.tmp`, baselinesFile);
  console.log(added.length === 0 ? 'every figure already has a baseline' : `added ${added.length} baselines:\n  ${added.join('\n  ')}`);
}

/** Runs one bench as its own process, printing as it goes; its wall and CPU seconds (all its processes) and exit. */
function runBench(script, passOn) {
  const file = path.join(root, 'bench', script);
  if (!fs.existsSync(file)) return { missing: true, seconds: 0, cpuSeconds: 0, status: null };
  const m = measure([process.execPath, file, ...passOn], { cwd: root, stdio: 'inherit' });
  return { missing: false, seconds: m.seconds, cpuSeconds: m.cpuSeconds, status: m.status };
}

const figures = (n) => `${n} figure${n === 1 ? '' : 's'}`;
const mb = (x) => (x === null ? '-' : `${x.toFixed(0)} MB`);

function summarize(runs, { peakRssMb: baselines, loadAvg1mBefore: baselineLoads }) {
  const rows = [];
  const checks = [];
  for (const { name, run, results } of runs) {
    const state = run.missing ? 'not found' : run.status === 0 ? '' : `FAILED (exit ${run.status})`;
    const entries = Object.entries(results);
    if (entries.length === 0) rows.push([name, run.seconds.toFixed(0), run.cpuSeconds.toFixed(0), '', state || 'no result written', '', '', '']);
    for (const [file, result] of entries) {
      const compared = compareRss(baselines[file] ?? {}, peakRssFigures(result));
      const loads = { now: loadOf(result), baseline: baselineLoads[file] ?? null };
      checks.push(...compared.map((c) => ({ file, loads, ...c })));
      const regressed = compared.filter((c) => c.status === 'regressed').length;
      const fresh = compared.filter((c) => c.status === 'new').length;
      const ratios = headlineRatios(result);
      const shown = ratios.slice(0, MAX_RATIOS_SHOWN).map((r) => `${r.label} ${r.value.toFixed(2)}x`);
      if (ratios.length > MAX_RATIOS_SHOWN) shown.push(`+${ratios.length - MAX_RATIOS_SHOWN} more`);
      const rss = Object.entries(peakRssBySide(result)).map(([side, x]) => `${side} ${mb(x)}`).join(', ');
      const check = compared.length === 0 ? 'no figures' : regressed > 0 ? `${regressed} REGRESSED` : fresh > 0 ? `ok, ${fresh} new` : 'ok';
      rows.push([file, run.seconds.toFixed(0), run.cpuSeconds.toFixed(0), loads.now === null ? '-' : loads.now.toFixed(1), [state, goalVerdict(result)].filter(Boolean).join(', '), shown.join('; ') || '-', rss || '-', check]);
    }
  }
  return { rows, checks };
}

function printChecks(checks) {
  console.log(`\npeak RSS against bench/baselines.json (a regression is more than ${RSS_TOLERANCE * 100} % above the baseline):`);
  const line = (c) => `${c.file} ${c.key}: ${mb(c.mb)} vs baseline ${mb(c.baselineMb)}${c.ratio === null ? '' : ` (${c.ratio.toFixed(2)}x)`}`;
  // peak RSS rises with the load (a starved consumer lets buffers pile up), so each regression says both loads
  const loads = (c) => ` at load ${c.loads.now?.toFixed(1) ?? '?'}, baseline at load ${c.loads.baseline?.toFixed(2) ?? '?'}`;
  for (const c of checks.filter((x) => x.status === 'regressed')) console.log(`  REGRESSED ${line(c)}${loads(c)}`);
  for (const c of checks.filter((x) => x.status === 'not measured')) console.log(`  not measured this run: ${line(c)}`);
  const fresh = checks.filter((x) => x.status === 'new');
  if (fresh.length > 0) console.log(`  ${figures(fresh.length)} without a baseline yet (node bench/run.mjs --write-baselines records them):\n    ${fresh.map(line).join('\n    ')}`);
  console.log(`  ${figures(checks.filter((x) => x.status === 'ok').length)} within ${RSS_TOLERANCE * 100} % of their baseline`);
}

/** Each bench's --quick wall time against its share, the unnamed ones together against theirs. */
function quickShares(runs) {
  const verdict = (seconds, share) => `${seconds.toFixed(0)} s of ${share} s: ${seconds <= share ? 'within' : 'OVER'}`;
  const named = runs.filter((r) => r.name in QUICK_SHARES).map((r) => `quick share ${r.name}: ${verdict(r.run.seconds, QUICK_SHARES[r.name])}`);
  const others = runs.filter((r) => !(r.name in QUICK_SHARES));
  const othersSeconds = others.reduce((s, r) => s + r.run.seconds, 0);
  return others.length === 0 ? named : [...named, `quick share ${others.map((r) => r.name).join(' + ')}: ${verdict(othersSeconds, OTHERS_QUICK_SECONDS)}`];
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.results) {
    fs.mkdirSync(o.results, { recursive: true });
    process.env.AIRLOCK_BENCH_RESULTS = o.results; // each bench inherits it; resultsWrittenSince reads there too
  }
  if (o.writeBaselines) return writeBaselines();
  const baselines = readBaselines();
  const runs = [];
  for (const [name, script] of BENCHES.filter(([n]) => o.only === null || o.only.includes(n))) {
    console.log(`\n== bench: ${name} (${script}) ==`);
    const since = Date.now() - 1000; // file times are coarser than Date.now() on some file systems
    const run = runBench(script, o.passOn);
    if (run.missing) console.log(`bench/${script} does not exist`);
    runs.push({ name, run, results: run.missing ? {} : resultsWrittenSince(since, name) });
  }
  const { rows, checks } = summarize(runs, baselines);
  const total = runs.reduce((s, r) => s + r.run.seconds, 0);
  const totalCpu = runs.reduce((s, r) => s + r.run.cpuSeconds, 0);
  console.log(`\n== summary${o.quick ? ' (--quick)' : ''} ==`);
  console.log(formatTable(['result', 'wall s', 'CPU s', 'load before', 'goal', 'headline ratios (their meaning: bench/README.md)', 'peak RSS by side', 'RSS check'], rows));
  printChecks(checks);
  const budget = o.quick ? ` (budget ${QUICK_BUDGET_SECONDS} s: ${total <= QUICK_BUDGET_SECONDS ? 'within' : 'OVER'})` : '';
  if (o.quick) console.log(`\n${quickShares(runs).join('\n')}`);
  console.log(`\ntotal ${total.toFixed(0)} s wall, ${totalCpu.toFixed(0)} s CPU${budget}`);
  const failed = runs.filter((r) => r.run.missing || r.run.status !== 0).map((r) => r.name);
  const regressed = checks.filter((c) => c.status === 'regressed').length;
  if (failed.length > 0) console.log(`failed: ${failed.join(', ')}`);
  if (regressed > 0) console.log(`${figures(regressed)} of peak RSS regressed by more than ${RSS_TOLERANCE * 100} %`);
  process.exitCode = failed.length > 0 || regressed > 0 ? 1 : 0;
}

main();
