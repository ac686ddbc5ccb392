// The scored dataset as CSV: the input version's columns as they are, then one column per output element, named after
// the output ('label'; 'probabilities_0', 'probabilities_1'...), written to a file the importer then stores.
import fs from 'node:fs';
import type { ColumnType } from '../../../shared/domain';
import { readChunk } from '../../datasets/arrow-chunks';
import { cellValue } from '../../datasets/cell-values';
import { formatCell, type ExportSource } from '../../datasets/csv-export';
import type { BlobStore } from '../../store/blobs';
import type { ModelOutputs, OutputValues } from './predict';

export interface OutputColumn {
  name: string;
  /** the output it comes from, and which of its values per row */
  output: OutputValues;
  element: number;
  /** how its cells are written, so the import infers the type back */
  type: ColumnType;
}

const WRITE_BATCH_CHARS = 1 << 20;

function columnType(o: OutputValues): ColumnType {
  if (o.kind === 'string') return 'text';
  return o.type === 'float32' || o.type === 'float64' ? 'numeric' : 'integer';
}

/**
 * [N] and [N, 1] outputs keep their name; wider ones number their elements in row-major order. A name the dataset
 * (or an earlier output) already has gets '_scored' appended until it is free, so no input column is overwritten.
 */
export function outputColumns(outputs: ModelOutputs, taken: readonly string[]): OutputColumn[] {
  const used = new Set(taken);
  const free = (name: string): string => {
    let n = name;
    while (used.has(n)) n = `${n}_scored`;
    used.add(n);
    return n;
  };
  return outputs.outputs.flatMap((output) =>
    Array.from({ length: output.width }, (_, element) => ({
      name: free(output.width === 1 ? output.name : `${output.name}_${element}`),
      output,
      element,
      type: columnType(output),
    })),
  );
}

function outputCell(c: OutputColumn, row: number): string {
  const at = row * c.output.width + c.element;
  if (c.output.kind === 'string') return formatCell(c.output.values[at], 'text');
  const v = c.output.values[at];
  // NaN (a missing input flowing through) is stored as a missing cell
  return formatCell(Number.isNaN(v) ? null : v, c.type);
}

const quoted = (name: string): string => formatCell(name, 'text');

function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  let at = 0;
  while (at < buf.length) at += fs.writeSync(fd, buf, at);
}

/** Writes the input version's rows with the output columns after them; onRows may throw to stop (the caller removes the file). */
export function writeScoredCsv(blobs: BlobStore, input: ExportSource, columns: OutputColumn[], file: string, onRows: (rows: number) => void): void {
  const fd = fs.openSync(file, 'wx', 0o600);
  try {
    let text = [...input.columns.map((c) => quoted(c.name)), ...columns.map((c) => quoted(c.name))].join(',') + '\n';
    let row = 0;
    for (let k = 0; k < (input.chunks[0]?.length ?? 0); k++) {
      const vectors = input.chunks.map((chunks) => readChunk(blobs.get(chunks[k])));
      for (let i = 0; i < vectors[0].length; i++, row++) {
        const cells = vectors.map((v, c) => formatCell(cellValue(v, i, input.columns[c].type), input.columns[c].type));
        for (const c of columns) cells.push(outputCell(c, row));
        text += cells.join(',') + '\n';
        if (text.length > WRITE_BATCH_CHARS) {
          writeAll(fd, text);
          text = '';
        }
      }
      onRows(row);
    }
    writeAll(fd, text);
  } finally {
    fs.closeSync(fd);
  }
}
