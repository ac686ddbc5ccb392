// Writes the rows an Airlock train job of the study bench trains and validates on, for the peer to use the same ones.
// Usage: node --import tsx bench/study/split-rows.ts <tabular-dir> <seed> <out-dir>
// A run codes the 0/1 label as classes '0','1' (indices 0, 1, every row kept: the generator leaves no label empty) and
// splits with splitRows(rows, {validation 0.2, test 0.2}, seed, labels), the train request's defaults (train-pipeline.ts).
import fs from 'node:fs';
import path from 'node:path';
import { splitRows } from '../../src/main/training/splits';

const [dir, seedArg, out] = process.argv.slice(2);
const y = new Int32Array(new Uint8Array(fs.readFileSync(path.join(dir, 'y.i32'))).buffer);
const split = splitRows(y.length, { validation: 0.2, test: 0.2 }, Number(seedArg), y);
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'train.i32'), new Uint8Array(split.train.buffer));
fs.writeFileSync(path.join(out, 'validation.i32'), new Uint8Array(split.validation.buffer));
