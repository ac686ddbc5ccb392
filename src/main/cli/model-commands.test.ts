import fs from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { inspectOnnx } from '../models/onnx-inspect';
import { tempDir } from '../test-support/temp-project';
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
