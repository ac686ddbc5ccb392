// Reads a .reqif file, or a .reqifz zip (each .reqif member parsed, every other member listed as an attachment with
// its size and SHA-256), streaming both the file and the zip so a large export is read in bounded memory.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { AppFailure, fail } from '../../../shared/errors';
import type { ReqifAttachment, ReqifDocument, ReqifFile } from '../../../shared/reqif';
import { ReqifStreamParser } from './reqif-stream';
import { XmlTextDecoder } from './xml-decoder';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const CHUNK = 1 << 16;

function startsWithZipMagic(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(4);
    return fs.readSync(fd, head, 0, 4, 0) === 4 && head.equals(ZIP_MAGIC);
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads `file` as a zip when it is one (whatever its extension says), else as ReqIF XML. */
export async function readReqif(file: string): Promise<ReqifFile> {
  if (!fs.existsSync(file)) fail('FILE_NOT_FOUND', `${file} does not exist.`, { where: { file } });
  if (startsWithZipMagic(file)) return readReqifz(file);
  const parser = new ReqifStreamParser(path.basename(file), null);
  const decoder = new XmlTextDecoder(path.basename(file));
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK })) parser.write(decoder.write(chunk as Buffer));
  parser.write(decoder.end());
  return { container: 'reqif', documents: [parser.close()], attachments: [] };
}

/** One zip member as it streams by: a ReqIF document being parsed, or an attachment being hashed. */
type MemberReader = { push(chunk: Uint8Array): void; end(): void };

async function readReqifz(file: string): Promise<ReqifFile> {
  const documents: ReqifDocument[] = [];
  const attachments: ReqifAttachment[] = [];
  // fflate calls back inside push(); the first failure is kept and thrown from our own frame, not through fflate's
  let failure: unknown = null;
  const unzip = new Unzip((member: UnzipFile) => {
    if (member.name.endsWith('/')) return;
    const reader = memberReader(file, member.name, documents, attachments);
    member.ondata = (err, chunk, final) => {
      if (failure) return;
      try {
        if (err) throw err;
        reader.push(chunk);
        if (final) reader.end();
      } catch (e) {
        failure = e;
      }
    };
    member.start();
  });
  unzip.register(UnzipInflate);
  const zipName = path.basename(file);
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK })) {
      unzip.push(chunk as Buffer);
      if (failure) break;
    }
    if (!failure) unzip.push(new Uint8Array(0), true);
  } catch (e) {
    failure = e;
  }
  if (failure) {
    if (failure instanceof AppFailure) throw failure;
    fail('REQIF_INVALID', `${zipName} is not a readable .reqifz zip: ${failure instanceof Error ? failure.message : String(failure)}.`, { where: { file: zipName } });
  }
  if (documents.length === 0) fail('REQIF_INVALID', `${zipName} holds no .reqif member: it is not a .reqifz file.`, { where: { file: zipName } });
  return { container: 'reqifz', documents, attachments };
}

function memberReader(file: string, name: string, documents: ReqifDocument[], attachments: ReqifAttachment[]): MemberReader {
  if (name.toLowerCase().endsWith('.reqif')) {
    const source = `${path.basename(file)}:${name}`;
    const parser = new ReqifStreamParser(source, name);
    const decoder = new XmlTextDecoder(source);
    return {
      push: (chunk) => parser.write(decoder.write(chunk)),
      end: () => {
        parser.write(decoder.end());
        documents.push(parser.close());
      },
    };
  }
  const hash = createHash('sha256');
  let size = 0;
  return {
    push: (chunk) => {
      hash.update(chunk);
      size += chunk.byteLength;
    },
    end: () => attachments.push({ name, size, sha256: hash.digest('hex') }),
  };
}
