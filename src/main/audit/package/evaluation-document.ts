// An evaluation report (scoring, benchmark, comparison, explanation, fairness) as the audit package's readable page:
// what was evaluated, on what, by whom, the SHA-256 an approval cites, and its figures; the JSON beside it is the
// stored report itself.
import type { EvaluationReport } from '../../../shared/evaluations';
import { num } from '../../monitoring/report-format';
import { observationsFromEvaluation } from '../../trace/criteria/evidence-observations';
import type { PackageDocument } from './package-document';

export function evaluationDocument(r: EvaluationReport): PackageDocument {
  const figures = observationsFromEvaluation(r);
  return {
    kicker: `Evaluation report: ${r.kind}`,
    title: r.title,
    facts: [
      ['Evaluation', r.id],
      ['Model version', r.otherModelVersion ? `${r.modelVersion} against ${r.otherModelVersion}` : r.modelVersion],
      ['Dataset version', r.datasetVersion ?? 'synthetic inputs'],
      ['Created', `${r.createdAt} by ${r.createdBy}`],
      ['Report SHA-256', r.sha256],
    ],
    sections: [
      {
        heading: 'Figures',
        table: {
          head: ['Metric', 'Value', 'Provider', 'Batch', 'Attribute'],
          rows: figures.map((o) => [o.metric, num(o.value), o.scope.provider ?? '', o.scope.batchSize === null ? '' : String(o.scope.batchSize), o.scope.attribute ?? '']),
        },
        empty: 'This kind of report states no single figure; the JSON file beside this one holds all it found.',
      },
    ],
  };
}
