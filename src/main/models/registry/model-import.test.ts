import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { LineageRepo } from '../../store/lineage-repo';
import { ModelVersionsRepo } from '../../store/model-versions-repo';
import { errorOf } from '../../test-support/app-error-of';
import { tempDir, tempProject } from '../../test-support/temp-project';
import { importModel } from './model-import';

const { onnx } = onnxProto;
const DT = onnx.TensorProto.DataType;

const tensor = (name: string, dims: (number | string)[]): onnxProto.onnx.IValueInfoProto => ({
  name,
  type: { tensorType: { elemType: DT.FLOAT, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
});

/** y = x W + B on float [batch, 2]; W inline with the given values, or as 16 bytes of external data at `location`. */
function gemm(w: number[] | { location: string }): Uint8Array {
  const W: onnxProto.onnx.ITensorProto = Array.isArray(w)
    ? { name: 'W', dataType: DT.FLOAT, dims: [2, 2], floatData: w }
    : { name: 'W', dataType: DT.FLOAT, dims: [2, 2], dataLocation: onnx.TensorProto.DataLocation.EXTERNAL, externalData: [{ key: 'location', value: w.location }] };
  return onnx.ModelProto.encode({
    irVersion: 8,
    producerName: 'airlock-test',
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'gemm',
      input: [tensor('x', ['batch', 2])],
      initializer: [W, { name: 'B', dataType: DT.FLOAT, dims: [2], floatData: [0.5, -0.5] }],
      node: [{ opType: 'Gemm', input: ['x', 'W', 'B'], output: ['y'] }],
      output: [tensor('y', ['batch', 2])],
    },
  }).finish();
}

function write(dir: string, name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  return file;
}

describe('importModel', () => {
  it('stores a valid .onnx file as version 1 with its hash, inspection, author and audit entry', () => {
    const store = tempProject();
    const bytes = gemm([1, 0, 0, 1]);
    const file = write(tempDir(), 'gemm.onnx', bytes);
    const r = importModel(store, file, { name: 'churn', description: 'first try' });
    expect(r).toEqual({
      model: 'churn',
      version: 1,
      id: 'churn@1',
      hash: createHash('sha256').update(bytes).digest('hex'),
      inputs: [{ name: 'x', type: 'tensor(float)', shape: ['batch', 2] }],
      outputs: [{ name: 'y', type: 'tensor(float)', shape: ['batch', 2] }],
      opset: 17,
      reused: false,
    });
    const v = new ModelVersionsRepo(store.db).resolve('churn@1');
    expect(v).toMatchObject({ source: 'import', runId: null, modelBlob: null, author: 'tester@lab', authorFingerprint: null });
    // the content address is the file's own SHA-256, so it equals `sha256sum gemm.onnx`
    expect(v.hash).toBe(v.onnxBlob);
    expect(store.blobs.get(v.onnxBlob!).equals(Buffer.from(bytes))).toBe(true);
    expect(JSON.parse(store.blobs.get(v.inspectionBlob!).toString('utf8'))).toMatchObject({ file: 'gemm.onnx', sha256: v.hash, nodeCount: 1 });
    expect(store.audit.list(1)[0]).toMatchObject({ action: 'model.import', target: 'model_version:churn@1', details: { file: 'gemm.onnx', hash: v.hash } });
    const row = store.db.prepare('SELECT description FROM model_descriptions WHERE model = ? AND version = 1').get('churn') as { description: string };
    expect(row.description).toBe('first try');
  });

  it('returns the latest version again for an identical file, and makes version 2 for a changed one', () => {
    const store = tempProject();
    const dir = tempDir();
    const first = importModel(store, write(dir, 'a.onnx', gemm([1, 0, 0, 1])), { name: 'm' });
    const again = importModel(store, write(dir, 'copy.onnx', gemm([1, 0, 0, 1])), { name: 'm', author: 'bob' });
    expect(again).toMatchObject({ id: 'm@1', reused: true, hash: first.hash });
    const changed = importModel(store, write(dir, 'b.onnx', gemm([2, 0, 0, 2])), { name: 'm', author: 'bob', authorFingerprint: 'f'.repeat(64) });
    expect(changed).toMatchObject({ id: 'm@2', version: 2, reused: false });
    expect(changed.hash).not.toBe(first.hash);
    expect(new ModelVersionsRepo(store.db).resolve('m@2')).toMatchObject({ author: 'bob', authorFingerprint: 'f'.repeat(64) });
    expect(store.audit.list(10).filter((e) => e.action === 'model.import')).toHaveLength(2);
  });

  it('stores each external data file as a blob row at its location, part of the hash', () => {
    const store = tempProject();
    const dir = tempDir();
    const weights = new Uint8Array(new Float32Array([1, 2, 3, 4]).buffer);
    write(dir, 'weights/w.bin', weights);
    const r = importModel(store, write(dir, 'ext.onnx', gemm({ location: 'weights/w.bin' })), { name: 'ext' });
    const repo = new ModelVersionsRepo(store.db);
    const files = repo.files('ext@1');
    expect(files).toEqual([{ location: 'weights/w.bin', blob: expect.any(String), bytes: 16 }]);
    expect(store.blobs.get(files[0].blob).equals(Buffer.from(weights))).toBe(true);
    expect(r.hash).not.toBe(repo.resolve('ext@1').onnxBlob);
  });

  it('refuses a pickle, a malformed model and missing external data in one line, storing nothing', () => {
    const store = tempProject();
    const dir = tempDir();
    const before = store.audit.list(100).length;
    const pickle = errorOf(() => importModel(store, write(dir, 'model.pkl', new Uint8Array([0x80, 4, 0x95, 0, 0])), { name: 'bad' }));
    expect(pickle).toMatchObject({ code: 'UNSUPPORTED_FORMAT', message: expect.stringContaining('model.pkl') });
    // an upload is staged as '<id>.upload': the name the person chose is what is judged and shown
    const staged = write(dir, 'abc.upload', new Uint8Array([0x80, 4, 0x95, 0, 0]));
    expect(errorOf(() => importModel(store, staged, { name: 'bad', fileName: 'clf.joblib' })).message).toContain('clf.joblib');
    const cut = errorOf(() => importModel(store, write(dir, 'cut.onnx', gemm([1, 0, 0, 1]).subarray(0, 30)), { name: 'bad' }));
    expect(cut).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/^cut\.onnx is not a readable ONNX model/) });
    const missing = errorOf(() => importModel(store, write(dir, 'lonely.onnx', gemm({ location: 'gone.bin' })), { name: 'bad' }));
    expect(missing).toMatchObject({ code: 'FILE_NOT_FOUND', message: expect.stringContaining("'gone.bin'") });
    // a browser upload is one file: its error says where a model with external data can be imported
    const upload = errorOf(() => importModel(store, write(dir, 'u1.upload', gemm({ location: 'w.bin' })), { name: 'bad', fileName: 'big.onnx', uploaded: true }));
    expect(upload).toMatchObject({ code: 'BAD_INPUT', where: { file: 'big.onnx', field: 'external_data.location' } });
    expect(upload.message).toMatch(/^big\.onnx needs external data file 'w\.bin'.*: an upload carries one file, so a model with external data is imported with the desktop app or the CLI\.$/);
    for (const e of [pickle, cut, missing, upload]) expect(e.message).not.toContain('\n');
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM models').get()).toEqual({ n: 0 });
    expect(store.audit.list(100)).toHaveLength(before);
    expect(new LineageRepo(store.db).exists({ kind: 'model_version', id: 'bad@1' })).toBe(false);
  });
});
