#!/usr/bin/env node
// Suggested links benchmark: how many of the links a project already has the suggester finds again when they are held
// out, as precision@5 and recall@5, on
//   (a) the real ReqIF files in ../shared/data/reqif that carry SPEC-RELATIONs, imported into a real project: each
//       relation is a requirement -> requirement truth; each requirement is asked in turn with its own relations held
//       out (the others kept), and a suggestion counts when it names a related requirement either way round;
//   (b) a generated project (real store: requirements imported from a CSV with levels, datasets imported from CSVs,
//       links made through links-service) with planted links: refines up the levels and trained-on a dataset; 5 folds,
//       each holding out a fifth of the links while the rest stay (excluded from the answers, and teaching their targets).
// Peers in the same run: a random ranking over the same candidates (its expected figures), and the suggester without
// what the kept links teach (links only excluded). Also the latency of one trace.suggest call on the generated project
// and on the requirements benchmark's 20,000 requirements.
// Usage: node bench/trace/suggest-precision.mjs [--quick]   (--quick: a smaller generated project)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import { loadBeforeRun } from '../lib/measure.mjs';
import { machineInfo, writeResult } from '../lib/results.mjs';

register();
const root = fileURLToPath(new URL('../..', import.meta.url));
const src = (p) => import(path.join(root, 'src', 'main', p));
const { ProjectStore } = await src('store/project-store.ts');
const { RequirementsRepo } = await src('store/requirements-repo.ts');
const { TraceLinksRepo } = await src('store/trace-links-repo.ts');
const { importRequirements } = await src('requirements/store/import-requirements.ts');
const { importDataset } = await src('datasets/import-dataset.ts');
const { quietProgress } = await src('datasets/test-project.ts');
const { linkRequirement } = await src('trace/links/links-service.ts');
const { LinkSuggester } = await src('trace/suggest/rank-suggestions.ts');
const { artifactCandidates, requirementCandidates } = await src('trace/suggest/suggestion-candidates.ts');
const { suggestLinks } = await src('trace/suggest/suggest-service.ts');
// the training splits' seeded generator, so every run plants the same project
const { mulberry32: rng } = await src('training/splits.ts');

const K = 5;
const SEED = 20261128;
const REQIF_DIR = path.join(root, '..', 'shared', 'data', 'reqif');
const quick = process.argv.includes('--quick');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-bench-suggest-'));
const newProject = (name) => ProjectStore.create(path.join(work, name), { appVersion: 'bench', actor: 'bench@lab' });
const key = (t) => `${t.kind}:${t.id}`;
const mean = (xs) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
const round = (x) => (x === null ? null : Math.round(x * 1000) / 1000);

/** Macro averages over the questions asked: each question is one requirement with its held-out truth. */
function score(questions) {
  return {
    questions: questions.length,
    truths: questions.reduce((n, q) => n + q.truth, 0),
    precisionAt5: round(mean(questions.map((q) => q.hits / K))),
    recallAt5: round(mean(questions.map((q) => q.hits / q.truth))),
    /** share of questions with at least one held-out link in the top 5 */
    hitRateAt5: round(mean(questions.map((q) => q.hitProbability ?? (q.hits > 0 ? 1 : 0)))),
    /** the best precision@5 any ranking could reach: a question with fewer than 5 truths cannot fill 5 places */
    ceilingPrecisionAt5: round(mean(questions.map((q) => Math.min(K, q.truth) / K))),
  };
}

/** The chance that 5 random picks out of n candidates miss all t truths, taken from 1. */
function randomHitProbability(n, t) {
  let miss = 1;
  for (let i = 0; i < Math.min(K, n); i++) miss *= Math.max(0, n - t - i) / (n - i);
  return 1 - miss;
}

/** A random ranking's expected figures over the same candidates: each of the 5 picks hits with probability truth/candidates. */
function randomPeer(questions) {
  return score(
    questions.map((q) => ({
      truth: q.truth,
      hits: q.candidates === 0 ? 0 : (Math.min(K, q.candidates) * q.truth) / q.candidates,
      hitProbability: q.candidates === 0 ? 0 : randomHitProbability(q.candidates, q.truth),
    })),
  );
}

// ---- (a) the real ReqIF files ----------------------------------------------------------------------------------------

async function realFiles() {
  if (!fs.existsSync(REQIF_DIR)) return { skipped: `${REQIF_DIR} is not here` };
  const files = fs.readdirSync(REQIF_DIR).filter((f) => /\.reqifz?$/.test(f)).sort();
  const perFile = [];
  const all = [];
  for (const file of files) {
    const store = newProject(file.replace(/\W/g, '-'));
    try {
      await importRequirements(store, path.join(REQIF_DIR, file));
      const repo = new RequirementsRepo(store.db);
      const relations = [...new Set(repo.documents().map((d) => d.source_id))].flatMap((s) => repo.relations(s));
      if (relations.length === 0) continue;
      const requirements = requirementCandidates(store);
      const known = new Set(requirements.map((r) => r.id));
      const pairs = relations.filter((r) => known.has(r.source) && known.has(r.target) && r.source !== r.target);
      const related = new Map();
      for (const r of pairs) {
        for (const [a, b] of [[r.source, r.target], [r.target, r.source]]) related.set(a, new Set([...(related.get(a) ?? []), b]));
      }
      const questions = [];
      for (const [id, truth] of related) {
        // the other relations stay, as links the project has: they are left out of the answers
        const kept = pairs.filter((r) => r.source !== id && r.target !== id).map((r) => ({ requirement: r.source, target: { kind: 'requirement', id: r.target }, type: 'derived-from' }));
        const suggester = new LinkSuggester({ requirements, artifacts: [], links: kept, rejected: [] });
        const top = suggester.suggest(id, K);
        const offered = suggester.suggest(id, 100_000);
        questions.push({ truth: truth.size, hits: top.filter((s) => truth.has(s.target.id)).length, candidates: requirements.length - 1, offered: offered.length, reachable: offered.filter((s) => truth.has(s.target.id)).length });
      }
      perFile.push({
        file,
        requirements: requirements.length,
        relations: relations.length,
        documents: repo.documents().length,
        ...score(questions),
        /** held-out relations the suggester offers at any rank (its level and document rules allow them, and they share a term) */
        reachable: questions.reduce((n, q) => n + q.reachable, 0),
        random: randomPeer(questions),
      });
      all.push(...questions);
    } finally {
      store.close();
    }
  }
  return { files: perFile, overall: score(all), random: randomPeer(all) };
}

/**
 * The median and slowest of `calls` trace.suggest calls as the window makes them (each reads the project, builds the
 * index and ranks), on requirements `stride` apart in `ids`, in ms.
 */
function timeSuggestCalls(store, ids, calls, stride) {
  const times = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    suggestLinks(store, ids[(i * stride) % ids.length], 10);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: round(times[Math.floor(times.length / 2)]), max: round(times.at(-1)) };
}

// ---- (b) the generated project -----------------------------------------------------------------------------------------

/**
 * Domains of a lab's projects: the system's subject, words its requirements use, and datasets (name and columns). Two
 * datasets of a domain share columns, and every dataset has the generic ones, so the right one must be told apart.
 */
const DOMAINS = [
  { subject: 'coolant pump', words: ['flow', 'pressure', 'cavitation', 'impeller', 'coolant'], datasets: { pump_vibration: ['impeller_speed', 'vibration_rms', 'bearing_temp'], pump_hydraulics: ['flow_rate', 'inlet_pressure', 'impeller_speed'] } },
  { subject: 'battery pack', words: ['charge', 'cell', 'voltage', 'thermal', 'battery'], datasets: { cell_cycling: ['cell_voltage', 'pack_current', 'cycle_count'], pack_thermal: ['cell_temp', 'coolant_flow', 'pack_current'] } },
  { subject: 'brake controller', words: ['brake', 'wheel', 'slip', 'deceleration', 'stopping'], datasets: { wheel_slip: ['wheel_speed', 'slip_ratio', 'brake_pressure'], pedal_feel: ['pedal_force', 'brake_pressure', 'decel_rate'] } },
  { subject: 'front camera', words: ['camera', 'pedestrian', 'lane', 'detection', 'image'], datasets: { pedestrian_frames: ['bbox_width', 'bbox_height', 'occlusion'], lane_frames: ['lane_curvature', 'marking_type', 'occlusion'] } },
  { subject: 'grid dispatcher', words: ['load', 'frequency', 'substation', 'outage', 'feeder'], datasets: { feeder_load: ['load_mw', 'feeder_id', 'peak_hour'], outage_log: ['outage_minutes', 'feeder_id', 'storm_flag'] } },
  { subject: 'sepsis screen', words: ['patient', 'sepsis', 'vital', 'triage', 'clinician'], datasets: { icu_vitals: ['heart_rate', 'blood_pressure', 'lactate'], triage_notes: ['acuity_level', 'arrival_mode', 'heart_rate'] } },
  { subject: 'payment screen', words: ['transaction', 'fraud', 'card', 'merchant', 'payment'], datasets: { card_transactions: ['amount', 'merchant_category', 'card_present'], chargebacks: ['dispute_reason', 'amount', 'merchant_category'] } },
  { subject: 'building controller', words: ['building', 'occupancy', 'ventilation', 'comfort', 'room'], datasets: { room_climate: ['room_temp', 'co2_ppm', 'damper_position'], occupancy_counts: ['occupancy_count', 'badge_events', 'room_temp'] } },
];
const GENERIC_COLUMNS = ['timestamp', 'site_id', 'temperature', 'label'];
const LEVEL_DOCUMENTS = { system: 'System requirements', software: 'Software requirements', 'ml-component': 'ML component requirements' };
const SYSTEM_VERBS = ['shall detect', 'shall warn about', 'shall keep track of', 'shall report', 'shall limit'];
const SOFTWARE_VERBS = ['shall compute', 'shall log', 'shall display', 'shall send', 'shall check'];
const ML_STEMS = ['The classifier shall be trained on', 'The model shall learn from', 'The estimator shall be fitted to', 'The detector shall use'];
const FILLER = ['within 2 s', 'at least once per minute', 'for every operator', 'under normal load', 'with a recall of at least 0.9', 'during maintenance'];

const pick = (r, xs) => xs[Math.floor(r() * xs.length)];
const words = (column) => column.replace(/_/g, ' ');

function generate(scale) {
  const r = rng(SEED);
  const requirements = [];
  const planted = [];
  for (const [d, domain] of DOMAINS.entries()) {
    const datasetNames = Object.keys(domain.datasets);
    for (let s = 0; s < scale.system; s++) {
      const sys = `SYS-${d + 1}${s + 1}`;
      const focus = pick(r, domain.words);
      requirements.push({ id: sys, level: 'system', title: `${domain.subject} ${focus}`, text: `The ${domain.subject} ${pick(r, SYSTEM_VERBS)} ${focus} ${pick(r, domain.words)} events ${pick(r, FILLER)}.` });
      for (let w = 0; w < scale.software; w++) {
        const sw = `SW-${d + 1}${s + 1}${w + 1}`;
        requirements.push({ id: sw, level: 'software', title: `${focus} service`, text: `The ${focus} service ${pick(r, SOFTWARE_VERBS)} the ${pick(r, domain.words)} state ${pick(r, FILLER)}.` });
        planted.push({ requirement: sw, target: { kind: 'requirement', id: sys }, type: 'refines' });
        const mlCount = r() < 0.5 ? 1 : 2;
        for (let m = 0; m < mlCount; m++) {
          const ml = `ML-${d + 1}${s + 1}${w + 1}${m + 1}`;
          const dataset = pick(r, datasetNames);
          const columns = domain.datasets[dataset];
          // how much the requirement says of its data: the dataset's name, some columns, or only its domain's words
          const roll = r();
          const says = roll < 0.3 ? `the ${words(dataset)} data` : roll < 0.7 ? `${words(pick(r, columns))} and ${words(pick(r, columns))} readings` : `${pick(r, domain.words)} history`;
          requirements.push({ id: ml, level: 'ml-component', title: `${focus} model`, text: `${pick(r, ML_STEMS)} ${says} ${pick(r, FILLER)}.` });
          planted.push({ requirement: ml, target: { kind: 'requirement', id: sw }, type: 'refines' });
          planted.push({ requirement: ml, target: { kind: 'dataset_version', id: `${dataset}@1` }, type: 'trained-on' });
        }
      }
    }
  }
  return { requirements, planted, datasets: DOMAINS.flatMap((d) => Object.entries(d.datasets)) };
}

const csvCell = (v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

async function generatedProject() {
  const scale = quick ? { system: 2, software: 2 } : { system: 3, software: 3 };
  const { requirements, planted, datasets } = generate(scale);
  const store = newProject('generated');
  try {
    const reqCsv = path.join(work, 'generated-requirements.csv');
    // one flat document per level, as specifications are kept: the document hierarchy gives nothing away
    fs.writeFileSync(reqCsv, `id,document,level,title,text\n${requirements.map((q) => [q.id, LEVEL_DOCUMENTS[q.level], q.level, q.title, q.text].map(csvCell).join(',')).join('\n')}\n`);
    await importRequirements(store, reqCsv);
    const r = rng(SEED + 1);
    for (const [name, columns] of datasets) {
      const all = [...columns, ...GENERIC_COLUMNS];
      const file = path.join(work, `${name}.csv`);
      fs.writeFileSync(file, `${all.join(',')}\n${Array.from({ length: 30 }, () => all.map(() => (r() * 100).toFixed(2)).join(',')).join('\n')}\n`);
      await importDataset(store, { path: file, fileName: `${name}.csv`, name }, quietProgress());
    }
    for (const l of planted) linkRequirement(store, { ...l, origin: 'manual' });

    const candidates = { requirements: requirementCandidates(store), artifacts: artifactCandidates(store) };
    const live = new TraceLinksRepo(store.db).live();
    // link ids are random: the folds follow the links' ends, so every run holds out the same ones
    const byEnds = [...live].sort((a, b) => `${a.requirement} ${key(a.target)}`.localeCompare(`${b.requirement} ${key(b.target)}`));
    const order = byEnds.map((l, i) => ({ l, k: rng(SEED + 2 + i)() })).sort((a, b) => a.k - b.k).map((x) => x.l);
    const taught = [];
    const untaught = [];
    const byKind = { requirement: [], dataset_version: [] };
    for (let fold = 0; fold < 5; fold++) {
      const hidden = order.filter((_, i) => i % 5 === fold);
      const kept = order.filter((_, i) => i % 5 !== fold);
      const keptKeys = new Set(kept.map((l) => `${l.requirement} ${key(l.target)}`));
      const withLinks = new LinkSuggester({ ...candidates, links: kept, rejected: [] });
      const withoutTeaching = new LinkSuggester({ ...candidates, links: [], rejected: [] });
      const byRequirement = new Map();
      for (const l of hidden) byRequirement.set(l.requirement, [...(byRequirement.get(l.requirement) ?? []), l]);
      for (const [id, truth] of byRequirement) {
        const truthKeys = new Set(truth.map((l) => key(l.target)));
        // a parent is offered as a forward `refines`: the same link the planted one is
        const hitsOf = (list) => list.filter((s) => !s.reverse && truthKeys.has(key(s.target))).length;
        const candidatesCount = candidates.requirements.length - 1 + candidates.artifacts.length;
        taught.push({ truth: truth.length, hits: hitsOf(withLinks.suggest(id, K)), candidates: candidatesCount });
        // the same suggester without teaching: the kept links are only left out of its answers
        const plain = withoutTeaching.suggest(id, 100_000).filter((s) => !keptKeys.has(`${id} ${key(s.target)}`)).slice(0, K);
        untaught.push({ truth: truth.length, hits: hitsOf(plain), candidates: candidatesCount });
        for (const l of truth) {
          const top = withLinks.suggest(id, K);
          byKind[l.target.kind].push({ truth: 1, hits: top.some((s) => !s.reverse && key(s.target) === key(l.target)) ? 1 : 0, candidates: candidatesCount });
        }
      }
    }
    const suggestCallMs = timeSuggestCalls(store, candidates.requirements.map((q) => q.id), 20, 7);
    return {
      requirements: requirements.length,
      datasets: datasets.length,
      links: live.length,
      suggester: score(taught),
      withoutTeaching: score(untaught),
      random: randomPeer(taught),
      /** recall@5 of each held-out link by the kind of its target */
      byTargetKind: Object.fromEntries(Object.entries(byKind).map(([k, qs]) => [k, { links: qs.length, recallAt5: round(mean(qs.map((q) => q.hits))) }])),
      suggestCallMs,
    };
  } finally {
    store.close();
  }
}

// ---- latency at scale ------------------------------------------------------------------------------------------------

/** One trace.suggest call on the requirements benchmark's 20,000 generated requirements (made by bench/requirements/run.mjs). */
async function atScale() {
  const csv = path.join(root, 'bench', 'data', 'requirements-20000-seed20240108', 'requirements.csv');
  if (!fs.existsSync(csv)) return { skipped: `${path.relative(root, csv)} is not here: node bench/requirements/run.mjs --only scale makes it` };
  const store = newProject('scale');
  try {
    await importRequirements(store, csv);
    const ids = requirementCandidates(store).map((q) => q.id);
    return { requirements: ids.length, suggestCallMs: timeSuggestCalls(store, ids, 7, 2861) };
  } finally {
    store.close();
  }
}

const loadBefore = loadBeforeRun();
const started = performance.now();
const real = await realFiles();
const generated = await generatedProject();
const scale = quick ? { skipped: '--quick' } : await atScale();
// one process measures itself: ru_maxrss of this process, the kernel figure GNU time's %M reports for the others
const peakRssMb = round(process.resourceUsage().maxRSS / 1024);
const result = { bench: 'trace-suggest', at: new Date().toISOString(), machine: machineInfo(loadBefore), seconds: round((performance.now() - started) / 1000), peakRssMb, k: K, real, generated, scale };
console.log(JSON.stringify({ real: real.overall ?? real, realRandom: real.random, generated: { suggester: generated.suggester, withoutTeaching: generated.withoutTeaching, random: generated.random, byTargetKind: generated.byTargetKind, suggestCallMs: generated.suggestCallMs }, scale }, null, 2));
writeResult(root, 'trace-suggest', quick ? 'quick' : 'full', result);
fs.rmSync(work, { recursive: true, force: true });
