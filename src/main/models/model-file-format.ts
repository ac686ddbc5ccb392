// Refuses model files that run code when they are loaded (pickle, joblib, PyTorch archives), by magic bytes and by extension, before any parsing.
import path from 'node:path';
import { fail } from '../../shared/errors';

const PICKLE_WHY = 'a Python pickle runs arbitrary code when it is loaded, so Airlock never opens one';
const HINT = 'Export the model to ONNX (skl2onnx for scikit-learn, torch.onnx.export for PyTorch) and import the .onnx file.';

/** Extensions of formats that execute code on load, with the reason shown to the user. */
const REFUSED_EXTENSIONS: Readonly<Record<string, string>> = {
  '.pkl': PICKLE_WHY,
  '.pickle': PICKLE_WHY,
  '.joblib': `a joblib file is a (possibly compressed) pickle: ${PICKLE_WHY}`,
  '.pt': `a PyTorch .pt file is a zip archive of pickles: ${PICKLE_WHY}`,
  '.pth': `a PyTorch .pth file is a zip archive of pickles: ${PICKLE_WHY}`,
  '.ckpt': `a checkpoint is a zip archive of pickles: ${PICKLE_WHY}`,
  '.zip': 'a zip archive is not an ONNX model (PyTorch saves its pickled models as zip archives)',
};

/**
 * Leading bytes of those formats. A pickle of protocol 2 or later starts with PROTO (0x80) and its version; joblib
 * compresses pickles with zlib, gzip, bz2, xz or lz4; torch.save writes a zip. An ONNX model (a protobuf whose
 * first field is ir_version) starts with 0x08, so none of these can be mistaken for one.
 */
const REFUSED_MAGIC: ReadonlyArray<{ bytes: number[]; why: string }> = [
  ...[2, 3, 4, 5].map((protocol) => ({ bytes: [0x80, protocol], why: `it is a Python pickle (protocol ${protocol}): ${PICKLE_WHY}` })),
  { bytes: [0x50, 0x4b, 0x03, 0x04], why: 'it is a zip archive (torch.save writes pickles into one), not an ONNX model' },
  { bytes: [0x1f, 0x8b], why: `it is gzip-compressed (as joblib compresses pickles): ${PICKLE_WHY}` },
  { bytes: [0x42, 0x5a, 0x68], why: `it is bz2-compressed (as joblib compresses pickles): ${PICKLE_WHY}` },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], why: `it is xz-compressed (as joblib compresses pickles): ${PICKLE_WHY}` },
  { bytes: [0x04, 0x22, 0x4d, 0x18], why: `it is lz4-compressed (as joblib compresses pickles): ${PICKLE_WHY}` },
  { bytes: [0x78, 0x9c], why: `it is zlib-compressed (as joblib compresses pickles): ${PICKLE_WHY}` },
];

/** Why a file must not be opened as a model, or null when nothing marks it as a code-executing format. */
export function unsafeModelFormat(file: string, head: Uint8Array): string | null {
  const magic = REFUSED_MAGIC.find((m) => m.bytes.every((b, i) => head[i] === b));
  if (magic) return magic.why;
  return REFUSED_EXTENSIONS[path.extname(file).toLowerCase()] ?? null;
}

/** Fails with UNSUPPORTED_FORMAT naming the file and the reason when it is a pickle, joblib, PyTorch or zip file. */
export function refuseUnsafeModelFile(file: string, head: Uint8Array): void {
  const why = unsafeModelFormat(file, head);
  if (why !== null) fail('UNSUPPORTED_FORMAT', `${path.basename(file)} was refused: ${why}.`, { where: { file }, hint: HINT });
}
