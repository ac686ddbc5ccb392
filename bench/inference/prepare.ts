// Makes the inference bench's input once: a project holding one dataset version per model (imported from CSV as a user
// would) and the model files. plan.json is written last, so its presence means the folder is whole.
// Usage: node --import tsx bench/inference/prepare.ts <dir> <name=rows,...>
import fs from 'node:fs';
import path from 'node:path';
import { importDataset } from '../../src/main/datasets/import-dataset';
import { ProjectStore } from '../../src/main/store/project-store';
import { generateRows, MODELS, type BenchModel } from './models';

export interface PlanEntry {
  name: string;
  what: string;
  rows: number;
  /** the model file, relative to the folder; absent when skipped */
  file?: string;
  skip?: string;
}

function writeCsv(model: BenchModel, rows: number, file: string): void {
  const values = generateRows(model, rows);
  const k = model.columns.length;
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, `${model.columns.join(',')}\n`);
    const lines: string[] = [];
    for (let r = 0; r < rows; r++) {
      lines.push(Array.from(values.subarray(r * k, (r + 1) * k)).join(','));
      if (lines.length === 1000 || r === rows - 1) fs.writeSync(fd, `${lines.splice(0).join('\n')}\n`);
    }
  } finally {
    fs.closeSync(fd);
  }
}

async function main(): Promise<void> {
  const [dir, spec] = process.argv.slice(2);
  const rowsOf = new Map(spec.split(',').map((p) => p.split('=') as [string, string]).map(([n, r]) => [n, Number(r)]));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'models'), { recursive: true });
  const store = ProjectStore.create(path.join(dir, 'project'), { appVersion: 'bench', actor: 'bench@airlock' });
  const plan: PlanEntry[] = [];
  const noop = (): void => undefined;
  try {
    for (const model of MODELS) {
      const rows = rowsOf.get(model.name);
      if (!rows) continue;
      const built = model.build();
      if (!(built instanceof Uint8Array)) {
        plan.push({ name: model.name, what: model.what, rows, skip: built.skip });
        continue;
      }
      const file = path.join('models', `${model.name}.onnx`);
      fs.writeFileSync(path.join(dir, file), built);
      const csv = path.join(dir, `${model.name}.csv`);
      writeCsv(model, rows, csv);
      await importDataset(store, { path: csv, fileName: `${model.name}.csv`, name: model.name }, { progress: noop, checkCancelled: noop });
      fs.rmSync(csv);
      plan.push({ name: model.name, what: model.what, rows, file });
      console.error(`prepared ${model.name}: ${rows} rows`);
    }
  } finally {
    store.close();
  }
  fs.writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(plan, null, 2));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
