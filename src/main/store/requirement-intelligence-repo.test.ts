import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importRequirements } from '../requirements/store/import-requirements';
import { editRequirement } from '../requirements/store/requirements-service';
import { registerClassifierVersion, storeVerdicts, verdict } from '../requirements/store/test-classifications';
import { tempDir, tempProject } from '../test-support/temp-project';
import type { ProjectStore } from './project-store';
import { RequirementIntelligenceRepo } from './requirement-intelligence-repo';

async function projectWithRequirements(): Promise<ProjectStore> {
  const store = tempProject();
  const file = path.join(tempDir(), 'pump.csv');
  fs.writeFileSync(file, 'id,text\nR1,The pump shall stop when the door opens.\nR2,The motor shall cut power within 10 ms.\n');
  await importRequirements(store, file);
  return store;
}

describe('the requirement intelligence repository', () => {
  it('gives the newest verdict on each requirement’s latest revision, and none once the text is edited', async () => {
    const store = await projectWithRequirements();
    const repo = new RequirementIntelligenceRepo(store.db);
    const v1 = registerClassifierVersion(store, '2026-01-01T00:00:00.000Z');
    const v2 = registerClassifierVersion(store, '2026-01-02T00:00:00.000Z');
    storeVerdicts(store, [verdict('R1', 1, v1, 'functional'), verdict('R2', 1, v1, 'performance')], '2026-01-01T00:00:00.000Z');
    storeVerdicts(store, [verdict('R1', 1, v2, 'safety')], '2026-01-02T00:00:00.000Z');
    const latest = repo.latestClassifications();
    expect([...latest.values()].map((c) => [c.id, c.class, c.model])).toEqual([
      ['R1', 'safety', 'requirements-classifier@2'],
      ['R2', 'performance', 'requirements-classifier@1'],
    ]);
    expect(latest.get('R1')?.classes.safety).toBe(0.87);
    expect([...repo.latestClassifications('R2').values()].map((c) => c.class)).toEqual(['performance']);
    editRequirement(store, 'R1', { text: 'The pump shall stop within 1 s when the door opens.' });
    expect([...repo.latestClassifications().keys()]).toEqual(['R2']);
  });

  it('keeps labels append-only and gives the latest per requirement', async () => {
    const store = await projectWithRequirements();
    const repo = new RequirementIntelligenceRepo(store.db);
    store.mutate({ action: 'test.label', target: 'requirements' }, () => {
      repo.addLabel({ id: 'R1', label: 'functional', predicted: null, revision: 1, createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'ana' });
      repo.addLabel({ id: 'R1', label: 'safety', predicted: 'functional', revision: 1, createdAt: '2026-01-02T00:00:00.000Z', createdBy: 'ben' });
    });
    expect(repo.labels().map((l) => l.label)).toEqual(['functional', 'safety']);
    expect(repo.latestLabel('R1')).toMatchObject({ label: 'safety', predicted: 'functional', createdBy: 'ben' });
    expect(repo.latestLabels().get('R1')?.label).toBe('safety');
    expect(repo.latestLabel('R2')).toBeNull();
    expect(() => store.db.prepare('DELETE FROM requirement_labels').run()).toThrow(/append-only/);
  });

  it('stores a dismissal once per unordered pair and relation, with each side’s fingerprint, and deletes it', async () => {
    const store = await projectWithRequirements();
    const repo = new RequirementIntelligenceRepo(store.db);
    const at = '2026-01-01T00:00:00.000Z';
    store.mutate({ action: 'test.dismiss', target: 'requirements' }, () => {
      repo.putDismissal({ a: 'R2', b: 'R1', relation: 'duplicate', reason: 'different pumps', createdAt: at, createdBy: 'ana', aFingerprint: 'f2', bFingerprint: 'f1' });
      repo.putDismissal({ a: 'R1', b: 'R2', relation: 'duplicate', reason: 'really different', createdAt: at, createdBy: 'ana', aFingerprint: 'f1', bFingerprint: 'f2' });
    });
    expect(repo.dismissals()).toEqual([
      { a: 'R1', b: 'R2', relation: 'duplicate', reason: 'really different', createdAt: at, createdBy: 'ana', aFingerprint: 'f1', bFingerprint: 'f2' },
    ]);
    expect(repo.dismissal('R2', 'R1', 'duplicate')?.reason).toBe('really different');
    expect(repo.dismissal('R1', 'R2', 'conflict')).toBeNull();
    expect(store.mutate({ action: 'test.restore', target: 'requirements' }, () => repo.deleteDismissal('R2', 'R1', 'duplicate'))).toBe(true);
    expect(repo.dismissals()).toEqual([]);
  });
});
