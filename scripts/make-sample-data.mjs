#!/usr/bin/env node
// Writes the generated sample CSV files (every version of every sample table) into a folder: `npm run sample-data [dir]`.
import fs from 'node:fs';
import path from 'node:path';
import { register } from 'tsx/esm/api';

register();
const { sampleTables } = await import('../src/main/samples/sample-data.ts');

const dir = path.resolve(process.argv[2] ?? 'resources/sample');
fs.mkdirSync(dir, { recursive: true });
for (const table of sampleTables()) {
  for (const { fileName, csv } of table.versions) {
    fs.writeFileSync(path.join(dir, fileName), csv);
    console.log(`${path.join(dir, fileName)}  (${table.name}, ${Buffer.byteLength(csv).toLocaleString('en')} bytes)`);
  }
}
