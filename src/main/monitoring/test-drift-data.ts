// Test support for monitoring: small seeded CSVs whose numbers can be shifted, so one import drifts from another.
import { mulberry32 } from '../training/splits';

export interface DriftCsvOptions {
  rows: number;
  seed: number;
  /** added to x (in units of its standard deviation, 1) */
  shift?: number;
  /** the first day of the `day` column, ISO date; one row every `rowsPerDay` rows */
  start?: string;
  rowsPerDay?: number;
}

/** Columns: day (datetime), x and y (numbers), c (a, b or c), label (yes/no, from x + y). */
export function driftCsv({ rows, seed, shift = 0, start = '2026-01-05', rowsPerDay = 50 }: DriftCsvOptions): string {
  const random = mulberry32(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const first = Date.parse(`${start}T00:00:00Z`);
  const lines = ['day,x,y,c,label'];
  for (let i = 0; i < rows; i++) {
    const day = new Date(first + Math.floor(i / rowsPerDay) * 86_400_000).toISOString().slice(0, 10);
    const x = normal() + shift;
    const y = normal();
    const c = ['a', 'b', 'c'][Math.floor(random() * 3)];
    lines.push(`${day},${x.toFixed(6)},${y.toFixed(6)},${c},${x + y > 0 ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
}
