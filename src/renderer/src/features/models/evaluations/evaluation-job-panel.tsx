// The model job this window started: progress with ETA and Cancel while it runs, then how it ended: the scored
// dataset version (and its metrics report) for a scoring job, the stored report for every other kind.
import { Alert, Anchor, Group, Text } from '@mantine/core';
import type { EvaluationSummary, ScoreJobResult } from '../../../../../shared/evaluations';
import { navigate } from '../../../app/routes';
import { JobTaskPanel } from '../../../components/job-task-panel';
import { useEvaluations } from '../../../stores';
import { goToModels } from '../models-routes';

function Scored({ result, onClose }: { result: ScoreJobResult; onClose: () => void }) {
  return (
    <Alert color="teal" variant="light" withCloseButton onClose={onClose} data-testid="evaluation-scored">
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

function Stored({ summary, onClose }: { summary: EvaluationSummary; onClose: () => void }) {
  return (
    <Alert color="teal" variant="light" withCloseButton onClose={onClose} data-testid="evaluation-stored">
      <Group gap="xs">
        <Text size="sm">Stored “{summary.title}”.</Text>
        <Anchor size="sm" onClick={() => goToModels({ page: 'evaluation', id: summary.id })} data-testid="evaluation-open-report">
          Open the report on its own page
        </Anchor>
      </Group>
    </Alert>
  );
}

export function EvaluationJobPanel() {
  const task = useEvaluations((s) => s.task);
  const outcome = useEvaluations((s) => s.outcome);
  const cancel = useEvaluations((s) => s.cancel);
  const dismiss = useEvaluations((s) => s.dismissOutcome);

  return (
    <JobTaskPanel
      task={task}
      outcome={outcome}
      onCancel={() => void cancel()}
      onDismiss={dismiss}
      testId="evaluation"
      succeeded={(made) => (made.kind === 'scored' ? <Scored result={made.scored} onClose={dismiss} /> : <Stored summary={made.report} onClose={dismiss} />)}
    />
  );
}
