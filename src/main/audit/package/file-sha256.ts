// A file's size and SHA-256, read as a stream so a large file of a package never sits in memory whole.
import { createHash } from 'node:crypto';
import fs from 'node:fs';

export async function fileSha256(file: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file)) {
    const data: Buffer = chunk; // a stream opened without an encoding yields Buffers
    bytes += data.length;
    hash.update(data);
  }
  return { bytes, sha256: hash.digest('hex') };
}
