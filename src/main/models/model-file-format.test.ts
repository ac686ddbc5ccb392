import { describe, expect, it } from 'vitest';
import { toAppError } from '../../shared/errors';
import { refuseUnsafeModelFile, unsafeModelFormat } from './model-file-format';

/** The first bytes of an ONNX model: field 1 (ir_version) = 8, then field 2 (producer_name). */
const ONNX_HEAD = Uint8Array.from([0x08, 0x08, 0x12, 0x07, 0x70, 0x79, 0x74, 0x6f]);

describe('unsafeModelFormat', () => {
  it('lets an ONNX file through', () => {
    expect(unsafeModelFormat('model.onnx', ONNX_HEAD)).toBeNull();
  });

  it.each([
    ['pickle protocol 2', [0x80, 0x02, 0x7d], /Python pickle \(protocol 2\).*arbitrary code/],
    ['pickle protocol 5', [0x80, 0x05, 0x95], /Python pickle \(protocol 5\)/],
    ['zip (torch.save)', [0x50, 0x4b, 0x03, 0x04], /zip archive.*torch\.save/],
    ['gzip (joblib)', [0x1f, 0x8b, 0x08], /gzip-compressed.*joblib/],
    ['zlib (joblib)', [0x78, 0x9c, 0x6b], /zlib-compressed.*joblib/],
    ['bz2 (joblib)', [0x42, 0x5a, 0x68, 0x39], /bz2-compressed/],
    ['xz (joblib)', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], /xz-compressed/],
    ['lz4 (joblib)', [0x04, 0x22, 0x4d, 0x18], /lz4-compressed/],
  ])('recognises %s by its magic bytes whatever the file is called', (_, head, why) => {
    expect(unsafeModelFormat('model.onnx', Uint8Array.from(head))).toMatch(why);
  });

  it.each(['model.pkl', 'model.PICKLE', 'model.joblib', 'net.pt', 'net.pth', 'epoch=3.ckpt', 'bundle.zip'])(
    'refuses %s by its extension even when its bytes look like ONNX',
    (name) => {
      expect(unsafeModelFormat(name, ONNX_HEAD)).toMatch(/pickle|zip archive/);
    },
  );
});

describe('refuseUnsafeModelFile', () => {
  it('fails with UNSUPPORTED_FORMAT naming the file, the reason and how to export ONNX instead', () => {
    let error;
    try {
      refuseUnsafeModelFile('/models/forest.joblib', ONNX_HEAD);
    } catch (e) {
      error = toAppError(e);
    }
    expect(error).toMatchObject({
      code: 'UNSUPPORTED_FORMAT',
      message: expect.stringMatching(/^forest\.joblib was refused: a joblib file is a \(possibly compressed\) pickle/),
      where: { file: '/models/forest.joblib' },
      hint: expect.stringMatching(/skl2onnx.*torch\.onnx\.export/),
    });
  });

  it('returns quietly for an ONNX file', () => {
    expect(() => refuseUnsafeModelFile('model.onnx', ONNX_HEAD)).not.toThrow();
  });
});
