// A project's requirement classifier: which registry version it is (the approved alias, else the newest, else the
// shipped default registered on first use), opening it in onnxruntime, people's labels, and the stored verdicts.
import { fail } from '../../../shared/errors';
import { CLASSIFIER_ALIAS, CLASSIFIER_MODEL, type ClassifierInfo, type RequirementClass, type RequirementClassification, type RequirementLabel } from '../../../shared/requirements-classes';
import { openModelSession } from '../../models/model-session';
import { importModel } from '../../models/registry/model-import';
import { ApprovalsRepo } from '../../store/approvals-repo';
import { ModelVersionsRepo, type ModelVersionRecord } from '../../store/model-versions-repo';
import type { ProjectStore } from '../../store/project-store';
import { RequirementIntelligenceRepo } from '../../store/requirement-intelligence-repo';
import { RequirementsRepo } from '../../store/requirements-repo';
import { RunsRepo } from '../../store/runs-repo';
import type { TrainedModel } from '../../training/model-types';
import { storedRequirements } from '../store/requirements-service';
import { TextClassifier } from './classify-texts';
import { DEFAULT_CLASSIFIER_ONNX, readDefaultClassifierInfo } from './default-classifier';
import { shippedResource } from './shipped-resources';
import { cvFigures } from './train-classifier';

/** The version a project classifies with, and whether an approval pinned it. */
export interface ActiveClassifier {
  version: ModelVersionRecord;
  pinned: boolean;
}

/** CLASSIFIER_MODEL@CLASSIFIER_ALIAS when an approval set it, else the newest version; null before any exists. */
export function activeClassifier(store: ProjectStore): ActiveClassifier | null {
  const versions = new ModelVersionsRepo(store.db);
  const alias = new ApprovalsRepo(store.db).alias(CLASSIFIER_MODEL, CLASSIFIER_ALIAS);
  if (alias) return { version: versions.resolve(`${CLASSIFIER_MODEL}@${alias.version}`), pinned: true };
  const latest = versions.latest(CLASSIFIER_MODEL);
  return latest ? { version: latest, pinned: false } : null;
}

/** The active classifier, registering the shipped default as version 1 (audited, as any model import) when there is none. */
export function ensureClassifier(store: ProjectStore): ActiveClassifier {
  const active = activeClassifier(store);
  if (active) return active;
  const info = readDefaultClassifierInfo();
  importModel(store, shippedResource(DEFAULT_CLASSIFIER_ONNX), {
    name: CLASSIFIER_MODEL,
    description: `Airlock's default requirement classifier, trained on the shipped ${info.labelledSet.file} (${info.labelledSet.rows} rows, SHA-256 ${info.labelledSet.sha256})`,
  });
  return activeClassifier(store) ?? fail('INTERNAL', `${CLASSIFIER_MODEL} has no version after importing the shipped default.`);
}

/** A version's model JSON (a trained run has one; the imported default does not). */
export function modelOf(store: ProjectStore, version: ModelVersionRecord): TrainedModel | null {
  // our own blob, written by recordRun from a TrainedModel
  return version.modelBlob ? (JSON.parse(store.blobs.get(version.modelBlob).toString('utf8')) as TrainedModel) : null;
}

/** A version's cross-validated figures: its run's cv_*_mean metrics, or the shipped default's. */
export function classifierFigures(store: ProjectStore, version: ModelVersionRecord): Record<string, number> {
  return version.runId ? cvFigures(new RunsRepo(store.db).get(version.runId).metrics) : readDefaultClassifierInfo().cv;
}

export function classifierInfo(store: ProjectStore): ClassifierInfo {
  const active = activeClassifier(store);
  const latest = new ModelVersionsRepo(store.db).latest(CLASSIFIER_MODEL);
  const labels = [...new RequirementIntelligenceRepo(store.db).latestLabels().values()];
  // a label the active version was not trained on is one given after it was registered
  const since = active?.version.createdAt ?? '';
  return {
    active: active?.version.id ?? null,
    pinned: active?.pinned ?? false,
    latest: latest?.id ?? null,
    metrics: active ? classifierFigures(store, active.version) : readDefaultClassifierInfo().cv,
    corrections: labels.length,
    pendingCorrections: labels.filter((l) => l.createdAt > since).length,
  };
}

/** An open registry version of the classifier; release() closes its session and removes its temporary file. */
export interface OpenedClassifier {
  version: ModelVersionRecord;
  classifier: TextClassifier;
  release(): Promise<void>;
}

/** Opens `version` in onnxruntime on the CPU (a classification is small; a GPU would spend longer starting). */
export async function openClassifier(store: ProjectStore, version: ModelVersionRecord): Promise<OpenedClassifier> {
  const opened = await openModelSession(store, version.id, { provider: 'cpu' });
  try {
    return { version, classifier: TextClassifier.wrap(opened.session, modelOf(store, version)), release: () => opened.release() };
  } catch (e) {
    await opened.release();
    throw e;
  }
}

/** A person accepts or corrects a requirement's class: appended with who and when, audited, about its latest revision. */
export function labelRequirement(store: ProjectStore, id: string, label: RequirementClass): RequirementLabel {
  const latest = new RequirementsRepo(store.db).latest(id) ?? fail('NOT_FOUND', `No requirement ${id} in this project.`, { where: { field: 'id' } });
  const intelligence = new RequirementIntelligenceRepo(store.db);
  const verdict = intelligence.latestClassifications().get(id);
  const given: RequirementLabel = {
    id,
    label,
    predicted: verdict?.revision === latest.revision ? verdict.class : null,
    revision: latest.revision,
    createdAt: store.now().toISOString(),
    createdBy: store.actor,
  };
  store.mutate({ action: 'requirement.label', target: `requirement:${id}`, details: { label, predicted: given.predicted, revision: given.revision } }, () => {
    intelligence.addLabel(given);
  });
  return given;
}

/** The stored verdicts on the latest revisions of one document's (or every) requirements, in document order. */
export function storedClassifications(store: ProjectStore, document?: string): RequirementClassification[] {
  return storedRequirements(store, { document }).flatMap((r) => (r.classification ? [r.classification] : []));
}
