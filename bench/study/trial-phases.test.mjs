// Unit tests of the study bench's split of a trial thread's CPU profile into phases (pure function, no study run).
// Run: node --test bench/study/
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trialPhases } from './trial-phases.mjs';

/** A .cpuprofile from a call tree `[name, selfMs, url?, children?]`; each node gets one sample of its self time. */
function profile(tree) {
  const nodes = [];
  const samples = [];
  const timeDeltas = [];
  const add = ([functionName, selfMs, url = 'file:///src/x.ts', children = []]) => {
    const node = { id: nodes.length + 1, callFrame: { functionName, url, lineNumber: 0 }, children: [] };
    nodes.push(node);
    samples.push(node.id);
    timeDeltas.push(selfMs * 1000);
    node.children = children.map(add);
    return node.id;
  };
  add(tree);
  return { nodes, samples, timeDeltas };
}

test('counts a sample for the outermost phase on its stack, so parity keeps its own transform and predictions', () => {
  const { trained, ms } = trialPhases(
    profile(['(root)', 0, '', [
      ['(idle)', 500, ''],
      ['(garbage collector)', 30, ''],
      ['compileSourceTextModule', 200, 'node:internal/modules/esm/utils'],
      ['runPipeline', 5, 'file:///src/train-pipeline.ts', [
        ['takeRows', 40],
        ['transform', 10],
        ['trainGbdt', 900, 'file:///src/gbdt.ts', [['toString', 1]]],
        ['predictMatrix', 60],
      ]],
      ['checkParity', 20, 'file:///src/parity.ts', [['transform', 10], ['predictMatrix', 60]]],
      ['(anonymous)', 70, 'file:///node_modules/onnxruntime-node/dist/backend.js'],
    ]]),
  );
  assert.equal(trained, true);
  assert.equal(ms['read and split rows'], 40);
  assert.equal(ms.preprocess, 10);
  assert.equal(ms.fit, 901);
  assert.equal(ms['predict test rows'], 60);
  assert.equal(ms['ONNX parity check'], 160);
  assert.equal(ms['garbage collection'], 30);
  // the pipeline's own frames and module loading are the rest; idle time counts nowhere
  assert.equal(ms['start-up and module loading (the rest)'], 205);
});

test('marks a thread that never trained, such as the study thread or a loader thread, so it is left out', () => {
  assert.equal(trialPhases(profile(['(root)', 0, '', [['runTrials', 50], ['(idle)', 900, '']]])).trained, false);
});
