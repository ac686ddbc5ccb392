import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineageRepo } from '../../store/lineage-repo';
import { ModelVersionsRepo } from '../../store/model-versions-repo';
import { errorOf } from '../../test-support/app-error-of';
import { tempDir, tempProject } from '../../test-support/temp-project';
import { externalDataRegressor, linearRegressor, writeTestModel, type TestModel } from '../test-models';
import { importModel } from './model-import';

/** The model file alone, without the external data files it names. */
const withoutExternal = (m: TestModel): TestModel => ({ ...m, external: [] });

function writeBytes(dir: string, name: string, bytes: Uint8Array): string {
  return writeTestModel(dir, name, { bytes, external: [] });
}

describe('importModel', () => {
  it('stores a valid .onnx file as version 1 with its hash, inspection, author and audit entry', () => {
    const store = tempProject();
    const model = linearRegressor([1, 0], 0);
    const file = writeTestModel(tempDir(), 'linear.onnx', model);
    const r = importModel(store, file, { name: 'churn', description: 'first try' });
    expect(r).toEqual({
      model: 'churn',
      version: 1,
      id: 'churn@1',
      hash: createHash('sha256').update(model.bytes).digest('hex'),
      inputs: [{ name: 'x', type: 'tensor(float)', shape: ['N', 2] }],
      outputs: [{ name: 'variable', type: 'tensor(float)', shape: ['N', 1] }],
      opset: 17,
      reused: false,
    });
    const v = new ModelVersionsRepo(store.db).resolve('churn@1');
    expect(v).toMatchObject({ source: 'import', runId: null, modelBlob: null, author: 'tester@lab', authorFingerprint: null });
    // the content address is the file's own SHA-256, so it equals `sha256sum linear.onnx`
    expect(v.hash).toBe(v.onnxBlob);
    expect(store.blobs.get(v.onnxBlob!).equals(Buffer.from(model.bytes))).toBe(true);
    expect(JSON.parse(store.blobs.get(v.inspectionBlob!).toString('utf8'))).toMatchObject({ file: 'linear.onnx', sha256: v.hash, nodeCount: 1 });
    expect(store.audit.list(1)[0]).toMatchObject({ action: 'model.import', target: 'model_version:churn@1', details: { file: 'linear.onnx', hash: v.hash } });
    const row = store.db.prepare('SELECT description FROM model_descriptions WHERE model = ? AND version = 1').get('churn') as { description: string };
    expect(row.description).toBe('first try');
  });

  it('returns the latest version again for an identical file, and makes version 2 for a changed one', () => {
    const store = tempProject();
    const dir = tempDir();
    const first = importModel(store, writeTestModel(dir, 'a.onnx', linearRegressor([1, 0], 0)), { name: 'm' });
    const again = importModel(store, writeTestModel(dir, 'copy.onnx', linearRegressor([1, 0], 0)), { name: 'm', author: 'bob' });
    expect(again).toMatchObject({ id: 'm@1', reused: true, hash: first.hash });
    const changed = importModel(store, writeTestModel(dir, 'b.onnx', linearRegressor([2, 0], 0)), { name: 'm', author: 'bob', authorFingerprint: 'f'.repeat(64) });
    expect(changed).toMatchObject({ id: 'm@2', version: 2, reused: false });
    expect(changed.hash).not.toBe(first.hash);
    expect(new ModelVersionsRepo(store.db).resolve('m@2')).toMatchObject({ author: 'bob', authorFingerprint: 'f'.repeat(64) });
    expect(store.audit.list(10).filter((e) => e.action === 'model.import')).toHaveLength(2);
  });

  it('stores each external data file as a blob row at its location, part of the hash', () => {
    const store = tempProject();
    const model = externalDataRegressor('weights/w.bin');
    const r = importModel(store, writeTestModel(tempDir(), 'ext.onnx', model), { name: 'ext' });
    const repo = new ModelVersionsRepo(store.db);
    const files = repo.files('ext@1');
    expect(files).toEqual([{ location: 'weights/w.bin', blob: expect.any(String), bytes: model.external[0].bytes.byteLength }]);
    expect(store.blobs.get(files[0].blob).equals(Buffer.from(model.external[0].bytes))).toBe(true);
    expect(r.hash).not.toBe(repo.resolve('ext@1').onnxBlob);
  });

  it('refuses a pickle, a malformed model and missing external data in one line, storing nothing', () => {
    const store = tempProject();
    const dir = tempDir();
    const before = store.audit.list(100).length;
    const pickleBytes = new Uint8Array([0x80, 4, 0x95, 0, 0]);
    const pickle = errorOf(() => importModel(store, writeBytes(dir, 'model.pkl', pickleBytes), { name: 'bad' }));
    expect(pickle).toMatchObject({ code: 'UNSUPPORTED_FORMAT', message: expect.stringContaining('model.pkl') });
    // an upload is staged as '<id>.upload': the name the person chose is what is judged and shown
    expect(errorOf(() => importModel(store, writeBytes(dir, 'abc.upload', pickleBytes), { name: 'bad', fileName: 'clf.joblib' })).message).toContain('clf.joblib');
    const cut = errorOf(() => importModel(store, writeBytes(dir, 'cut.onnx', linearRegressor([1, 0], 0).bytes.subarray(0, 30)), { name: 'bad' }));
    expect(cut).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/^cut\.onnx is not a readable ONNX model/) });
    const missing = errorOf(() => importModel(store, writeTestModel(dir, 'lonely.onnx', withoutExternal(externalDataRegressor('gone.bin'))), { name: 'bad' }));
    expect(missing).toMatchObject({ code: 'FILE_NOT_FOUND', message: expect.stringContaining("'gone.bin'") });
    // a browser upload is one file: its error says where a model with external data can be imported
    const upload = errorOf(() => importModel(store, writeTestModel(dir, 'u1.upload', withoutExternal(externalDataRegressor('w.bin'))), { name: 'bad', fileName: 'big.onnx', uploaded: true }));
    expect(upload).toMatchObject({ code: 'BAD_INPUT', where: { file: 'big.onnx', field: 'external_data.location' } });
    expect(upload.message).toMatch(/^big\.onnx needs external data file 'w\.bin'.*: an upload carries one file, so a model with external data is imported with the desktop app or the CLI\.$/);
    for (const e of [pickle, cut, missing, upload]) expect(e.message).not.toContain('\n');
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM models').get()).toEqual({ n: 0 });
    expect(store.audit.list(100)).toHaveLength(before);
    expect(new LineageRepo(store.db).exists({ kind: 'model_version', id: 'bad@1' })).toBe(false);
    expect(fs.readdirSync(path.join(store.dir, 'blobs')).filter((d) => d !== 'tmp')).toEqual([]);
  });
});
