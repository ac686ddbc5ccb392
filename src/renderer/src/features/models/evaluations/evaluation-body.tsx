// An evaluation report's body, drawn by its kind.
import type { EvaluationReport } from '../../../../../shared/evaluations';
import { BenchView } from './bench-view';
import { ComparisonView } from './comparison-view';
import { ExplanationView } from './explanation-view';
import { FairnessView } from './fairness-view';
import { ScoringView } from './scoring-view';

export function EvaluationBodyView({ report }: { report: EvaluationReport }) {
  const { body } = report;
  switch (body.kind) {
    case 'scoring':
      return <ScoringView body={body} />;
    case 'benchmark':
      return <BenchView body={body} />;
    case 'comparison':
      return <ComparisonView body={body} champion={report.modelVersion} challenger={report.otherModelVersion ?? 'challenger'} />;
    case 'explanation':
      return <ExplanationView body={body} />;
    case 'fairness':
      return <FairnessView body={body} />;
  }
}
