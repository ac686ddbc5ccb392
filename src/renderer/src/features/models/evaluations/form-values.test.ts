import { describe, expect, it } from 'vitest';
import type { ColumnSchema } from '../../../../../shared/domain';
import type { ModelVersionInfo } from '../../../../../shared/models';
import type { OnnxDim, OnnxInspection, OnnxValueInfo } from '../../../../../shared/onnx-model';
import { inputsNeedingColumns, parseBatchSizes, parseWholeNumbers } from './form-values';

const tensor = (name: string, elementType: string, shape: OnnxDim[] | null): OnnxValueInfo => ({ name, type: { kind: 'tensor', elementType, shape }, scorable: true });

function versionWith(inputs: OnnxValueInfo[]): ModelVersionInfo {
  const inspection: OnnxInspection = {
    file: 'model.onnx',
    bytes: 1,
    sha256: 'a'.repeat(64),
    modelSha256: 'a'.repeat(64),
    irVersion: 8,
    opsets: [{ domain: 'ai.onnx', version: 17 }],
    producer: { name: 'test', version: '1' },
    modelDomain: '',
    modelVersion: 0,
    graphName: 'g',
    docString: '',
    metadata: [],
    inputs,
    outputs: [],
    nodeCount: 1,
    operators: {},
    initializerCount: 0,
    parameterCount: 0,
    externalData: [],
  };
  return {
    id: 'm@1',
    name: 'm',
    version: 1,
    hash: inspection.sha256,
    source: 'import',
    runId: null,
    trainedOn: null,
    author: 'ann',
    authorFingerprint: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    description: '',
    tags: {},
    aliases: [],
    hasOnnx: true,
    inspection,
  };
}

const columns = (...names: string[]): ColumnSchema[] => names.map((name) => ({ name, type: 'numeric' }));

describe('batch sizes and row numbers typed in a form', () => {
  it('reads batch sizes separated by commas or spaces, once each, smallest first', () => {
    expect(parseBatchSizes('64, 1 8,,8')).toEqual([1, 8, 64]);
  });

  it('names the first entry that is not a whole number of at least 1', () => {
    expect(parseBatchSizes('1, 0, 8')).toBe("'0' is not a batch size (a whole number of at least 1)");
    expect(parseBatchSizes('1, 2.5')).toBe("'2.5' is not a batch size (a whole number of at least 1)");
    expect(parseBatchSizes('  ')).toBe('give at least one batch size');
  });

  it('takes row 0 as a row number and keeps the order typed', () => {
    expect(parseWholeNumbers('3, 0 1', 0, 'a row number')).toEqual([3, 0, 1]);
    expect(parseWholeNumbers('-1', 0, 'a row number')).toBe("'-1' is not a row number");
  });
});

describe('which model inputs need their columns named in the window', () => {
  it('needs none when one packed input holds exactly the columns left besides the target', () => {
    const version = versionWith([tensor('input', 'FLOAT', ['batch', 3])]);
    expect(inputsNeedingColumns(version, columns('a', 'b', 'c', 'y'), 'y')).toEqual([]);
  });

  it('needs the packed input when its row size differs from the columns left', () => {
    const version = versionWith([tensor('input', 'FLOAT', ['batch', 3])]);
    expect(inputsNeedingColumns(version, columns('a', 'b', 'y'), 'y').map((i) => i.name)).toEqual(['input']);
  });

  it('needs an input whose row size is dynamic, since the count of its columns cannot be known', () => {
    const version = versionWith([tensor('input', 'FLOAT', ['batch', null])]);
    expect(inputsNeedingColumns(version, columns('a', 'b'), null).map((i) => i.name)).toEqual(['input']);
  });

  it('maps inputs named like columns by themselves and asks for every other one when two are left', () => {
    const version = versionWith([tensor('age', 'FLOAT', ['N', 1]), tensor('x', 'FLOAT', ['N', 1]), tensor('z', 'FLOAT', ['N', 1])]);
    expect(inputsNeedingColumns(version, columns('age', 'b', 'c'), null).map((i) => i.name)).toEqual(['x', 'z']);
  });

  it('asks nothing before a dataset version is picked', () => {
    expect(inputsNeedingColumns(versionWith([tensor('x', 'FLOAT', null)]), [], null)).toEqual([]);
  });
});
