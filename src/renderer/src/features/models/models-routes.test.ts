import { describe, expect, it } from 'vitest';
import { modelsHash, parseModelsRoute, splitVersionId, versionRoute, type ModelsRoute } from './models-routes';

describe('models routes', () => {
  it.each<ModelsRoute>([
    { page: 'list' },
    { page: 'model', name: 'churn' },
    { page: 'model', name: 'fraud.v2_eu-west' },
    { page: 'version', name: 'churn', version: 3, tab: 'overview' },
    { page: 'version', name: 'churn', version: 12, tab: 'evaluations' },
    { page: 'version', name: 'churn', version: 1, tab: 'evaluate' },
    { page: 'evaluation', id: 'eval-0123456789abcdef' },
  ])('reads back the route its hash was written from: %o', (route) => {
    expect(parseModelsRoute(modelsHash(route))).toEqual(route);
  });

  it('leaves hashes of other areas alone', () => {
    expect(parseModelsRoute('#/datasets/customers')).toBeNull();
    expect(parseModelsRoute('#/runs/abc')).toBeNull();
    expect(parseModelsRoute('')).toBeNull();
  });

  it('reads a version number that is not a positive integer as the model page, and an unknown tab as the overview', () => {
    expect(parseModelsRoute('#/models/churn/0')).toEqual({ page: 'model', name: 'churn' });
    expect(parseModelsRoute('#/models/churn/champion')).toEqual({ page: 'model', name: 'churn' });
    expect(parseModelsRoute('#/models/churn/2?tab=nope')).toEqual({ page: 'version', name: 'churn', version: 2, tab: 'overview' });
  });

  it('splits NAME@VERSION at its last @ and refuses anything else', () => {
    expect(splitVersionId('points@4')).toEqual({ name: 'points', version: 4 });
    expect(splitVersionId('points')).toBeNull();
    expect(splitVersionId('@4')).toBeNull();
    expect(splitVersionId('points@champion')).toBeNull();
    expect(versionRoute('churn@2', 'evaluations')).toEqual({ page: 'version', name: 'churn', version: 2, tab: 'evaluations' });
  });
});
