// PROMISE NFR figures for the requirement classifier: (a) the default classifier on PROMISE without training on it,
// (b) 10-fold stratified cross-validation trained on PROMISE, (c) leave-one-project-out; each scored per PROMISE class
// and as F vs NFR, beside scikit-learn 1.2 (TF-IDF + logistic regression on the same rows and folds) as the peer.
// Prints one JSON document (run.mjs measures it and writes the result file; `{"skipped": why}` without the data).
// Usage: node --import tsx bench/requirements/promise.ts [promise_nfr.csv]   (default ../shared/data/requirements/)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { trainRequest } from '../../src/shared/experiment-requests';
import { resolveParams } from '../../src/shared/model-catalog';
import type { RequirementClass } from '../../src/shared/requirements-classes';
import { classifyTexts } from '../../src/main/requirements/classify/classify-texts';
import { DEFAULT_CLASSIFIER_ONNX } from '../../src/main/requirements/classify/default-classifier';
import { defaultLabelledSet, type LabelledText } from '../../src/main/requirements/classify/labelled-set';
import { shippedResource } from '../../src/main/requirements/classify/shipped-resources';
import { classifierRequest, frameColumns, trainingFrame } from '../../src/main/requirements/classify/train-classifier';
import { parseCsvStrict } from '../../src/main/requirements/csv-strict';
import { runPipeline, type PipelineHooks } from '../../src/main/experiments/train-pipeline';
import { kFold } from '../../src/main/training/splits';
import type { TrainedModel } from '../../src/main/training/model-types';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PYTHON = '/usr/bin/python3';
const SEED = 42;
const FOLDS = 10;

/** PROMISE's classes and ours: twelve map one to one; legal and regulatory compliance are both PROMISE's L (legal and licensing). */
const PROMISE_OF: Record<RequirementClass, string | null> = {
  functional: 'F',
  availability: 'A',
  'fault-tolerance': 'FT',
  legal: 'L',
  'regulatory-compliance': 'L',
  'look-and-feel': 'LF',
  maintainability: 'MN',
  operational: 'O',
  performance: 'PE',
  portability: 'PO',
  scalability: 'SC',
  security: 'SE',
  usability: 'US',
  // PROMISE has no safety class: a safety verdict is wrong for every PROMISE class, but it is an NFR
  safety: null,
};
const OURS_OF: Record<string, RequirementClass> = {
  F: 'functional',
  A: 'availability',
  FT: 'fault-tolerance',
  L: 'legal',
  LF: 'look-and-feel',
  MN: 'maintainability',
  O: 'operational',
  PE: 'performance',
  PO: 'portability',
  SC: 'scalability',
  SE: 'security',
  US: 'usability',
};
const PROMISE_CLASSES = Object.keys(OURS_OF);

interface PromiseRow {
  project: string;
  text: string;
  label: string;
}

function readPromise(file: string): PromiseRow[] {
  // the PROMISE file has CRLF line ends
  const [header, ...records] = parseCsvStrict(fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n'));
  const at = (name: string) => header.fields.indexOf(name);
  return records.map((r) => ({ project: r.fields[at('project')], text: r.fields[at('text')], label: r.fields[at('label')] }));
}

const hooks: PipelineHooks = { metric: () => undefined, checkCancelled: () => undefined, progress: () => undefined };

/**
 * The product's recipe (features, TF-IDF logistic regression, C, iterations) trained on every row it is given but the
 * pipeline's validation share, 5 % (its minimum): no test share and no inner cross-validation, as an outer fold needs.
 */
function fitAll(examples: readonly LabelledText[]): TrainedModel {
  const request = trainRequest.parse({ ...classifierRequest({ folds: 2, seed: SEED }), validation: 0.05, test: 0, cvFolds: undefined });
  return runPipeline(frameColumns(trainingFrame(examples)), request, resolveParams(request.model, request.params), hooks).model;
}

async function predict(model: TrainedModel | string, texts: readonly string[]): Promise<string[]> {
  const verdicts = await classifyTexts(model, texts);
  return verdicts.map((v) => PROMISE_OF[v.class] ?? 'safety');
}

/** Out-of-fold predictions: each fold trained on the others, classified through onnxruntime. */
async function crossPredict(rows: readonly PromiseRow[], folds: ReadonlyArray<{ train: Int32Array; test: Int32Array }>): Promise<string[]> {
  const out = new Array<string>(rows.length);
  for (const fold of folds) {
    const model = fitAll(Array.from(fold.train, (i) => ({ text: rows[i].text, label: OURS_OF[rows[i].label] })));
    const predicted = await predict(model, Array.from(fold.test, (i) => rows[i].text));
    fold.test.forEach((i, k) => (out[i] = predicted[k]));
  }
  return out;
}

interface ClassFigures {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

function figures(truth: readonly string[], predicted: readonly string[], positive: (label: string) => boolean): ClassFigures {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  truth.forEach((t, i) => {
    const p = positive(predicted[i]);
    if (positive(t)) p ? tp++ : fn++;
    else if (p) fp++;
  });
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall), support: tp + fn };
}

/** Per PROMISE class, macro and support-weighted F1 over the classes present, accuracy, and F vs NFR both ways. */
function score(truth: readonly string[], predicted: readonly string[]) {
  const perClass = Object.fromEntries(PROMISE_CLASSES.map((c) => [c, figures(truth, predicted, (l) => l === c)]));
  const present = PROMISE_CLASSES.filter((c) => perClass[c].support > 0);
  const total = present.reduce((s, c) => s + perClass[c].support, 0);
  return {
    accuracy: truth.filter((t, i) => t === predicted[i]).length / truth.length,
    f1Macro: present.reduce((s, c) => s + perClass[c].f1, 0) / present.length,
    f1Weighted: present.reduce((s, c) => s + perClass[c].f1 * perClass[c].support, 0) / total,
    functional: figures(truth, predicted, (l) => l === 'F'),
    nonFunctional: figures(truth, predicted, (l) => l !== 'F'),
    nfrOnly: nfrOnly(truth, predicted),
    perClass,
  };
}

/** Among the non-functional requirements only, as NoRBERT's NFR-subclass task: accuracy and macro F1 over the NFR classes. */
function nfrOnly(truth: readonly string[], predicted: readonly string[]) {
  const keep = truth.flatMap((t, i) => (t === 'F' ? [] : [i]));
  const t = keep.map((i) => truth[i]);
  const p = keep.map((i) => predicted[i]);
  const classes = PROMISE_CLASSES.filter((c) => c !== 'F' && t.includes(c));
  return { rows: keep.length, accuracy: t.filter((x, i) => x === p[i]).length / t.length, f1Macro: classes.reduce((s, c) => s + figures(t, p, (l) => l === c).f1, 0) / classes.length };
}

const SCHEMES = ['default', 'tenFold', 'leaveOneProjectOut'] as const;
type Scheme = (typeof SCHEMES)[number];
type Scores = ReturnType<typeof score>;

/** The peer on the same rows and folds, or why it did not run. */
type Reference = Record<Scheme, Record<string, ClassFigures>>;

function runPeer(rows: readonly PromiseRow[], defaultSet: readonly LabelledText[], folds: Record<string, number[][]>): { predictions: Record<Scheme, string[]>; reference: Reference; seconds: number } | { skipped: string } {
  const probe = spawnSync(PYTHON, ['-c', 'import sklearn'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return { skipped: `scikit-learn is not installed for ${PYTHON}: sudo apt-get install -y python3-sklearn` };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-bench-promise-'));
  try {
    const input = path.join(dir, 'input.json');
    fs.writeFileSync(input, JSON.stringify({ texts: rows.map((r) => r.text), labels: rows.map((r) => r.label), defaultTexts: defaultSet.map((e) => e.text), defaultLabels: defaultSet.map((e) => PROMISE_OF[e.label] ?? 'safety'), folds }));
    const t = performance.now();
    const res = spawnSync(PYTHON, [path.join(root, 'bench', 'requirements', 'sklearn_promise.py'), input], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (res.status !== 0) return { skipped: `the scikit-learn peer failed: ${res.stderr.trim().split('\n').at(-1)}` };
    const { predictions, reference } = JSON.parse(res.stdout) as { predictions: Record<Scheme, string[]>; reference: Reference };
    return { predictions, reference, seconds: (performance.now() - t) / 1000 };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The largest difference between our scorer's precision, recall and F1 of the peer's predictions and
 * scikit-learn's own (precision_recall_fscore_support) of the same predictions: the two must agree to rounding.
 */
function scorerCheck(ours: Record<Scheme, Scores>, reference: Reference): number {
  let worst = 0;
  for (const scheme of SCHEMES) {
    const s = ours[scheme];
    const mine: Record<string, ClassFigures> = { ...s.perClass, binary_F: s.functional, binary_NFR: s.nonFunctional };
    for (const [name, ref] of Object.entries(reference[scheme])) {
      for (const k of ['precision', 'recall', 'f1', 'support'] as const) worst = Math.max(worst, Math.abs(mine[name][k] - ref[k]));
    }
  }
  return worst;
}

function line(name: string, s: Scores): string {
  return `${name.padEnd(34)} acc ${(100 * s.accuracy).toFixed(1).padStart(5)} %  macro F1 ${s.f1Macro.toFixed(3)}  F vs NFR: F ${s.functional.f1.toFixed(3)} NFR ${s.nonFunctional.f1.toFixed(3)}  NFR classes macro F1 ${s.nfrOnly.f1Macro.toFixed(3)}`;
}

async function main(): Promise<void> {
  const file = process.argv[2] ?? path.join(root, '..', 'shared', 'data', 'requirements', 'promise_nfr.csv');
  if (!fs.existsSync(file)) {
    process.stdout.write(JSON.stringify({ skipped: `${file} is absent (see ../shared/data/README.md)` }));
    return;
  }
  const rows = readPromise(file);
  const truth = rows.map((r) => r.label);
  const defaultSet = defaultLabelledSet();
  const labels = Int32Array.from(rows, (r) => PROMISE_CLASSES.indexOf(r.label));
  const stratified = kFold(rows.length, FOLDS, SEED, labels);
  const projects = [...new Set(rows.map((r) => r.project))].sort((a, b) => Number(a) - Number(b));
  const byProject = projects.map((p) => ({
    train: Int32Array.from(rows.flatMap((r, i) => (r.project === p ? [] : [i]))),
    test: Int32Array.from(rows.flatMap((r, i) => (r.project === p ? [i] : []))),
  }));
  console.error(`PROMISE NFR: ${rows.length} requirements, ${projects.length} projects; default set ${defaultSet.length} sentences`);

  const timed = async <T>(f: () => Promise<T>): Promise<{ value: T; seconds: number }> => {
    const t = performance.now();
    const value = await f();
    return { value, seconds: (performance.now() - t) / 1000 };
  };
  const shipped = shippedResource(DEFAULT_CLASSIFIER_ONNX);
  const a = await timed(() => predict(shipped, rows.map((r) => r.text)));
  const b = await timed(() => crossPredict(rows, stratified));
  const c = await timed(() => crossPredict(rows, byProject));
  const airlock = {
    default: { classifier: path.relative(root, shipped), seconds: a.seconds, ...score(truth, a.value) },
    tenFold: { seconds: b.seconds, ...score(truth, b.value) },
    leaveOneProjectOut: { seconds: c.seconds, ...score(truth, c.value), perProject: Object.fromEntries(projects.map((p, k) => [p, score(Array.from(byProject[k].test, (i) => truth[i]), Array.from(byProject[k].test, (i) => c.value[i])).accuracy])) },
  };
  const folds = { tenFold: stratified.map((f) => Array.from(f.test)), leaveOneProjectOut: byProject.map((f) => Array.from(f.test)) };
  const peerRun = runPeer(rows, defaultSet, folds);
  let peer: { skipped: string } | ({ seconds: number; scorerMaxDiffFromSklearn: number } & Record<Scheme, Scores>);
  if ('skipped' in peerRun) peer = peerRun;
  else {
    const scores = { default: score(truth, peerRun.predictions.default), tenFold: score(truth, peerRun.predictions.tenFold), leaveOneProjectOut: score(truth, peerRun.predictions.leaveOneProjectOut) };
    peer = { seconds: peerRun.seconds, scorerMaxDiffFromSklearn: scorerCheck(scores, peerRun.reference), ...scores };
  }

  // the summary goes to stderr, the JSON document to stdout
  console.error(line('(a) default, no PROMISE training', airlock.default));
  console.error(line('(b) 10-fold stratified', airlock.tenFold));
  console.error(line('(c) leave one project out', airlock.leaveOneProjectOut));
  if ('skipped' in peer) console.error(`peer skipped: ${peer.skipped}`);
  else {
    for (const k of SCHEMES) console.error(line(`scikit-learn ${k}`, peer[k]));
    console.error(`our scorer vs scikit-learn's precision_recall_fscore_support on the peer's predictions: largest difference ${peer.scorerMaxDiffFromSklearn.toExponential(1)}`);
  }

  process.stdout.write(
    JSON.stringify({
      data: { file: path.relative(root, file), rows: rows.length, projects: projects.length, classes: Object.fromEntries(PROMISE_CLASSES.map((k) => [k, truth.filter((t) => t === k).length])) },
      mapping: PROMISE_OF,
      seed: SEED,
      airlock,
      peer,
    }),
  );
}

await main();
