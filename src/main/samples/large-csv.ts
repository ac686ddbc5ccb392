// Streams a large, seeded CSV of 10 mixed columns (~100 bytes a row) for the import benchmarks, in bounded memory.
// It formats straight into reused byte buffers: a string per row (toFixed, toISOString, join) measured 3x slower,
// and the benchmark's 1 GB file should not take longer to make than to import.
import fs from 'node:fs';
import { Random } from './random';

export const LARGE_CSV_HEADER = 'order_id,customer_id,quantity,unit_price,score,temperature,region,product,express,ordered_at';

export interface LargeCsvResult {
  rows: number;
  bytes: number;
}

const REGIONS = ['emea-north', 'emea-south', 'apac-east', 'apac-south', 'amer-north', 'amer-south', 'amer-central', 'overseas-other'];
const PRODUCTS = Array.from(
  { length: 64 },
  (_, i) => `${['bolt', 'bracket', 'hinge', 'gasket', 'valve', 'sensor', 'filter', 'bearing'][i % 8]}-${['steel', 'brass', 'nylon', 'zinc'][(i >> 3) % 4]}-${['s', 'm'][i >> 5]}${100 + i * 7}`,
);
const CHUNK = 1 << 20;
/** room for one row past the chunk's end, so a row is never split across a bounds check */
const ROW_MAX = 512;
const DAY_MS = 86_400_000;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

/** Formats into one of two buffers; while the disk takes one, rows are formatted into the other. */
class ByteWriter {
  buf = Buffer.allocUnsafe(CHUNK + ROW_MAX);
  pos = 0;
  private spare = Buffer.allocUnsafe(CHUNK + ROW_MAX);
  private readonly digits = new Uint8Array(24);

  /** hands out the filled bytes and continues in the other buffer */
  swap(): Buffer {
    const full = this.buf.subarray(0, this.pos);
    [this.buf, this.spare] = [this.spare, this.buf];
    this.pos = 0;
    return full;
  }

  ascii(bytes: Buffer): void {
    bytes.copy(this.buf, this.pos);
    this.pos += bytes.length;
  }

  byte(b: number): void {
    this.buf[this.pos++] = b;
  }

  /** a non-negative integer below 2^53 */
  uint(n: number): void {
    let len = 0;
    do {
      this.digits[len++] = 48 + (n % 10);
      n = Math.floor(n / 10);
    } while (n > 0);
    while (len > 0) this.buf[this.pos++] = this.digits[--len];
  }

  /** x with exactly `decimals` digits after the point, as toFixed would write it */
  fixed(x: number, decimals: number, scale: number): void {
    let scaled = Math.round(x * scale);
    if (scaled < 0) {
      this.byte(0x2d);
      scaled = -scaled;
    }
    this.uint(Math.floor(scaled / scale));
    this.byte(0x2e);
    let frac = scaled % scale;
    for (let d = decimals - 1; d >= 0; d--) {
      this.buf[this.pos + d] = 48 + (frac % 10);
      frac = Math.floor(frac / 10);
    }
    this.pos += decimals;
  }

  two(n: number): void {
    this.buf[this.pos++] = 48 + Math.floor(n / 10);
    this.buf[this.pos++] = 48 + (n % 10);
  }
}

/**
 * Writes `rows` data rows plus the header to `file`, through a temp file renamed at the end, so a run that is
 * killed half-way never leaves a truncated file that a later run would take for a finished one.
 */
export async function writeLargeCsv(file: string, rows: number, seed: number, onProgress?: (rowsDone: number) => void): Promise<LargeCsvResult> {
  const rng = new Random(seed);
  const w = new ByteWriter();
  const regions = REGIONS.map((r) => Buffer.from(r));
  const products = PRODUCTS.map((p) => Buffer.from(p));
  const yes = Buffer.from('true');
  const no = Buffer.from('false');
  const tmp = `${file}.${process.pid}.tmp`;
  const fh = await fs.promises.open(tmp, 'w');
  let bytes = 0;
  let pending: Promise<void> = Promise.resolve();
  const writeAll = async (chunk: Buffer): Promise<void> => {
    let off = 0;
    while (off < chunk.length) off += (await fh.write(chunk, off, chunk.length - off)).bytesWritten;
    bytes += chunk.length;
  };
  /** at most one write in flight, so memory stays at two chunks whatever the file size */
  const flush = async (): Promise<void> => {
    await pending;
    pending = writeAll(w.swap());
  };
  try {
    w.ascii(Buffer.from(`${LARGE_CSV_HEADER}\n`));
    let ms = Date.UTC(2023, 0, 1);
    let day = -1;
    let dayPrefix = Buffer.alloc(0);
    for (let i = 1; i <= rows; i++) {
      w.uint(i);
      w.byte(COMMA);
      w.uint(rng.int(10_000_000, 99_999_999));
      w.byte(COMMA);
      w.uint(1 + Math.floor(-Math.log(1 - rng.next()) * 4));
      w.byte(COMMA);
      w.fixed(rng.logNormal(3, 1.1), 2, 100);
      w.byte(COMMA);
      w.fixed(rng.next(), 6, 1_000_000);
      w.byte(COMMA);
      if (!rng.chance(0.01)) w.fixed(rng.normal(18, 7), 2, 100);
      w.byte(COMMA);
      w.ascii(regions[rng.int(0, regions.length - 1)]);
      w.byte(COMMA);
      w.ascii(products[rng.int(0, products.length - 1)]);
      w.byte(COMMA);
      w.ascii(rng.chance(0.3) ? yes : no);
      w.byte(COMMA);
      ms += rng.int(0, 6) * 1000;
      const d = Math.floor(ms / DAY_MS);
      if (d !== day) {
        day = d;
        dayPrefix = Buffer.from(new Date(d * DAY_MS).toISOString().slice(0, 11));
      }
      w.ascii(dayPrefix);
      const sec = (ms - d * DAY_MS) / 1000;
      w.two(Math.floor(sec / 3600));
      w.byte(0x3a);
      w.two(Math.floor(sec / 60) % 60);
      w.byte(0x3a);
      w.two(sec % 60);
      w.byte(0x5a);
      w.byte(NEWLINE);
      if (w.pos >= CHUNK) {
        await flush();
        onProgress?.(i);
      }
    }
    await flush();
    await pending;
    await fh.sync();
  } catch (e) {
    await pending.catch(() => undefined);
    await fh.close();
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  await fs.promises.rename(tmp, file);
  onProgress?.(rows);
  return { rows, bytes };
}
