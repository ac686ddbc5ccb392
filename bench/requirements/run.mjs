#!/usr/bin/env node
// Requirements benchmark: 20,000 generated requirements imported into a real project, then classified, linted and
// paired through the CLI (`airlock req classify|lint|pairs --json`) where this build has the command, and through the
// same functions in their own process (lint latency per requirement, what each task costs alone); wall time, peak
// RSS, and the answers scored against what the generator planted.
// Then the PROMISE NFR figures (bench/requirements/promise.ts) in their own result file.
// Usage: node bench/requirements/run.mjs [--quick] [--count N] [--only scale|promise]   (--quick: 2,000 requirements, no PROMISE)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMeasurer, loadBeforeRun, measure, measurer, failureReason } from '../lib/measure.mjs';
import { cliProject } from '../lib/cli-project.mjs';
import { machineInfo, writeResult } from '../lib/results.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SEED = 20240108;
/** the goals of issue 15; lint's is the editor's budget for highlights while typing */
const GOAL = { classifySeconds: 30, pairsSeconds: 60, lintP99Ms: 50 };
const TASKS = ['classify', 'lint', 'pairs'];
/** lint rules that name vague wording (the generator plants phrases of these kinds) */
const VAGUE_RULES = new Set(['subjective-language', 'ambiguous-term', 'loophole', 'open-ended', 'superlative', 'incomplete-reference']);

function parseArgs(argv) {
  const quick = argv.includes('--quick');
  const i = argv.indexOf('--count');
  const count = i >= 0 ? Number(argv[i + 1]) : quick ? 2_000 : 20_000;
  if (!Number.isInteger(count) || count < 200) throw new Error(`--count needs an integer of at least 200, got ${argv[i + 1]}`);
  const j = argv.indexOf('--only');
  const only = j >= 0 ? argv[j + 1] : null;
  if (only !== null && only !== 'scale' && only !== 'promise') throw new Error(`--only takes scale or promise, got ${only}`);
  return { count, label: quick ? 'quick' : count === 20_000 ? 'full' : `count-${count}`, scale: only !== 'promise', promise: only === 'promise' || (only === null && !quick) };
}

/** Generates the requirements once; plan.json is written last, so its presence means the folder is whole. */
function ensureData(count) {
  const dir = path.join(root, 'bench', 'data', `requirements-${count}-seed${SEED}`);
  if (fs.existsSync(path.join(dir, 'plan.json'))) return dir;
  const res = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'requirements', 'generate-requirements.ts'), String(count), String(SEED), dir], { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) throw new Error('generating the requirements failed');
  return dir;
}

/** The line of a failed command's stderr that says what went wrong. */

const figures = (m) => ({ seconds: m.seconds, cpuSeconds: m.cpuSeconds, peakRssMb: m.peakRssMb });

/** `airlock init`, `req import` (timed, reported apart), then each task's command where this build has it. */
function runCli(csv) {
  const p = cliProject('req');
  const { cli, project, airlock } = p;
  try {
    if (p.initError) return { skipped: p.initError };
    const imp = measure(airlock('req', 'import', csv, '--project', project, '--json'), p.spawn);
    if (imp.status !== 0) return { skipped: `airlock req import failed: ${failureReason(imp.stderr)}` };
    const out = { import: { ...figures(imp), summary: JSON.parse(imp.stdout) } };
    for (const task of TASKS) {
      const help = spawnSync(process.execPath, [cli, 'req', task, '--help'], { ...p.spawn, encoding: 'utf8' });
      // commander answers an unknown subcommand's --help with the parent's help: look for the command's own usage line
      if (help.status !== 0 || !help.stdout.includes(`req ${task}`)) {
        out[task] = { skipped: `this build has no \`airlock req ${task}\`` };
        continue;
      }
      const m = measure(airlock('req', task, '--project', project, '--json'), p.spawn);
      out[task] = m.status === 0 ? { ...figures(m), answer: JSON.parse(m.stdout) } : { skipped: `airlock req ${task} failed: ${failureReason(m.stderr)}` };
    }
    return out;
  } finally {
    p.dispose();
  }
}

/** One task in its own process through bench/requirements/in-process.ts (or classify.ts), so its peak RSS is its own. */
function runInProcess(task, csv) {
  const script = path.join(root, 'bench', 'requirements', task === 'classify' ? 'classify-in-process.ts' : 'in-process.ts');
  if (!fs.existsSync(script)) return { skipped: `${path.relative(root, script)} is not in this tree` };
  const args = task === 'classify' ? [csv] : [task, csv];
  const m = measure([process.execPath, '--import', 'tsx', script, ...args], { cwd: root });
  if (m.status !== 0) return { skipped: `${task} in process failed: ${failureReason(m.stderr)}` };
  return { ...figures(m), ...JSON.parse(m.stdout) };
}

/** Lint rows [{id, ears, findings}] against the truth: planted vague phrases found, EARS forms recognised. */
function scoreLint(rows, truth) {
  const byId = new Map(truth.map((t) => [t.id, t]));
  let vague = 0;
  let vagueFound = 0;
  let earsAgree = 0;
  const earsConfusion = {};
  const rules = {};
  for (const r of rows) {
    const t = byId.get(r.id);
    for (const f of r.findings) rules[f.rule] = (rules[f.rule] ?? 0) + 1;
    if (t.vague !== '') {
      vague++;
      const phrase = t.vague.toLowerCase();
      if (r.findings.some((f) => VAGUE_RULES.has(f.rule) && phrase.includes(f.text.toLowerCase()))) vagueFound++;
    }
    const pattern = typeof r.ears === 'string' ? r.ears : r.ears.pattern;
    if (pattern === t.ears) earsAgree++;
    else earsConfusion[`${t.ears} -> ${pattern}`] = (earsConfusion[`${t.ears} -> ${pattern}`] ?? 0) + 1;
  }
  return { requirements: rows.length, withFindings: rows.filter((r) => r.findings.length > 0).length, rules, vaguePlanted: vague, vagueFound, earsAgreement: earsAgree / rows.length, earsConfusion };
}

/** Pairs [{a, b, relation, reason}] against the planted ones: recall per kind; every other pair is unintended by construction. */
function scorePairs(pairs, plan, truth) {
  const subject = new Map(truth.map((t) => [t.id, t.subject]));
  const found = new Map(pairs.map((p) => [`${p.a} ${p.b}`, p]));
  const recall = {};
  const missed = [];
  for (const p of plan.pairs) {
    const kind = `${p.relation} (${p.kind})`;
    recall[kind] ??= { planted: 0, found: 0 };
    recall[kind].planted++;
    const f = found.get(`${p.a} ${p.b}`);
    if (f?.relation === p.relation) recall[kind].found++;
    else if (missed.length < 20) missed.push({ ...p, foundAs: f?.relation ?? null });
  }
  const planted = new Set(plan.pairs.map((p) => `${p.a} ${p.b}`));
  const unplanned = pairs.filter((p) => !planted.has(`${p.a} ${p.b}`));
  const hits = Object.values(recall).reduce((s, r) => s + r.found, 0);
  return {
    found: pairs.length,
    byRelation: { duplicate: pairs.filter((p) => p.relation === 'duplicate').length, conflict: pairs.filter((p) => p.relation === 'conflict').length },
    recall,
    plantedFound: hits,
    planted: plan.pairs.length,
    precision: pairs.length === 0 ? null : hits / pairs.length,
    unplanned: unplanned.length,
    unplannedOtherSubject: unplanned.filter((p) => subject.get(p.a) !== subject.get(p.b)).length,
    unplannedReasons: tallyReasons(unplanned),
    unplannedExamples: unplanned.slice(0, 5),
    missedExamples: missed,
  };
}

function tallyReasons(pairs) {
  const out = {};
  for (const p of pairs) {
    const key = p.reason.replace(/"[^"]*"/g, '"…"').replace(/\(cosine [\d.]+\)/, '(cosine …)');
    out[key] = (out[key] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(out).sort((x, y) => y[1] - x[1]).slice(0, 12));
}

/** Classifications [{id, class}] against the generated classes: accuracy and macro F1 over the classes present. */
function scoreClasses(rows, truth) {
  const byId = new Map(truth.map((t) => [t.id, t.class]));
  const classes = [...new Set(truth.map((t) => t.class))].sort();
  const tp = {};
  const predicted = {};
  const actual = {};
  let correct = 0;
  for (const r of rows) {
    const t = byId.get(r.id);
    actual[t] = (actual[t] ?? 0) + 1;
    predicted[r.class] = (predicted[r.class] ?? 0) + 1;
    if (r.class === t) (correct++, (tp[t] = (tp[t] ?? 0) + 1));
  }
  const f1 = Object.fromEntries(classes.map((c) => {
    const p = predicted[c] ? (tp[c] ?? 0) / predicted[c] : 0;
    const r = actual[c] ? (tp[c] ?? 0) / actual[c] : 0;
    return [c, p + r === 0 ? 0 : (2 * p * r) / (p + r)];
  }));
  return { requirements: rows.length, accuracy: correct / rows.length, f1Macro: classes.reduce((s, c) => s + f1[c], 0) / classes.length, f1 };
}

function printTable(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  '));
}

const fmt = (r) => (r.skipped ? ['skipped', '', ''] : [r.seconds.toFixed(2), r.cpuSeconds.toFixed(2), r.peakRssMb.toFixed(0)]);

/** PROMISE NFR through promise.ts in its own process; its summary lines come on stderr, its figures as JSON on stdout. */
function runPromise(how) {
  const script = path.join(root, 'bench', 'requirements', 'promise.ts');
  if (!fs.existsSync(script)) {
    console.log(`PROMISE skipped: ${path.relative(root, script)} is not in this tree`);
    return;
  }
  const loadBefore = loadBeforeRun();
  const m = measure([process.execPath, '--import', 'tsx', script], { cwd: root });
  process.stderr.write(m.stderr);
  if (m.status !== 0) throw new Error(`the PROMISE figures failed: ${failureReason(m.stderr)}`);
  const figures = JSON.parse(m.stdout);
  if (figures.skipped) {
    console.log(`PROMISE skipped: ${figures.skipped}`);
    return;
  }
  writeResult(root, 'requirements', 'promise', {
    bench: 'requirements-promise',
    at: new Date().toISOString(),
    machine: machineInfo(loadBefore),
    measuredWith: describeMeasurer(how),
    run: { seconds: m.seconds, cpuSeconds: m.cpuSeconds, peakRssMb: m.peakRssMb },
    ...figures,
    reference: { NoRBERT: 'Hey, Keim, Koziolek, Tichy: "NoRBERT: Transfer Learning for Requirements Classification", RE 2020: F vs NFR F1 0.90-0.94 on PROMISE NFR' },
  });
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const how = measurer();
  if (!how) throw new Error(describeMeasurer(null));
  if (options.scale) runScale(how, options);
  if (options.promise) runPromise(how);
}

function runScale(how, { count, label }) {
  const loadBefore = loadBeforeRun();
  const dir = ensureData(count);
  const csv = path.join(dir, 'requirements.csv');
  const plan = JSON.parse(fs.readFileSync(path.join(dir, 'plan.json'), 'utf8'));
  const truth = JSON.parse(fs.readFileSync(path.join(dir, 'truth.json'), 'utf8'));
  console.log(`requirements bench (${label}): ${path.relative(root, dir)}, ${count.toLocaleString('en')} requirements, ${plan.pairs.length} planted pairs`);

  const cli = runCli(csv);
  const inProcess = Object.fromEntries(TASKS.map((t) => [t, runInProcess(t, csv)]));
  const table = [['task', 'CLI wall s', 'CLI CPU s', 'CLI peak RSS MB', 'in-process wall s', 'CPU s', 'peak RSS MB', 'task alone s']];
  if (!cli.skipped) table.push(['import (not judged)', ...fmt(cli.import), '', '', '', '']);
  for (const t of TASKS) table.push([t, ...fmt(cli.skipped ? cli : cli[t]), ...fmt(inProcess[t]), inProcess[t].skipped ? '' : inProcess[t].taskSeconds.toFixed(2)]);
  printTable(table);
  for (const [side, results] of [['CLI', cli.skipped ? { all: cli } : cli], ['in process', inProcess]]) {
    for (const [t, r] of Object.entries(results)) if (r.skipped) console.log(`${side} ${t} skipped: ${r.skipped}`);
  }

  // answers are scored from the CLI where it ran, else from the in-process run (the same functions)
  const answer = (t, pick) => (!cli.skipped && cli[t] && !cli[t].skipped ? pick(cli[t].answer, 'cli') : inProcess[t].skipped ? null : pick(inProcess[t], 'in-process'));
  const scores = {
    lint: answer('lint', (a, from) => ({ from, ...scoreLint(from === 'cli' ? a : a.rows, truth) })),
    pairs: answer('pairs', (a, from) => ({ from, ...scorePairs(from === 'cli' ? a : a.pairs, plan, truth) })),
    classify: answer('classify', (a, from) => ({ from, ...scoreClasses(from === 'cli' ? a : a.rows, truth) })),
  };
  const lintLatency = inProcess.lint.skipped ? null : inProcess.lint.perRequirementMs;
  if (lintLatency) console.log(`lint per requirement: mean ${lintLatency.mean.toFixed(3)} ms, p50 ${lintLatency.p50.toFixed(3)} ms, p99 ${lintLatency.p99.toFixed(3)} ms, max ${lintLatency.max.toFixed(1)} ms (first call ${lintLatency.first.toFixed(1)} ms)`);
  if (scores.lint) console.log(`lint (${scores.lint.from}): planted vague phrases found ${scores.lint.vagueFound}/${scores.lint.vaguePlanted}; EARS form agrees on ${(100 * scores.lint.earsAgreement).toFixed(1)} %`);
  if (scores.pairs) {
    const s = scores.pairs;
    console.log(`pairs (${s.from}): ${s.found} found (${s.byRelation.duplicate} duplicates, ${s.byRelation.conflict} conflicts); planted found ${s.plantedFound}/${s.planted}; ${s.unplanned} unplanned (${s.unplannedOtherSubject} between different subjects)`);
    for (const [kind, r] of Object.entries(s.recall)) console.log(`  ${kind}: ${r.found}/${r.planted}`);
  }
  if (scores.classify) console.log(`classify (${scores.classify.from}): accuracy ${(100 * scores.classify.accuracy).toFixed(1)} % against the generator's classes, macro F1 ${scores.classify.f1Macro.toFixed(3)}`);

  const judged = (t) => (!cli.skipped && cli[t] && !cli[t].skipped ? cli[t] : inProcess[t].skipped ? null : inProcess[t]);
  const missed = [];
  const classify = judged('classify');
  const pairs = judged('pairs');
  if (!classify) missed.push('classify not measured');
  else if (classify.seconds > GOAL.classifySeconds) missed.push(`classify ${classify.seconds.toFixed(1)} s (goal < ${GOAL.classifySeconds} s)`);
  if (!pairs) missed.push('pairs not measured');
  else if (pairs.seconds > GOAL.pairsSeconds) missed.push(`pairs ${pairs.seconds.toFixed(1)} s (goal < ${GOAL.pairsSeconds} s)`);
  if (!lintLatency) missed.push('lint not measured');
  else if (lintLatency.p99 > GOAL.lintP99Ms) missed.push(`lint p99 ${lintLatency.p99.toFixed(1)} ms (goal < ${GOAL.lintP99Ms} ms)`);
  const verdict = missed.length === 0 ? 'goal met' : `GOAL MISSED: ${missed.join('; ')}`;
  console.log(verdict);

  // the answers themselves are large (20,000 rows); the result keeps the figures and the scores
  const strip = (r) => (r && !r.skipped ? Object.fromEntries(Object.entries(r).filter(([k]) => !['answer', 'rows', 'pairs'].includes(k))) : r);
  writeResult(root, 'requirements', label, {
    bench: 'requirements',
    label,
    at: new Date().toISOString(),
    machine: machineInfo(loadBefore),
    measuredWith: describeMeasurer(how),
    data: { dir: path.relative(root, dir), count, seed: SEED, classes: plan.classes, documents: plan.documents, ears: plan.ears, vague: plan.vague, planted: plan.planted },
    cli: cli.skipped ? cli : Object.fromEntries(Object.entries(cli).map(([k, v]) => [k, strip(v)])),
    inProcess: Object.fromEntries(Object.entries(inProcess).map(([k, v]) => [k, strip(v)])),
    lintPerRequirementMs: lintLatency,
    scores,
    goal: GOAL,
    verdict,
  });
}

main();
