import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { OnnxValueInfo } from '../../../shared/onnx-model';
import { GraphBuilder } from '../../onnx/onnx-graph-builder';
import { errorOf } from '../../test-support/app-error-of';
import { SYNTHETIC_STRING, syntheticBatch, syntheticInputs } from './synthetic-inputs';

const tensor = (name: string, elementType: string, shape: (number | string | null)[] | null): OnnxValueInfo => ({ name, type: { kind: 'tensor', elementType, shape }, scorable: true });

describe('syntheticInputs', () => {
  it('takes the first dim as the batch, a fixed one as the only batch, and other dynamic dims as 1', () => {
    const inputs = syntheticInputs([tensor('x', 'FLOAT', ['N', 3]), tensor('img', 'float', [1, 1, 'h', null]), tensor('k', 'INT64', [null])]);
    expect(inputs).toEqual([
      { name: 'x', elementType: 'FLOAT', rowShape: [3], fixedBatch: null },
      { name: 'img', elementType: 'FLOAT', rowShape: [1, 1, 1], fixedBatch: 1 },
      { name: 'k', elementType: 'INT64', rowShape: [], fixedBatch: null },
    ]);
  });

  it('refuses an input it cannot make up, naming it and pointing to a dataset instead', () => {
    const cases: [OnnxValueInfo, string][] = [
      [tensor('x', 'FLOAT', null), "Input 'x' states no shape, so it has no batch dim to vary."],
      [tensor('s', 'FLOAT', []), "Input 's' is a single value (shape []), so it has no batch dim to vary."],
      [tensor('h', 'FLOAT16', ['N', 2]), "Input 'h' takes FLOAT16 values, which Airlock cannot make up."],
      [{ name: 'm', type: { kind: 'sequence', element: { kind: 'unknown' } }, scorable: false }, "Input 'm' is a sequence, not a tensor, so no values can be made up for it."],
    ];
    for (const [input, message] of cases) {
      const e = errorOf(() => syntheticInputs([input]));
      expect(e.code).toBe('BAD_INPUT');
      expect(e.message).toBe(message);
      expect(e.where).toEqual({ field: input.name });
      expect(e.hint).toBe('Benchmark it on a dataset version instead (--dataset NAME@VERSION).');
    }
  });
});

describe('syntheticBatch', () => {
  it('makes the same values from the same seed, in each input type and shape', () => {
    const inputs = syntheticInputs([tensor('x', 'FLOAT', ['N', 3]), tensor('b', 'BOOL', ['N']), tensor('s', 'STRING', ['N', 1]), tensor('k', 'INT32', ['N', 2])]);
    const a = syntheticBatch(inputs, 4);
    expect(a).toEqual(syntheticBatch(inputs, 4));
    expect(a.x).toMatchObject({ type: 'float32', dims: [4, 3] });
    expect(a.x.data).not.toEqual(syntheticBatch(inputs, 4, 8).x.data);
    expect(Array.from(a.x.data as Float32Array).every((v) => v >= 0 && v < 1)).toBe(true);
    expect(a.b.type).toBe('bool');
    expect(Array.from(a.b.data as Uint8Array).every((v) => v === 0 || v === 1)).toBe(true);
    expect(a.s).toEqual({ type: 'string', data: new Array(4).fill(SYNTHETIC_STRING), dims: [4, 1] });
    expect(a.k).toMatchObject({ type: 'int32', dims: [4, 2] });
    expect(Array.from(a.k.data as Int32Array).every((v) => Number.isInteger(v) && v >= 0 && v <= 9)).toBe(true);
  });

  it('feeds a real onnxruntime session with float, string and int64 inputs of symbolic shape', async () => {
    const g = new GraphBuilder();
    g.input('x', 'float', ['N', 3]);
    g.input('s', 'string', ['N', 1]);
    g.input('k', 'int64', ['N']);
    g.node('Add', ['x', 'x'], {}, { outputs: ['y'] });
    g.node('Identity', ['s'], {}, { outputs: ['s_out'] });
    g.node('Identity', ['k'], {}, { outputs: ['k_out'] });
    g.output('y', 'float', ['N', 3]);
    g.output('s_out', 'string', ['N', 1]);
    g.output('k_out', 'int64', ['N']);
    const session = await ort.InferenceSession.create(g.encode({ producer: 'test', version: '1', graphName: 'synthetic' }));
    try {
      const inputs = syntheticInputs([tensor('x', 'FLOAT', ['N', 3]), tensor('s', 'STRING', ['N', 1]), tensor('k', 'INT64', ['N'])]);
      const batch = syntheticBatch(inputs, 64);
      const feeds = Object.fromEntries(Object.entries(batch).map(([name, t]) => [name, new ort.Tensor(t.type, t.data, t.dims)]));
      const out = await session.run(feeds);
      expect(out.y.dims).toEqual([64, 3]);
      expect(out.y.data[5]).toBeCloseTo(2 * (batch.x.data[5] as number), 6);
      expect(out.s_out.data[63]).toBe(SYNTHETIC_STRING);
      expect(out.k_out.dims).toEqual([64]);
    } finally {
      await session.release();
    }
  });
});
