// Writes the drift benchmark's two inputs once: reference.csv and current.csv, N rows x 50 columns (40 numeric, 10
// categorical) from a seeded PRNG, the current side with planned drift in some columns, so both Airlock and the scipy
// loop read the same bytes. Usage: node --import tsx bench/drift/generate-data.ts <rows> <seed> <out-dir>
import fs from 'node:fs';
import path from 'node:path';
import { Random } from '../../src/main/samples/random';

/** One column: how a reference row and a current row are drawn, and what the plan says about it. */
interface ColumnPlan {
  name: string;
  kind: 'numeric' | 'categorical';
  /** the intended change, for the README and the result file: 'none' columns should not drift at any size */
  change: string;
  reference(random: Random): string;
  current(random: Random): string;
}

const fixed = (digits: number) => (x: number): string => x.toFixed(digits);
const withNulls = (rate: number, draw: (random: Random) => string) => (random: Random): string => (random.chance(rate) ? '' : draw(random));

/** 40 numeric columns: 12 drift by design (10 shifted by 0.3-0.75 sd, 2 rescaled), 3 move by a hair (KS may see it at 1M rows, the normed Wasserstein distance does not), the rest are unchanged. */
function numericPlans(): ColumnPlan[] {
  const plans: ColumnPlan[] = [];
  for (let i = 0; i < 40; i++) {
    const name = `n${String(i).padStart(2, '0')}`;
    const family = i % 4;
    // four families so the bench is not all Gaussians: normal, log-normal (skewed), uniform, integer counts
    const draw = (shift: number, scale: number) => (random: Random): string => {
      if (family === 0) return fixed(4)(random.normal(10 * (i + 1) + shift * 3, 3 * scale));
      if (family === 1) return fixed(4)(Math.exp(random.normal(1 + shift * 0.6, 0.6 * scale)));
      if (family === 2) return fixed(5)(shift * 0.29 + (random.next() - 0.5) * scale + 0.5);
      return String(Math.max(0, Math.round(random.normal(40 + shift * 8, 8 * scale))));
    };
    let change = 'none';
    let cur = draw(0, 1);
    if (i < 10) {
      const shift = 0.3 + (i % 4) * 0.15;
      change = `location shift ${shift.toFixed(2)} sd`;
      cur = draw(shift, 1);
    } else if (i < 12) {
      change = 'scale x1.6';
      cur = draw(0, 1.6);
    } else if (i < 15) {
      change = 'location shift 0.02 sd (below the threshold)';
      cur = draw(0.02, 1);
    }
    let ref = draw(0, 1);
    if (i === 5 || i === 20) {
      // missing values: 2 % in the reference; n20 rises to 10 % in the current data (missing-rate drift)
      ref = withNulls(0.02, ref);
      cur = withNulls(i === 20 ? 0.1 : 0.02, cur);
      if (i === 20) change = 'missing rate 2 % -> 10 %, values unchanged';
    }
    plans.push({ name, kind: 'numeric', change, reference: ref, current: cur });
  }
  return plans;
}

const COLOURS = ['red', 'green', 'blue', 'amber', 'violet', 'teal', 'grey', 'black'];
const REGIONS = Array.from({ length: 24 }, (_, i) => `region_${String.fromCharCode(97 + i)}`);
const SKUS = Array.from({ length: 60 }, (_, i) => `sku_${100 + i * 7}`);

function categoryDraw(items: readonly string[], weights: readonly number[]) {
  return (random: Random): string => random.weighted(items, weights);
}

/** 10 categorical columns: 3 drift by design (their weights move), 1 gains a 1 % category the reference never has, 1 binary, the rest unchanged. */
function categoricalPlans(): ColumnPlan[] {
  const decay = (n: number, rate: number): number[] => Array.from({ length: n }, (_, i) => Math.exp(-rate * i));
  const plans: ColumnPlan[] = [];
  for (let i = 0; i < 10; i++) {
    const name = `c${i}`;
    const items = i % 3 === 0 ? COLOURS : i % 3 === 1 ? REGIONS : SKUS;
    const weights = decay(items.length, 0.15 + 0.05 * (i % 3));
    const same = categoryDraw(items, weights);
    let change = 'none';
    let cur = same;
    if (i < 3) {
      change = 'weights reversed';
      cur = categoryDraw(items, [...weights].reverse());
    } else if (i === 3) {
      change = "1 % of rows in a category the reference never has ('brand_new')";
      cur = (random) => (random.chance(0.01) ? 'brand_new' : same(random));
    } else if (i === 9) {
      change = 'none (binary)';
      const yesNo = categoryDraw(['yes', 'no'], [0.3, 0.7]);
      plans.push({ name, kind: 'categorical', change, reference: yesNo, current: yesNo });
      continue;
    }
    plans.push({ name, kind: 'categorical', change, reference: same, current: cur });
  }
  return plans;
}

const PLANS: readonly ColumnPlan[] = [...numericPlans(), ...categoricalPlans()];

/** Writes `rows` rows of one side to file (via a temporary name, renamed when whole). */
function writeSide(file: string, rows: number, random: Random, side: 'reference' | 'current'): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, `${PLANS.map((p) => p.name).join(',')}\n`);
    const BATCH = 5000;
    const cells = new Array<string>(PLANS.length);
    for (let start = 0; start < rows; start += BATCH) {
      const lines: string[] = [];
      for (let r = start; r < Math.min(rows, start + BATCH); r++) {
        for (let j = 0; j < PLANS.length; j++) cells[j] = PLANS[j][side](random);
        lines.push(cells.join(','));
      }
      fs.writeSync(fd, `${lines.join('\n')}\n`);
    }
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

function main(): void {
  const [rowsArg, seedArg, out] = process.argv.slice(2);
  const rows = Number(rowsArg);
  const seed = Number(seedArg);
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(seed) || !out) throw new Error('usage: generate-data.ts <rows> <seed> <out-dir>');
  fs.mkdirSync(out, { recursive: true });
  // separate streams per side, so the reference does not depend on how the current side is drawn
  writeSide(path.join(out, 'reference.csv'), rows, new Random(seed), 'reference');
  writeSide(path.join(out, 'current.csv'), rows, new Random(seed + 1), 'current');
  const plan = PLANS.map((p) => ({ column: p.name, kind: p.kind, change: p.change }));
  fs.writeFileSync(path.join(out, 'plan.json'), `${JSON.stringify({ rows, seed, columns: plan }, null, 2)}\n`);
}

main();
