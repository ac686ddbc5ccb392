#!/usr/bin/env node
// Traceability benchmark: 20,000 generated requirements x 2,000 artifacts with 100,000 links in a real project
// (bench/trace/seed-trace-project.ts, through the store); times trace.matrix (after a change, and again with nothing
// changed), trace.coverage, trace.impact of a requirement whose evidence sits at the end of a deep lineage, the matrix
// exports, trace.clauses and a signed audit package (bench/trace/measure-trace.ts); in a process of its own, the parts
// the matrix is made of (bench/trace/measure-trace-parts.ts); then, where a built renderer has the matrix
// page, serves the project in browser mode and measures in Chromium the matrix's first paint and the frame times
// while its grid scrolls.
// Usage: node bench/trace/run.mjs [--quick] [--repeat N] [--renderer DIR] [--no-ui]
// --quick: 2,000 requirements x 200 artifacts, 10,000 links. --renderer: a built renderer (default out/renderer, as
// `npm run build` leaves it; this bench does not build).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBeforeRun, measureSide } from '../lib/measure.mjs';
import { machineInfo, writeResult } from '../lib/results.mjs';
import { CHROMIUM_FLAGS, serve } from '../lib/serve.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SEED = 20240108;
/** the goals of issue 16 */
const GOAL = { matrixSeconds: 1, firstPaintSeconds: 1, impactMs: 100 };
/** frames of scrolling measured, each moving the grid by one step down and right */
const SCROLL_FRAMES = 120;

function parseArgs(argv) {
  const quick = argv.includes('--quick');
  const i = argv.indexOf('--repeat');
  const j = argv.indexOf('--renderer');
  return {
    requirements: quick ? 2_000 : 20_000,
    artifacts: quick ? 200 : 2_000,
    links: quick ? 10_000 : 100_000,
    repeat: i >= 0 ? Number(argv[i + 1]) : 3,
    renderer: j >= 0 ? path.resolve(argv[j + 1]) : path.join(root, 'out', 'renderer'),
    ui: !argv.includes('--no-ui'),
    label: quick ? 'quick' : 'full',
  };
}

/** The requirements bench's generated set (made once, shared with bench/requirements). */
function ensureRequirements(count) {
  const dir = path.join(root, 'bench', 'data', `requirements-${count}-seed${SEED}`);
  if (!fs.existsSync(path.join(dir, 'plan.json'))) {
    const res = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'requirements', 'generate-requirements.ts'), String(count), String(SEED), dir], { cwd: root, stdio: 'inherit' });
    if (res.status !== 0) throw new Error('generating the requirements failed');
  }
  return path.join(dir, 'requirements.csv');
}

/** A bench/trace script under tsx as its own measured process: its last stdout line (JSON), with its peak RSS. */
function tsx(script, args) {
  const res = measureSide([process.execPath, '--import', 'tsx', path.join(root, 'bench', 'trace', script), ...args], script, root);
  if (res.skipped) throw new Error(res.skipped);
  return res;
}

/**
 * Injected before the app loads: the page's clock (ms since navigation start) at the first frame that shows a matrix
 * cell. A requestAnimationFrame after the DOM change lands at the next frame, when the browser paints it.
 */
function pageProbe() {
  const marks = {};
  window.__benchMarks = marks;
  new MutationObserver(() => {
    if (marks.pending || !document.querySelector('[data-testid="matrix-cell"]')) return;
    marks.pending = true;
    requestAnimationFrame(() => (marks.cellsPainted = performance.now()));
  }).observe(document, { childList: true, subtree: true });
}

/** Scrolls the grid one step down and right per frame and returns each frame's duration (ms), on the page's clock. */
function scrollFrames(frames) {
  const grid = document.querySelector('[data-testid="matrix-grid"]');
  return new Promise((resolve) => {
    const times = [];
    let last = performance.now();
    const step = () => {
      const now = performance.now();
      times.push(now - last);
      last = now;
      if (times.length > frames) return resolve(times.slice(1));
      grid.scrollTop += 600;
      grid.scrollLeft += 200;
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
}

const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

async function uiTimings(project, renderer, repeat) {
  const assets = path.join(renderer, 'assets');
  if (!fs.existsSync(assets)) return { skipped: `no built renderer at ${path.relative(root, renderer)} (npm run build)` };
  const code = fs.readdirSync(assets).filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(assets, f), 'utf8')).join('\n');
  if (!code.includes('matrix-cell')) return { skipped: 'the built renderer has no trace matrix page yet' };
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return { skipped: 'playwright-core is not installed (npm install)' };
  }
  const executablePath = process.env.AIRLOCK_CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) return { skipped: `no Chromium at ${executablePath} (set AIRLOCK_CHROMIUM)` };
  const server = await serve(project, renderer, 'trace-ui');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
  const firstPaint = [];
  let frames = [];
  let serverPeakRssMb = null;
  try {
    for (let i = 0; i < repeat; i++) {
      // a fresh context each time: empty HTTP cache and storage, as a new window would have
      const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
      await context.addCookies([{ ...server.cookie, url: server.url, httpOnly: true, sameSite: 'Strict' }]);
      const page = await context.newPage();
      await page.addInitScript(pageProbe);
      await page.goto(`${server.url}#/trace/matrix`);
      await page.waitForFunction(() => window.__benchMarks.cellsPainted !== undefined, null, { timeout: 120_000 });
      firstPaint.push((await page.evaluate(() => window.__benchMarks.cellsPainted)) / 1000);
      if (i === 0) frames = await page.evaluate(scrollFrames, SCROLL_FRAMES);
      await context.close();
    }
  } catch (e) {
    return { skipped: `the matrix page did not behave as expected: ${e.message.split('\n')[0]}`, firstPaint };
  } finally {
    await browser.close();
    serverPeakRssMb = await server.stop();
  }
  return {
    chromium: executablePath,
    serverPeakRssMb,
    firstPaint: { firstSeconds: firstPaint[0], bestSeconds: Math.min(...firstPaint), allSeconds: firstPaint },
    scroll: { frames: frames.length, medianMs: quantile(frames, 0.5), p95Ms: quantile(frames, 0.95), maxMs: Math.max(...frames) },
  };
}

/** Judged on the first look, as a user meets it: the matrix after a change, the first paint of a fresh window, impact. */
function verdict(channels, ui) {
  const missed = [];
  if (channels.matrix.cold.medianMs >= GOAL.matrixSeconds * 1000) missed.push(`trace.matrix ${channels.matrix.cold.medianMs} ms`);
  if (!channels.impact.skipped && channels.impact.medianMs >= GOAL.impactMs) missed.push(`trace.impact ${channels.impact.medianMs} ms`);
  if (!ui.skipped && ui.firstPaint.firstSeconds >= GOAL.firstPaintSeconds) missed.push(`first paint ${ui.firstPaint.firstSeconds.toFixed(2)} s`);
  if (missed.length > 0) return `GOAL MISSED: ${missed.join('; ')}`;
  return ui.skipped ? `goal met without Chromium (${ui.skipped})` : 'goal met';
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const loadBefore = loadBeforeRun();
  const csv = ensureRequirements(o.requirements);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-bench-trace-'));
  const project = path.join(work, 'project');
  try {
    console.log(`seeding ${o.requirements.toLocaleString('en')} requirements, ${o.artifacts.toLocaleString('en')} artifacts, ${o.links.toLocaleString('en')} links...`);
    const seed = tsx('seed-trace-project.ts', [project, csv, String(o.artifacts), String(o.links), String(SEED)]);
    console.log(`seeded in ${Object.values(seed.seconds).reduce((a, b) => a + b, 0).toFixed(1)} s: ${JSON.stringify(seed.seconds)}`);
    const channels = tsx('measure-trace.ts', [project, path.join(work, 'data'), seed.deepRequirement]);
    const parts = tsx('measure-trace-parts.ts', [project, path.join(work, 'data')]);
    const ui = o.ui ? await uiTimings(project, o.renderer, o.repeat) : { skipped: '--no-ui' };
    const result = { bench: 'trace', label: o.label, machine: machineInfo(loadBefore), loadAfter: loadBeforeRun(), goal: GOAL, seed, channels, parts, ui, verdict: verdict(channels, ui) };
    const m = channels.matrix;
    console.log(`matrix ${channels.shape.rows} x ${channels.shape.columns}, ${channels.shape.cells} links (${channels.shape.payloadMb} MB as JSON):`);
    console.log(`  trace.matrix after a change  median ${m.cold.medianMs} ms wall, ${m.cold.cpuMedianMs} ms CPU (goal < ${GOAL.matrixSeconds * 1000} ms)`);
    console.log(`  trace.matrix, nothing changed median ${m.unchanged.medianMs} ms`);
    console.log(`  peer: links read and described the plain way ${parts.plainLinks.cpuMedianMs} ms CPU (the whole matrix takes ${(m.cold.cpuMedianMs / parts.plainLinks.cpuMedianMs).toFixed(2)}x that)`);
    console.log(`  trace.impact (deep lineage)  ${channels.impact.skipped ?? `median ${channels.impact.medianMs} ms wall, ${channels.impact.cpuMedianMs} ms CPU (goal < ${GOAL.impactMs} ms)`}`);
    console.log(`  trace.coverage               ${channels.coverage.skipped ?? `median ${channels.coverage.medianMs} ms`}`);
    console.log(`  exports                      ${JSON.stringify(channels.exports)}`);
    console.log(`  trace.clauses (iec62304, B)  ${channels.clauses.skipped ?? `${channels.clauses.medianMs} ms`}`);
    console.log(`  audit package                ${channels.auditPackage.skipped ?? `${channels.auditPackage.seconds} s, ${channels.auditPackage.mb} MB, ${channels.auditPackage.files} files`}`);
    console.log(`  Chromium                     ${ui.skipped ?? `first paint ${ui.firstPaint.firstSeconds.toFixed(2)} s (best ${ui.firstPaint.bestSeconds.toFixed(2)} s), scroll frames median ${ui.scroll.medianMs.toFixed(1)} ms, p95 ${ui.scroll.p95Ms.toFixed(1)} ms`}`);
    console.log(`  seed ${seed.peakRssMb.toFixed(0)} MB, channels ${channels.peakRssMb.toFixed(0)} MB, parts ${parts.peakRssMb.toFixed(0)} MB, server ${ui.serverPeakRssMb?.toFixed(0) ?? '-'} MB peak RSS`);
    console.log(result.verdict);
    writeResult(root, 'trace', o.label, result);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
