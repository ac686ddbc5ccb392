// One task of the requirements benchmark in its own process, through the same functions the CLI calls, so its
// peak RSS is the task's alone: `lint` (each requirement timed apart, as the editor lints one per keystroke) or
// `pairs`. Prints one JSON document: the timings and the answer in the CLI's JSON shape.
// Usage: node --import tsx bench/requirements/in-process.ts lint|pairs <requirements.csv>
import type { RequirementText } from '../../src/shared/requirements-lint';
import { lintRequirement } from '../../src/main/requirements/lint/lint-requirement';
import { findPairsCounted } from '../../src/main/requirements/pairs/find-pairs';
import { readRequirements } from './read-requirements';

/** The q-quantile of sorted values, nearest rank (p99 of 20,000 is the 19,800th smallest). */
function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function lintAll(requirements: readonly RequirementText[]) {
  const ms = new Float64Array(requirements.length);
  const t0 = performance.now();
  const rows = requirements.map((r, i) => {
    const t = performance.now();
    const result = lintRequirement(r.text);
    ms[i] = performance.now() - t;
    return { id: r.id, score: result.score, ears: result.ears.pattern, findings: result.findings.map((f) => ({ start: f.start, end: f.end, text: f.text, rule: f.rule })) };
  });
  const seconds = (performance.now() - t0) / 1000;
  const sorted = Float64Array.from(ms).sort();
  const mean = ms.reduce((s, x) => s + x, 0) / ms.length;
  return { taskSeconds: seconds, perRequirementMs: { mean, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted[sorted.length - 1], first: ms[0] }, rows };
}

function pairsAll(requirements: readonly RequirementText[]) {
  const t0 = performance.now();
  const { pairs, comparisons } = findPairsCounted(requirements);
  return { taskSeconds: (performance.now() - t0) / 1000, comparisons, pairs };
}

function main(): void {
  const [task, file] = process.argv.slice(2);
  const readStart = performance.now();
  const requirements = readRequirements(file);
  const readSeconds = (performance.now() - readStart) / 1000;
  if (task === 'lint') process.stdout.write(JSON.stringify({ task, count: requirements.length, readSeconds, ...lintAll(requirements) }));
  else if (task === 'pairs') process.stdout.write(JSON.stringify({ task, count: requirements.length, readSeconds, ...pairsAll(requirements) }));
  else throw new Error(`unknown task ${task}: lint or pairs`);
}

main();
