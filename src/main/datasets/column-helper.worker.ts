// Entry of the import's helper thread: encodes, profiles and stores the columns it owns, one command at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { toAppError } from '../../shared/errors';
import { BlobStore } from '../store/blobs';
import { CHUNK_ROWS } from './arrow-chunks';
import type { FromHelper, HelperStart, ToHelper } from './column-helper';
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
const table = new FieldTable();

function reply(message: FromHelper): void {
  start.replies.postMessage(message);
  Atomics.store(wake, 0, 1);
  Atomics.notify(wake, 0);
}

async function handle(command: ToHelper): Promise<FromHelper> {
  switch (command.kind) {
    case 'encode': {
      const t = command.table;
      table.buf = Buffer.from(t.bytes.buffer, t.bytes.byteOffset, t.bytes.length);
      Object.assign(table, { starts: t.starts, ends: t.ends, flags: t.flags, rowStarts: t.rowStarts, lines: t.lines });
      for (let k = 0; k < encoders.length; k++) {
        const row = encoders[k].encode(table, command.from, command.to);
        if (row >= 0) return { kind: 'encoded', bad: { column: start.columns[k].index, row } };
      }
      return { kind: 'encoded', bad: null };
    }
    case 'flush': {
      const flushed = encoders.map((e, k) => {
        hashes.set(e.hashA.subarray(0, CHUNK_ROWS), 2 * k * CHUNK_ROWS);
        hashes.set(e.hashB.subarray(0, CHUNK_ROWS), (2 * k + 1) * CHUNK_ROWS);
        const hash = blobs.put(e.flush(), batch);
        chunks[k].push(hash);
        return hash;
      });
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

parentPort!.on('message', (command: ToHelper) => {
  handle(command).then(reply, (e: unknown) => reply({ kind: 'failed', error: toAppError(e) }));
});
