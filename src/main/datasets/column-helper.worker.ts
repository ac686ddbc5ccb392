// Entry of the import's helper thread: encodes, profiles and stores the columns it owns, its commands in order.
import { parentPort, workerData } from 'node:worker_threads';
import { toAppError } from '../../shared/errors';
import { BlobStore } from '../store/blobs';
import { CHUNK_ROWS } from './arrow-chunks';
import type { FromHelper, HelperMisfit, HelperStart, SharedTable, ToHelper } from './column-helper';
import { createEncoder } from './column-encoder';
import { FieldTable } from './field-table';
import { finishColumn } from './finish-column';

const start = workerData as HelperStart;
const blobs = new BlobStore(start.blobsDir, { reserveBytes: start.reserveBytes });
const batch = blobs.batch();
const encoders = start.columns.map((c) => createEncoder(c.type, c.index, c.guessedFromNulls));
const chunks: string[][] = encoders.map(() => []);
const hashes = new Uint32Array(start.hashes);
const wake = new Int32Array(start.wake);
/** the importer's two table copies, as last sent */
const tables = [new FieldTable(), new FieldTable()];
let flushes = 0;
/** after a misfit the pass is over: the importer only has to hear of it, and later rows are not encoded */
let misfit: HelperMisfit | null = null;

function reply(message: FromHelper): void {
  start.replies.postMessage(message);
  Atomics.add(wake, 0, 1);
  Atomics.notify(wake, 0);
}

function adopt(table: FieldTable, t: SharedTable): void {
  table.buf = Buffer.from(t.bytes.buffer, t.bytes.byteOffset, t.bytes.length);
  Object.assign(table, { starts: t.starts, ends: t.ends, flags: t.flags, rowStarts: t.rowStarts, lines: t.lines });
}

function encode(table: FieldTable, from: number, to: number, segment: number): HelperMisfit | null {
  for (let k = 0; k < encoders.length; k++) {
    const row = encoders[k].encode(table, from, to);
    if (row >= 0) return { segment, column: start.columns[k].index, line: table.lines[row] };
  }
  return null;
}

async function handle(command: ToHelper): Promise<FromHelper> {
  switch (command.kind) {
    case 'encode': {
      const table = tables[command.slot];
      if (command.table) adopt(table, command.table);
      if (misfit) return { kind: 'encoded', misfit: null };
      misfit = encode(table, command.from, command.to, command.segment);
      return { kind: 'encoded', misfit };
    }
    case 'flush': {
      // chunk j's cell hashes go to half j % 2: the importer may still be reading the previous chunk's
      const half = (flushes++ % 2) * encoders.length;
      const flushed = encoders.map((e, k) => {
        hashes.set(e.hashA.subarray(0, CHUNK_ROWS), (half + k) * 2 * CHUNK_ROWS);
        hashes.set(e.hashB.subarray(0, CHUNK_ROWS), ((half + k) * 2 + 1) * CHUNK_ROWS);
        const hash = blobs.put(e.flush(), batch);
        chunks[k].push(hash);
        return hash;
      });
      // lets the writes just started (and earlier ones) take their next steps, which run only when the event loop
      // does: with commands always queued it would not turn, and past 16 writes in flight they are done in place
      await new Promise(setImmediate);
      return { kind: 'flushed', chunks: flushed };
    }
    case 'finish': {
      await batch.settle();
      return { kind: 'finished', columns: encoders.map((e, k) => finishColumn(blobs, command.names[k], start.columns[k].type, e, chunks[k])) };
    }
    case 'abandon':
      await batch.abandon();
      return { kind: 'abandoned' };
  }
}

/** the commands, one after another: a reply answers the command before it and the helper's work keeps file order */
let queue = Promise.resolve();
parentPort!.on('message', (command: ToHelper) => {
  queue = queue.then(() => handle(command)).then(reply, (e: unknown) => reply({ kind: 'failed', error: toAppError(e) }));
});
