// The drift.report job this window started: progress with ETA and Cancel while it runs, then how it ended.
import { Alert, Anchor, Group, Text } from '@mantine/core';
import { JobTaskPanel } from '../../components/job-task-panel';
import { useMonitoring } from '../../stores';
import { goToMonitoring } from './monitoring-routes';

/** `succeeded` false: a page that shows the newest report itself skips the line that links to it */
export function ReportJobPanel({ succeeded = true }: { succeeded?: boolean }) {
  const task = useMonitoring((s) => s.task);
  const outcome = useMonitoring((s) => s.outcome);
  const cancel = useMonitoring((s) => s.cancel);
  const dismiss = useMonitoring((s) => s.dismissOutcome);

  return (
    <JobTaskPanel
      task={task}
      outcome={outcome}
      onCancel={() => void cancel()}
      onDismiss={dismiss}
      testId="report"
      succeeded={(result) =>
        succeeded && (
          <Alert color={result.datasetDrift ? 'red' : 'teal'} variant="light" withCloseButton onClose={dismiss} data-testid="report-succeeded">
            <Group gap="xs">
              <Text size="sm">
                {result.datasetDrift ? 'Dataset drift' : 'No dataset drift'}: {(result.share * 100).toFixed(0)}% of columns drifted
                {result.alerts.length > 0 && `; ${result.alerts.length} alert${result.alerts.length > 1 ? 's' : ''} fired`}.
              </Text>
              <Anchor size="sm" onClick={() => goToMonitoring({ page: 'report', id: result.reportId })} data-testid="report-open">
                Open the report
              </Anchor>
            </Group>
          </Alert>
        )
      }
    />
  );
}
