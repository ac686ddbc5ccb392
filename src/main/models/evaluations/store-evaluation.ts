// Stores an evaluation report once: its canonical JSON as a blob (so its SHA-256 is what approvals and requirements
// cite), its row, its lineage edges to the model and dataset versions it is about, and its audit entry, in one transaction.
import { randomBytes } from 'node:crypto';
import type { EvaluationBody, EvaluationReport, EvaluationSummary } from '../../../shared/evaluations';
import { fail } from '../../../shared/errors';
import { canonicalJson } from '../../store/audit-log';
import { BlobStore } from '../../store/blobs';
import { EvaluationsRepo } from '../../store/evaluations-repo';
import { LineageRepo } from '../../store/lineage-repo';
import type { ProjectStore } from '../../store/project-store';

export interface NewEvaluation {
  title: string;
  /** `<name>@<version>` (the champion, for a comparison) */
  modelVersion: string;
  /** the challenger, for a comparison */
  otherModelVersion?: string;
  datasetVersion: string | null;
  body: EvaluationBody;
}

export const newEvaluationId = (): string => `eval-${randomBytes(8).toString('hex')}`;

/** The stored bytes: everything but the hash, which names them. */
function contentOf(r: Omit<EvaluationReport, 'sha256'>): Uint8Array {
  return new TextEncoder().encode(canonicalJson(r));
}

export function storeEvaluation(store: ProjectStore, e: NewEvaluation, createdBy: string): EvaluationSummary {
  const content: Omit<EvaluationReport, 'sha256'> = {
    id: newEvaluationId(),
    kind: e.body.kind,
    title: e.title,
    modelVersion: e.modelVersion,
    otherModelVersion: e.otherModelVersion ?? null,
    datasetVersion: e.datasetVersion,
    createdAt: store.now().toISOString(),
    createdBy,
    body: e.body,
  };
  // the blob first: content-addressed, so if the transaction fails it is merely unreferenced
  const sha256 = store.blobs.put(contentOf(content));
  const { body: _body, ...fields } = content;
  const summary: EvaluationSummary = { ...fields, sha256 };
  return store.mutate(
    { action: 'evaluation.store', target: `evaluation:${summary.id}`, details: { kind: summary.kind, model: summary.modelVersion, other: summary.otherModelVersion, dataset: summary.datasetVersion, sha256 } },
    () => {
      new EvaluationsRepo(store.db).insert(summary);
      const lineage = new LineageRepo(store.db);
      const node = { kind: 'evaluation', id: summary.id } as const;
      lineage.link({ kind: 'model_version', id: summary.modelVersion }, 'evaluated', node, summary.createdAt);
      if (summary.otherModelVersion) lineage.link({ kind: 'model_version', id: summary.otherModelVersion }, 'evaluated', node, summary.createdAt);
      if (summary.datasetVersion) lineage.link({ kind: 'dataset_version', id: summary.datasetVersion }, 'evaluated_on', node, summary.createdAt);
      return summary;
    },
  );
}

/** The stored report, checked against the hash it is filed under (a blob edited on disk is refused, not shown). */
export function readEvaluation(store: ProjectStore, id: string): EvaluationReport {
  const summary = new EvaluationsRepo(store.db).get(id);
  if (!summary) fail('NOT_FOUND', `There is no evaluation ${id}.`, { where: { field: 'id' } });
  const bytes = store.blobs.get(summary.sha256);
  if (BlobStore.hash(bytes) !== summary.sha256) {
    fail('PROJECT_CORRUPT', `Evaluation ${id}'s stored report no longer matches its SHA-256 ${summary.sha256}: it was changed on disk.`, { where: { file: store.blobs.pathOf(summary.sha256) } });
  }
  const report = JSON.parse(bytes.toString('utf8')) as Omit<EvaluationReport, 'sha256'>;
  return { ...report, sha256: summary.sha256 };
}
