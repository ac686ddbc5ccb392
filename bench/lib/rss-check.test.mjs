// Unit tests of the peak-RSS regression check and the summary's reading of result files (pure functions, no bench run).
// Run: node --test bench/lib/   (plain Node: bench/lib is JavaScript the benches import without tsx)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addMissingBaselines, compareRss, peakRssFigures } from './rss-check.mjs';
import { goalVerdict, headlineRatios, peakRssBySide } from './summary.mjs';

const trainLike = {
  bench: 'train',
  goal: { maxPeakRssMb: 500 },
  sets: [
    { kind: 'tabular', airlock: { peakRssMb: 660.5 }, peers: { peakRssMb: 600 }, allRuns: { airlock: [{ peakRssMb: 700 }] } },
    { kind: 'text', airlock: { peakRssMb: 340 }, peers: { peakRssMb: 310 } },
  ],
  cli: { importPeakRssMb: 337.5, train: { gbdt: { peakRssMb: 765.2 } } },
  ratios: { peakRss: 1.1 },
};

test('finds every peak RSS figure by a path that names array elements, skipping goals, repeats and ratios', () => {
  assert.deepEqual(peakRssFigures(trainLike), {
    'sets.tabular.airlock.peakRssMb': 660.5,
    'sets.tabular.peers.peakRssMb': 600,
    'sets.text.airlock.peakRssMb': 340,
    'sets.text.peers.peakRssMb': 310,
    'cli.importPeakRssMb': 337.5,
    'cli.train.gbdt.peakRssMb': 765.2,
  });
});

test('flags a side more than 10 % above its baseline and passes one exactly 10 % above', () => {
  const rows = compareRss({ 'a.peakRssMb': 100, 'b.peakRssMb': 100 }, { 'a.peakRssMb': 110, 'b.peakRssMb': 110.5 });
  assert.deepEqual(
    rows.map((r) => [r.key, r.status]),
    [
      ['b.peakRssMb', 'regressed'],
      ['a.peakRssMb', 'ok'],
    ],
  );
  assert.equal(rows[0].ratio, 1.105);
});

test('reports a figure without a baseline as new and a baseline the run did not measure as not measured', () => {
  const rows = compareRss({ 'gone.peakRssMb': 200 }, { 'fresh.peakRssMb': 50 });
  assert.deepEqual(
    rows.map((r) => [r.key, r.status, r.mb, r.baselineMb]),
    [
      ['gone.peakRssMb', 'not measured', null, 200],
      ['fresh.peakRssMb', 'new', 50, null],
    ],
  );
});

test('a smaller peak RSS than the baseline is no regression', () => {
  assert.equal(compareRss({ 'a.peakRssMb': 500 }, { 'a.peakRssMb': 120 })[0].status, 'ok');
});

test('adding baselines fills in missing figures but never raises an existing one', () => {
  const next = addMissingBaselines({ 'train-quick': { 'sets.tabular.airlock.peakRssMb': 600 } }, { 'train-quick': trainLike, 'runs-quick': { bench: 'runs' } });
  assert.equal(next['train-quick']['sets.tabular.airlock.peakRssMb'], 600);
  assert.equal(next['train-quick']['cli.train.gbdt.peakRssMb'], 765.2);
  assert.equal(next['runs-quick'], undefined);
});

test('the summary takes the largest figure of each side, a figure at the top being the bench\'s own process', () => {
  assert.deepEqual(peakRssBySide(trainLike), { airlock: 660.5, peers: 600, cli: 765.2 });
  assert.deepEqual(peakRssBySide({ peakRssMb: 177 }), { airlock: 177 });
});

test('the summary reads time ratios but not CPU, memory or accuracy ones, and names them by their path', () => {
  const result = {
    ratios: { throughput: 0.5, cpu: 3, peakRss: 1 },
    results: [{ model: 'dense', ratio: 1.4 }],
    comparisons: [{ dataset: 'text', model: 'gbdt', peer: 'xgboost', timeRatio: 0.47, cpuRatio: 0.49, accuracyPoints: 0.4 }],
  };
  assert.deepEqual(headlineRatios(result), [
    { label: 'throughput', value: 0.5 },
    { label: 'dense', value: 1.4 },
    { label: 'text gbdt xgboost timeRatio', value: 0.47 },
  ]);
});

test('a verdict that misses anywhere is missed; a skipped side is not judged; a bench without a target has no goal', () => {
  assert.equal(goalVerdict({ comparisons: [{ verdict: 'goal met' }, { verdict: 'MISSED: time 2.03x' }] }), 'missed');
  assert.equal(goalVerdict({ verdict: 'not judged: a side was skipped' }), 'not judged');
  assert.equal(goalVerdict({ comparison: { verdict: 'goal met' } }), 'met');
  assert.equal(goalVerdict({ goal: 'issue 17: report the ratio (no target set for the MLP)' }), 'no goal');
  assert.equal(goalVerdict({ goal: { matrixSeconds: 1 } }), '-');
});
