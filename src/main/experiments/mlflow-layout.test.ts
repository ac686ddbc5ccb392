import { describe, expect, it } from 'vitest';
import { errorOf } from '../test-support/app-error-of';
import {
  fieldsToTags,
  formatMetricLine,
  formatMetricValue,
  keyPath,
  laterPoint,
  mediaTypeOf,
  MetricHistoryBuilder,
  parseMetaYaml,
  parseMetricLine,
  stringifyMetaYaml,
  takeFieldTags,
} from './mlflow-layout';

describe('MLflow file layout', () => {
  it('reads metric lines with nan, signed infinities, exponents and the legacy two-field form', () => {
    expect(parseMetricLine('1700000000000 0.25 3', 'f', 1)).toEqual({ at: 1700000000000, value: 0.25, step: 3 });
    expect(parseMetricLine('1 nan 0', 'f', 1).value).toBeNaN();
    expect(parseMetricLine('1 -inf 0', 'f', 1).value).toBe(-Infinity);
    expect(parseMetricLine('1 Infinity 0', 'f', 1).value).toBe(Infinity);
    expect(parseMetricLine('1 1e-05 -2\r', 'f', 1)).toEqual({ at: 1, value: 1e-5, step: -2 });
    expect(parseMetricLine('5 0.5', 'f', 1)).toEqual({ at: 5, value: 0.5, step: 0 });
  });

  it('refuses a metric line that is not <timestamp> <value> <step>, naming the file and line', () => {
    expect(errorOf(() => parseMetricLine('1 0.5 2 9', '/m/loss', 4))).toMatchObject({ code: 'MLFLOW_BAD_FILE', where: { file: '/m/loss', line: 4 } });
    expect(errorOf(() => parseMetricLine('1.5 0.5 2', '/m/loss', 1)).message).toMatch(/timestamp/);
    expect(errorOf(() => parseMetricLine('1 abc 2', '/m/loss', 1)).message).toMatch(/value/);
    expect(errorOf(() => parseMetricLine('1 0.5 2.0', '/m/loss', 1)).message).toMatch(/step/);
    expect(errorOf(() => parseMetricLine('1  0.5 2', '/m/loss', 1)).message).toMatch(/4 fields/);
  });

  it('writes metric values the way Python prints floats', () => {
    expect([1, 0.1, -3, 1e21, NaN, null, Infinity, -Infinity].map(formatMetricValue)).toEqual(['1.0', '0.1', '-3.0', '1e+21', 'nan', 'nan', 'inf', '-inf']);
    expect(formatMetricLine({ at: 7, value: 2, step: 1 })).toBe('7 2.0 1\n');
  });

  it('orders points as MLflow does: larger step, then later timestamp, then larger value', () => {
    expect(laterPoint({ step: 2, at: 1, value: 0 }, { step: 1, at: 9, value: 9 })).toBe(true);
    expect(laterPoint({ step: 1, at: 2, value: 0 }, { step: 1, at: 1, value: 9 })).toBe(true);
    expect(laterPoint({ step: 1, at: 1, value: 2 }, { step: 1, at: 1, value: 1 })).toBe(true);
    expect(laterPoint({ step: 1, at: 1, value: NaN }, { step: 1, at: 1, value: 1 })).toBe(false);
  });

  it('keeps meta.yaml strings as written, typing only integers and nulls', () => {
    const meta = parseMetaYaml("run_name: y\nsource_version: 2024-01-01\nexperiment_id: '7'\nstart_time: 1700000000000\nend_time: null\nx: 1e5\ntags: []\n", 'meta.yaml');
    expect(meta).toEqual({ run_name: 'y', source_version: '2024-01-01', experiment_id: '7', start_time: 1700000000000, end_time: null, x: '1e5', tags: [] });
  });

  it('writes meta.yaml with sorted keys and quotes every string a YAML 1.1 reader would take for something else', () => {
    const text = stringifyMetaYaml({ name: 'yes', experiment_id: '0', end_time: null, artifact_location: 'file:///tmp/x' });
    expect(text).toBe("artifact_location: file:///tmp/x\nend_time: null\nexperiment_id: '0'\nname: 'yes'\n");
    expect(parseMetaYaml(text, 'meta.yaml')).toEqual({ name: 'yes', experiment_id: '0', end_time: null, artifact_location: 'file:///tmp/x' });
  });

  it('refuses a meta.yaml that is not YAML, naming the line', () => {
    expect(errorOf(() => parseMetaYaml('name: a\nb: c: d\n', '/e/meta.yaml'))).toMatchObject({ code: 'MLFLOW_BAD_FILE', where: { file: '/e/meta.yaml', line: 2 } });
  });

  it('refuses keys that would leave their folder', () => {
    expect(keyPath('model/layers/0', 'param')).toEqual(['model', 'layers', '0']);
    for (const bad of ['../x', 'a//b', '/abs', 'a/./b', 'a/']) expect(errorOf(() => keyPath(bad, 'param')).code).toBe('BAD_INPUT');
  });

  it('guesses media types from the extension and knows MLflow model files', () => {
    expect(mediaTypeOf('plots/ROC.PNG')).toBe('image/png');
    expect(mediaTypeOf('model/MLmodel')).toBe('application/yaml');
    expect(mediaTypeOf('model/model.pkl')).toBe('application/python-pickle');
    expect(mediaTypeOf('weights.bin')).toBe('application/octet-stream');
    expect(mediaTypeOf('.hidden')).toBe('application/octet-stream');
  });

  it('carries run fields MLflow lacks through tags and takes them back out', () => {
    const fields = {
      datasetVersion: 'iris@2',
      target: 'species',
      modelKind: 'gbdt',
      task: 'multiclass',
      seed: 7,
      status: 'pruned' as const,
      error: { code: 'INTERNAL' as const, message: 'boom' },
      environment: { node: '20' },
      finalOnly: ['accuracy'],
    };
    const tags = { team: 'qa', ...fieldsToTags(fields) };
    expect(takeFieldTags(tags, (k) => k)).toEqual(fields);
    expect(tags).toEqual({ team: 'qa' });
    expect(errorOf(() => takeFieldTags({ 'airlock.run.seed': 'seven' }, (k) => `/tags/${k}`))).toMatchObject({ code: 'MLFLOW_BAD_FILE', where: { file: '/tags/airlock.run.seed' } });
  });

  it('keeps one point per step from an unsorted metric file: the later point by MLflow order, the first on a full tie', () => {
    const b = new MetricHistoryBuilder();
    const lines = ['10 0.5 2', '11 0.4 0', '12 nan 1', '9 0.9 2', '13 0.3 1', '13 0.2 1', '14 0.7 0', '14 0.7 0'];
    lines.forEach((l, i) => b.add(parseMetricLine(l, 'loss', i + 1)));
    const h = b.history();
    expect([...h.steps]).toEqual([0, 1, 2]);
    expect([...h.ats]).toEqual([14, 13, 10]);
    expect([...h.values]).toEqual([0.7, 0.3, 0.5]);
    expect(b.finalPoint).toEqual({ at: 10, value: 0.5, step: 2 });
  });

  it('grows past its first buffers and keeps a sorted file in order', () => {
    const b = new MetricHistoryBuilder();
    for (let i = 0; i < 5000; i++) b.add({ at: i, value: i / 2, step: i });
    const h = b.history();
    expect(h.steps.length).toBe(5000);
    expect(h.values[4999]).toBe(2499.5);
    expect(b.finalPoint).toEqual({ at: 4999, value: 2499.5, step: 4999 });
  });
});
