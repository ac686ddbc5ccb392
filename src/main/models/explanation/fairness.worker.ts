// The 'model.fairness' job, in a child process: a classifier's predicted labels on every row of a dataset version,
// against the target, by the groups of a sensitive column, stored as a 'fairness' evaluation. A cancelled or failed
// job stores nothing.
import type { EvaluationJobResult, FairnessBody } from '../../../shared/evaluations';
import { fail } from '../../../shared/errors';
import { parseRequest } from '../../../shared/experiment-requests';
import { fairnessRequest, type FairnessRequest } from '../../../shared/models';
import { fairnessRows } from '../../fairness/fairness-inputs';
import { fairnessReport } from '../../fairness/fairness-report';
import type { JobHandler } from '../../jobs/protocol';
import type { FeatureColumn } from '../../training/model-types';
import { spellBooleanTarget } from '../boolean-target';
import { pickPrediction, predict } from '../scoring/predict';
import { runtimeUsed, storeJobEvaluation, withEvaluationSetup } from './evaluation-setup';
import { thresholdsOf } from './fairness-thresholds';

/** Percentile intervals need 1,000 to 2,000 resamples to be stable; the bootstrap is cheap (counts, not rows). */
export const DEFAULT_RESAMPLES = 1000;

/**
 * The positive label: the one given (a numeric target's as its shortest number text, so 1.0 matches a predicted "1"),
 * or, when the target holds exactly two labels, the second in sorted order (numbers by value): 1 of 0/1, yes of no/yes.
 */
export function positiveLabel(target: FeatureColumn, given: string | undefined): string {
  if (given !== undefined) return target.kind === 'numeric' && given.trim() !== '' && Number.isFinite(Number(given)) ? String(Number(given)) : given;
  const labels =
    target.kind === 'numeric'
      ? [...new Set(target.values)].filter((v) => !Number.isNaN(v)).sort((a, b) => a - b).map(String)
      : [...new Set(target.values)].filter((v): v is string => v !== null).sort();
  if (labels.length !== 2) {
    fail('BAD_INPUT', `The target '${target.name}' holds ${labels.length} labels, so which one is the positive outcome must be named.`, {
      where: { field: 'positive' },
      hint: `Name it: --positive LABEL (${labels.slice(0, 5).join(', ')}${labels.length > 5 ? ', ...' : ''}).`,
    });
  }
  return labels[1];
}

export const fairnessJob: JobHandler<FairnessRequest, EvaluationJobResult> = async (input, ctx) => {
  const request = parseRequest(fairnessRequest, input, 'fairness request');
  const thresholds = thresholdsOf(request.thresholds ?? {});
  return withEvaluationSetup(request, ctx, async (setup) => {
    const { data, opened, mapping } = setup;
    const sensitive = data.read(request.sensitive);
    const outputs = await predict(opened, data, mapping, {
      checkCancelled: () => ctx.checkCancelled(),
      progress: (done, total) => ctx.progress((0.5 * done) / total, `Scored ${done} of ${total} rows`),
    });
    const prediction = pickPrediction(outputs);
    if (prediction.task === 'regression') {
      fail('BAD_INPUT', `Model ${opened.version.id} predicts numbers (output '${prediction.valueOutput}'); fairness compares a classifier's predicted labels.`, { where: { field: 'model' } });
    }
    const target = spellBooleanTarget(data.read(request.target), data.schema.find((c) => c.name === request.target)?.type, prediction.labels);
    const positive = positiveLabel(target, request.positive);
    // the label the model answers with, as a deployed model would; the argmax of its scores when it gives no label
    const predictedFrom = prediction.labelOutput ?? prediction.scores?.output ?? fail('INTERNAL', 'A classification has a label or scores.');
    const rows = fairnessRows({ target: { name: request.target, values: target.values }, predicted: { name: predictedFrom, values: prediction.labels }, sensitive: { name: request.sensitive, values: sensitive.values }, positive });
    const report = fairnessReport(
      { ...rows, bootstrap: { resamples: request.resamples ?? DEFAULT_RESAMPLES, seed: request.seed ?? 0 }, missing: request.missing, thresholds },
      { checkCancelled: () => ctx.checkCancelled(), progress: (f, m) => ctx.progress(0.5 + 0.48 * f, m) },
    );
    const body: FairnessBody = {
      kind: 'fairness',
      runtime: runtimeUsed(opened, outputs.skipped),
      sensitive: request.sensitive,
      target: request.target,
      positive,
      predictedFrom,
      droppedRows: rows.droppedRows,
      report,
    };
    const title = `Fairness of ${opened.version.id} by ${request.sensitive} on ${data.versionId}`;
    return storeJobEvaluation(setup, ctx, title, body);
  });
};
