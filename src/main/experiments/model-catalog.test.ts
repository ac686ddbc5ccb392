import { describe, expect, it } from 'vitest';
import { studyRequest, trainRequest } from '../../shared/experiment-requests';
import { defaultParams, modelCatalog, modelChoices, modelKinds, readParam, resolveParams, searchedParams, type ModelKind } from '../../shared/model-catalog';
import { parseSearchSpace } from '../tuning/search-space';

const base = { dataset: 'lab', target: 'label' };

/** The message the request schema gives for a train request, or null when it accepts it. */
function trainRefusal(request: Record<string, unknown>): string | null {
  const parsed = trainRequest.safeParse({ ...base, ...request });
  return parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}

describe('model catalog', () => {
  it('is the one list of model kinds: the request schema, the model picker and the catalog agree', () => {
    expect(modelChoices().map((c) => c.value)).toEqual([...modelKinds]);
    expect(Object.keys(modelCatalog)).toEqual([...modelKinds]);
    for (const model of modelKinds) expect(trainRefusal({ model })).toBeNull();
    expect(trainRefusal({ model: 'svm' })).toMatch(/^model: /);
  });

  it("refuses at the request schema every parameter the trainer would refuse, with the trainer's own sentence", () => {
    for (const model of modelKinds) {
      for (const [key, spec] of Object.entries(modelCatalog[model].params)) {
        const bad = spec.type === 'bool' ? 'maybe' : spec.type === 'layers' ? '64;32' : spec.max + 1;
        const expected = readParam(spec, bad);
        expect(expected).toHaveProperty('expected');
        expect(trainRefusal({ model, params: { [key]: bad } })).toBe(`params.${key}: ${key} must be ${'expected' in expected ? expected.expected : ''}, got '${bad}'.`);
        expect(() => resolveParams(model, { [key]: bad })).toThrow(`${key} must be`);
      }
    }
  });

  it('refuses parameter and search-space names the model lacks, Object.prototype names included, before any job runs', () => {
    for (const name of ['depth', 'constructor', 'toString']) {
      expect(trainRefusal({ model: 'logreg', params: JSON.parse(`{"${name}": 1}`) })).toBe(`params.${name}: logreg has no parameter '${name}' (it takes C, max_iter, tol).`);
      const study = studyRequest.safeParse({ train: { ...base, model: 'logreg' }, space: JSON.parse(`{"${name}": {"type": "float", "low": 0.1, "high": 1}}`) });
      expect(study.success).toBe(false);
      expect(study.error?.issues[0]).toMatchObject({ path: ['space', name], message: `logreg has no parameter '${name}' to search.` });
    }
  });

  it("gives every model defaults the validator accepts and a default space the tuner parses, over the model's own parameters", () => {
    for (const model of modelKinds) {
      const defaults = defaultParams(model);
      expect(trainRefusal({ model, params: defaults })).toBeNull();
      expect(resolveParams(model, {})).toEqual(defaults);
      const space = parseSearchSpace(modelCatalog[model].defaultSpace);
      expect(Object.keys(space)).toEqual(searchedParams(model));
      for (const key of searchedParams(model)) expect(Object.keys(modelCatalog[model].params)).toContain(key);
      expect(studyRequest.safeParse({ train: { ...base, model }, space: modelCatalog[model].defaultSpace }).success).toBe(true);
    }
  });

  it('normalises what a form or a command line sends: numbers from text, booleans from true/false, layer widths without spaces', () => {
    const model: ModelKind = 'mlp';
    expect(resolveParams(model, { alpha: '0.5', hidden_layer_sizes: ' 64, 32 ' })).toMatchObject({ alpha: 0.5, hidden_layer_sizes: '64,32' });
    expect(resolveParams('gbdt', { early_stopping: 'true', max_iter: '7' })).toMatchObject({ early_stopping: true, max_iter: 7 });
    expect(readParam(modelCatalog.gbdt.params.max_iter, '7.5')).toEqual({ expected: 'a whole number' });
    expect(readParam(modelCatalog.logreg.params.C, '')).toEqual({ expected: 'a number' });
  });
});
