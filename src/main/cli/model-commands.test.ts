import fs from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import type { TrainResult } from '../../shared/experiments';
import type { ModelImportResult, ModelSummary } from '../../shared/models';
import { inspectOnnx } from '../models/onnx-inspect';
import { tempDir } from '../test-support/temp-project';
import { UserProfiles } from '../users/user-profiles';
import { runCli } from './program';

const { onnx } = onnxProto;

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** x: STRING [rows, ?] -> Identity -> y, with one metadata prop. */
function writeModel(dir: string): string {
  const info = (name: string): onnxProto.onnx.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.STRING, shape: { dim: [{ dimParam: 'rows' }, {}] } } },
  });
  const bytes = onnx.ModelProto.encode({
    irVersion: 8,
    producerName: 'cli-test',
    opsetImport: [{ domain: '', version: 17 }],
    metadataProps: [{ key: 'owner', value: 'lab 4' }],
    graph: { name: 'g', input: [info('x')], node: [{ opType: 'Identity', domain: '', input: ['x'], output: ['y'] }], output: [info('y')] },
  }).finish();
  const file = path.join(dir, 'text.onnx');
  fs.writeFileSync(file, bytes);
  return file;
}

describe('airlock model inspect', () => {
  it('prints the inspection as JSON without a project', async () => {
    const file = writeModel(tempDir());
    const r = await cli('model', 'inspect', file, '--json');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(r.out)).toEqual(inspectOnnx(file));
  });

  it('prints inputs, outputs, shapes with unnamed dims as ?, metadata and operators for a person', async () => {
    const file = writeModel(tempDir());
    const r = await cli('model', 'inspect', file);
    expect(r.code).toBe(0);
    expect(r.out).toContain('input\tx\tSTRING [rows, ?]');
    expect(r.out).toContain('output\ty\tSTRING [rows, ?]');
    expect(r.out).toContain('metadata\towner=lab 4');
    expect(r.out).toContain('operator\tai.onnx:Identity\t1');
  });

  it('refuses a pickle in one line on stderr with exit code 1', async () => {
    const file = path.join(tempDir(), 'model.pkl');
    fs.writeFileSync(file, Uint8Array.from([0x80, 0x04, 0x4b, 0x01, 0x2e]));
    const r = await cli('model', 'inspect', file, '--json');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^airlock: UNSUPPORTED_FORMAT: model\.pkl was refused: .*pickle/);
  });
});

describe('airlock model import, register, list, show, tag and describe', () => {
  const dataDir = tempDir();
  const project = path.join(tempDir(), 'proj');
  const inProject = (...args: string[]) => cli('--data-dir', dataDir, ...args, '--project', project);
  /** The command's one JSON document, as the type its channel answers. */
  const json = async <T,>(...args: string[]): Promise<T> => {
    const r = await inProject(...args, '--json');
    expect(r).toMatchObject({ code: 0, err: '' });
    return JSON.parse(r.out) as T;
  };

  it('imports an .onnx file as version 1 and prints {model, version, hash, inputs, outputs, opset}; the same file again is that version', async () => {
    expect((await cli('--data-dir', dataDir, 'init', project)).code).toBe(0);
    const ada = new UserProfiles(dataDir).create('ada', 'correct horse battery');
    const file = writeModel(tempDir());
    const r = await json<ModelImportResult>('model', 'import', file, '--name', 'echo', '--as', 'ada', '--description', 'passes text through');
    expect(r).toMatchObject({ model: 'echo', version: 1, hash: inspectOnnx(file).sha256, opset: 17, reused: false });
    expect(r.inputs).toEqual([{ name: 'x', type: 'tensor(string)', shape: ['rows', null] }]);
    expect(r.outputs).toEqual([{ name: 'y', type: 'tensor(string)', shape: ['rows', null] }]);
    expect(await json('model', 'import', file, '--name', 'echo')).toMatchObject({ version: 1, reused: true });
    expect(await json('model', 'show', 'echo@1')).toMatchObject({ author: 'ada', authorFingerprint: ada.fingerprint, description: 'passes text through', source: 'import' });
  });

  it("registers a run's model with train --register and with model register, and lists both models", async () => {
    const csv = path.join(tempDir(), 'pts.csv');
    fs.writeFileSync(csv, `a,b,y\n${Array.from({ length: 120 }, (_, i) => `${i % 7},${(i * 13) % 11},${i % 7 > 3 ? 'hi' : 'lo'}`).join('\n')}\n`);
    expect((await inProject('dataset', 'import', csv, '--name', 'pts')).code).toBe(0);
    const trained = await json<TrainResult>('train', '--dataset', 'pts', '--target', 'y', '--model', 'logreg', '--register', 'pts-clf');
    expect(trained.model).toBe('pts-clf@1');
    expect(await json('model', 'register', trained.run, '--name', 'pts-clf')).toMatchObject({ id: 'pts-clf@1', runId: trained.run });
    expect(await json('model', 'register', trained.run, '--name', 'copy', '--as', 'bob')).toMatchObject({ id: 'copy@1', author: 'bob', authorFingerprint: null });
    const list = await json<ModelSummary[]>('model', 'list');
    expect(list.map((m) => `${m.name}:${m.versions}`)).toEqual(['copy:1', 'echo:1', 'pts-clf:1']);
    const human = await inProject('model', 'show', 'pts-clf');
    expect(human.code).toBe(0);
    expect(human.out).toContain('model\tpts-clf');
    expect(human.out).toMatch(/^1\t\S+\t\S+\trun\t/m);
  });

  it('tags and describes a model and one version, and removes a tag', async () => {
    expect(await json('model', 'tag', 'echo', 'team=text', 'stage=trial')).toEqual({ stage: 'trial', team: 'text' });
    expect(await json('model', 'tag', 'echo@1', 'reviewed=yes=really')).toEqual({ reviewed: 'yes=really' });
    expect(await json('model', 'tag', 'echo', '--remove', 'stage')).toEqual({ team: 'text' });
    expect(await json('model', 'describe', 'echo', 'an identity model')).toMatchObject({ description: 'an identity model', tags: { team: 'text' } });
    const shown = await inProject('model', 'show', 'echo@1');
    expect(shown.out).toContain('tags\treviewed=yes=really');
    expect(shown.out).toContain('input\tx STRING [rows, ?]');
  });

  it('refuses an unknown model, a bad tag and a bad version in one line with exit code 1', async () => {
    for (const args of [['model', 'show', 'nothing@1'], ['model', 'tag', 'echo', 'novalue'], ['model', 'describe', 'echo@x', 'text'], ['model', 'import', writeModel(tempDir()), '--name', 'bad name']]) {
      const r = await inProject(...args);
      expect(r.code).toBe(1);
      expect(r.err.split('\n')).toHaveLength(1);
    }
  });
});
