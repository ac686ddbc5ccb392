// An evaluation report's body, drawn by its kind.
import { Card, Text } from '@mantine/core';
import type { EvaluationReport } from '../../../../../shared/evaluations';
import { RuntimeUsedLine } from './runtime-used';
import { ScoringView } from './scoring-view';

export function EvaluationBodyView({ report }: { report: EvaluationReport }) {
  const { body } = report;
  switch (body.kind) {
    case 'scoring':
      return <ScoringView body={body} />;
    case 'benchmark':
      return (
        <Card withBorder padding="sm">
          <Text size="sm">{body.points.length} latency points</Text>
        </Card>
      );
    case 'comparison':
    case 'explanation':
    case 'fairness':
      return (
        <Card withBorder padding="sm">
          <RuntimeUsedLine runtime={body.runtime} />
        </Card>
      );
  }
}
