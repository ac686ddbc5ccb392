// Decodes an XML byte stream to text in the encoding its byte order mark or XML declaration names (UTF-8 when neither
// does), chunk by chunk, so a character split across chunks decodes whole.
import { fail } from '../../../shared/errors';

/** Enough bytes to see a byte order mark and an XML declaration with its encoding. */
const SNIFF_BYTES = 256;

function encodingOf(head: Uint8Array, source: string): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const declaration = /^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(Buffer.from(head).toString('latin1'));
  const label = declaration?.[1].toLowerCase() ?? 'utf-8';
  try {
    new TextDecoder(label);
  } catch {
    fail('REQIF_INVALID', `${source} declares the encoding "${declaration?.[1]}", which Airlock cannot read.`, {
      where: { file: source, line: 1 },
      hint: 'Export the file as UTF-8.',
    });
  }
  return label;
}

export class XmlTextDecoder {
  private decoder: TextDecoder | null = null;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  constructor(private readonly source: string) {}

  /** The text decoded so far; nothing until the first bytes that decide the encoding have arrived. */
  write(bytes: Uint8Array): string {
    if (this.decoder) return this.decode(this.decoder, bytes, true);
    this.pending.push(bytes);
    this.pendingBytes += bytes.byteLength;
    return this.pendingBytes >= SNIFF_BYTES ? this.start() : '';
  }

  end(): string {
    const rest = this.decoder ? '' : this.start();
    return this.decoder ? rest + this.decode(this.decoder, new Uint8Array(0), false) : rest;
  }

  private start(): string {
    const head = Buffer.concat(this.pending);
    this.pending = [];
    // fatal: a byte that is not valid in the encoding is an error naming the file, not a silent U+FFFD
    this.decoder = new TextDecoder(encodingOf(head, this.source), { fatal: true });
    return this.decode(this.decoder, head, true);
  }

  private decode(decoder: TextDecoder, bytes: Uint8Array, stream: boolean): string {
    try {
      return decoder.decode(bytes, { stream });
    } catch {
      return fail('REQIF_INVALID', `${this.source} holds bytes that are not valid ${decoder.encoding}.`, {
        where: { file: this.source },
        hint: 'Check the encoding its XML declaration names, or export the file as UTF-8.',
      });
    }
  }
}
