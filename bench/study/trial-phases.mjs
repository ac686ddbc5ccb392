// Splits the CPU profile of one trial's worker thread (`node --cpu-prof`) into the phases a trial pays for, so the
// study bench can say where a trial's time goes besides the fit.
import fs from 'node:fs';
import path from 'node:path';

/**
 * Phase of each function a train job calls, by name. A sample counts for the outermost phase function on its stack,
 * so parity's own transform and predictions are parity's, not preprocessing's or prediction's.
 */
const PHASE_OF = {
  codeLabels: 'read and split rows',
  takeRows: 'read and split rows',
  takeLabels: 'read and split rows',
  splitRows: 'read and split rows',
  fitPreprocessor: 'preprocess',
  transform: 'preprocess',
  toDense: 'preprocess',
  trainGbdt: 'fit',
  // the validation rows are scored while fitting (trainGbdt), tree by tree, for the validation loss: that is fit's
  predictMatrix: 'predict test rows',
  classificationReport: 'evaluate (reports, curves)',
  regressionReport: 'evaluate (reports, curves)',
  exportOnnx: 'ONNX export',
  checkParity: 'ONNX parity check',
  recordRun: 'store the run',
};
/** onnxruntime's session runs finish in callbacks, outside checkParity's stack */
const ORT = 'onnxruntime-node';
export const PHASES = [...new Set(Object.values(PHASE_OF)), 'garbage collection', 'start-up and module loading (the rest)'];

/** CPU milliseconds by phase of one thread's .cpuprofile, and whether it ran a train job at all. */
export function trialPhases(profile) {
  const selfMs = new Map();
  profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const ms = Object.fromEntries(PHASES.map((p) => [p, 0]));
  let trained = false;
  const walk = (node, phase) => {
    const { functionName, url } = node.callFrame;
    let here = phase ?? (Object.hasOwn(PHASE_OF, functionName) ? PHASE_OF[functionName] : null) ?? (url.includes(ORT) ? PHASE_OF.checkParity : null);
    if (functionName === '(idle)') here = 'idle';
    else if (functionName === '(garbage collector)') here = 'garbage collection';
    if (here === PHASE_OF.trainGbdt) trained = true;
    const self = selfMs.get(node.id) ?? 0;
    if (here !== 'idle') ms[here ?? 'start-up and module loading (the rest)'] += self;
    for (const child of node.children ?? []) walk(nodes.get(child), here);
  };
  walk(profile.nodes[0], null);
  return { trained, ms };
}

/**
 * CPU ms by phase over every thread in `dir` that trained: trial threads may run several trials each (TrialPool), so the
 * caller divides by the trials it ran. The tsx loader threads, which never train, are left out.
 */
export function trialPhasesIn(dir) {
  const sum = Object.fromEntries(PHASES.map((p) => [p, 0]));
  for (const f of fs.readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
    const { trained, ms } = trialPhases(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
    if (trained) for (const p of PHASES) sum[p] += ms[p];
  }
  return sum;
}
