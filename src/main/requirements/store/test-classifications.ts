// Test support: a classifier version registered by hand and a verdict stored for it, so tests of what reads stored
// classifications need no trained classifier. Tests only.
import { REQUIREMENT_CLASSES, type RequirementClass, type RequirementClassification } from '../../../shared/requirements-classes';
import { ModelVersionsRepo } from '../../store/model-versions-repo';
import type { ProjectStore } from '../../store/project-store';
import { RequirementIntelligenceRepo } from '../../store/requirement-intelligence-repo';

/** Registers the next version of the classifier model (an import row: only the row matters, no blob is read); returns its id. */
export function registerClassifierVersion(store: ProjectStore, at: string): string {
  return store.mutate({ action: 'test.register', target: 'model:requirements-classifier' }, () =>
    new ModelVersionsRepo(store.db).register({
      name: 'requirements-classifier',
      source: 'import',
      runId: null,
      modelBlob: null,
      onnxBlob: `onnx-${at}`,
      hash: `hash-${at}`,
      inspectionBlob: null,
      files: [],
      createdAt: at,
      author: store.actor,
      authorFingerprint: null,
    }).id,
  );
}

/** A verdict with `primary` at `confidence` and the rest spread evenly; `also` are further labels. */
export function verdict(id: string, revision: number, model: string, primary: RequirementClass, confidence = 0.87, also: RequirementClass[] = []): RequirementClassification {
  const rest = (1 - confidence) / (REQUIREMENT_CLASSES.length - 1);
  const classes = Object.fromEntries(REQUIREMENT_CLASSES.map((c) => [c, c === primary ? confidence : rest])) as Record<RequirementClass, number>;
  return { id, revision, model, class: primary, confidence, classes, labels: [primary, ...also] };
}

export function storeVerdicts(store: ProjectStore, verdicts: readonly RequirementClassification[], at: string): void {
  const repo = new RequirementIntelligenceRepo(store.db);
  store.mutate({ action: 'test.classify', target: 'requirements' }, () => {
    for (const v of verdicts) repo.putClassification(v, at);
  });
}
