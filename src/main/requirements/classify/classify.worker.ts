// The 'requirements.classify' job, in a child process (onnxruntime): the project's classifier over the latest revision
// of one document's (or every) requirements, in batches with progress and Cancel; the verdicts land in one
// transaction at the end, so a cancelled or failed job stores none.
import type { RequirementClassification, RequirementClassifyResult } from '../../../shared/requirements-classes';
import type { JobHandler } from '../../jobs/protocol';
import { ProjectStore } from '../../store/project-store';
import { RequirementIntelligenceRepo } from '../../store/requirement-intelligence-repo';
import { isHeading, storedRequirements } from '../store/requirements-service';
import { ensureClassifier, openClassifier } from './classifier-service';

/** The bar: opening the model, then classifying, then storing. */
const CLASSIFY_SHARE = 0.9;

export const classifyRequirementsJob: JobHandler<{ document?: string }, RequirementClassifyResult> = async (input, ctx) => {
  const store = ProjectStore.open(ctx.projectDir, { appVersion: ctx.appVersion, actor: ctx.actor });
  try {
    const requirements = storedRequirements(store, { document: input.document }).filter((r) => !isHeading(r));
    const { version } = ensureClassifier(store);
    ctx.progress(0.02, `Opening ${version.id}`);
    const opened = await openClassifier(store, version);
    let verdicts: RequirementClassification[];
    try {
      const started = performance.now();
      const results = await opened.classifier.classify(
        requirements.map((r) => r.latest.text),
        {
          checkCancelled: () => ctx.checkCancelled(),
          progress: (done, total) => {
            const seconds = (performance.now() - started) / 1000;
            const eta = Math.round((seconds * (total - done)) / Math.max(1, done));
            ctx.progress(0.05 + (CLASSIFY_SHARE - 0.05) * (done / Math.max(1, total)), `Classified ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} requirements, about ${eta} s left`);
          },
        },
      );
      verdicts = results.map((v, i) => ({ id: requirements[i].place.id, revision: requirements[i].latest.revision, model: version.id, ...v }));
    } finally {
      await opened.release();
    }
    ctx.checkCancelled();
    ctx.progress(CLASSIFY_SHARE, `Storing ${verdicts.length} verdicts`);
    const repo = new RequirementIntelligenceRepo(store.db);
    const at = store.now().toISOString();
    store.mutate({ action: 'requirements.classify', target: `model_version:${version.id}`, details: { document: input.document ?? null, classified: verdicts.length } }, () => {
      for (const v of verdicts) repo.putClassification(v, at);
    });
    ctx.progress(1, `Classified ${verdicts.length} requirements with ${version.id}`);
    return { classified: verdicts.length, model: version.id };
  } finally {
    store.close();
  }
};
