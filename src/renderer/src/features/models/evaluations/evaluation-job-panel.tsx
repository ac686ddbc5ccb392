// The model job this window started: progress with ETA and Cancel while it runs, then how it ended: the scored
// dataset version (and its metrics report) for a scoring job, the stored report for every other kind.
import { Alert, Anchor, Card, Group, Text } from '@mantine/core';
import { navigate } from '../../../app/routes';
import { ErrorBanner } from '../../../components/error-banner';
import { Progress } from '../../../components/progress';
import { useEvaluations } from '../../../stores';
import { goToModels } from '../models-routes';

export function EvaluationJobPanel() {
  const task = useEvaluations((s) => s.task);
  const outcome = useEvaluations((s) => s.outcome);
  const cancel = useEvaluations((s) => s.cancel);
  const dismiss = useEvaluations((s) => s.dismissOutcome);

  if (task) {
    return (
      <Card withBorder padding="sm">
        <Progress
          label={task.title}
          fraction={task.job?.fraction ?? 0}
          etaSeconds={task.job?.etaSeconds ?? null}
          message={task.job?.message ?? 'starting…'}
          onCancel={task.jobId ? () => void cancel() : undefined}
          cancelling={task.cancelling}
          testId="evaluation-progress"
        />
      </Card>
    );
  }
  if (!outcome) return null;
  if (outcome.kind === 'failed') return <ErrorBanner error={outcome.error} onClose={dismiss} />;
  if (outcome.kind === 'cancelled') {
    return (
      <Alert color="orange" variant="light" withCloseButton onClose={dismiss} data-testid="evaluation-cancelled">
        {outcome.title} was cancelled; nothing was stored.
      </Alert>
    );
  }
  if (outcome.kind === 'scored') {
    const { result } = outcome;
    return (
      <Alert color="teal" variant="light" withCloseButton onClose={dismiss} data-testid="evaluation-scored">
        <Group gap="xs">
          <Text size="sm">
            Scored {result.rows.toLocaleString('en-US')} rows on {result.provider}
            {result.fallback && ` (${result.fallback})`} in {result.seconds.toFixed(2)} s
            {result.reused ? '; the same predictions were already stored' : ''}: {result.columns.join(', ')}.
          </Text>
          <Anchor size="sm" onClick={() => navigate({ page: 'dataset', name: result.dataset, version: result.version, tab: 'preview' })} data-testid="evaluation-open-predictions">
            Open the predictions ({result.dataset} v{result.version})
          </Anchor>
          {result.skippedOutputs.length > 0 && (
            <Text size="xs" c="dimmed" data-testid="evaluation-scored-skipped">
              Not stored: {result.skippedOutputs.map((o) => `${o.name} (${o.why})`).join('; ')}
            </Text>
          )}
          {result.evaluation && (
            <Anchor size="sm" onClick={() => result.evaluation && goToModels({ page: 'evaluation', id: result.evaluation })} data-testid="evaluation-open-metrics">
              Open the metrics
            </Anchor>
          )}
        </Group>
      </Alert>
    );
  }
  return (
    <Alert color="teal" variant="light" withCloseButton onClose={dismiss} data-testid="evaluation-stored">
      <Group gap="xs">
        <Text size="sm">Stored “{outcome.result.title}”.</Text>
        <Anchor size="sm" onClick={() => goToModels({ page: 'evaluation', id: outcome.result.id })} data-testid="evaluation-open-report">
          Open the report on its own page
        </Anchor>
      </Group>
    </Alert>
  );
}
