// The job a store started: progress with ETA and Cancel while it runs, then how it ended: the caller's line for a
// success, the error for a failure, or that a cancelled job stored nothing.
import { Alert, Card } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';
import type { JobOutcome, JobTask } from '../stores/job-task';
import { ErrorBanner } from './error-banner';
import { Progress } from './progress';

export interface JobTaskPanelProps<K extends string, S> {
  task: JobTask<K> | null;
  outcome: JobOutcome<S> | null;
  onCancel: () => void;
  onDismiss: () => void;
  /** the test ids' prefix: `<testId>-progress`, `<testId>-cancelled` */
  testId: string;
  /** what a success shows (null: nothing, where the page shows the result itself) */
  succeeded: (result: S) => ReactNode;
}

export function JobTaskPanel<K extends string, S>({ task, outcome, onCancel, onDismiss, testId, succeeded }: JobTaskPanelProps<K, S>) {
  const progress = useRef<HTMLDivElement>(null);
  const started = task !== null;
  // the panel sits below its form, often under the fold: a job just started comes into view with its Cancel
  useEffect(() => {
    if (started) progress.current?.scrollIntoView({ block: 'nearest' });
  }, [started]);
  if (task) {
    return (
      <Card withBorder padding="sm" ref={progress}>
        <Progress
          label={task.title}
          fraction={task.job?.fraction ?? 0}
          etaSeconds={task.job?.etaSeconds ?? null}
          message={task.job?.message ?? 'starting…'}
          onCancel={task.jobId ? onCancel : undefined}
          cancelling={task.cancelling}
          testId={`${testId}-progress`}
        />
      </Card>
    );
  }
  if (!outcome) return null;
  if (outcome.kind === 'failed') return <ErrorBanner error={outcome.error} onClose={onDismiss} />;
  if (outcome.kind === 'cancelled') {
    return (
      <Alert color="orange" variant="light" withCloseButton onClose={onDismiss} data-testid={`${testId}-cancelled`}>
        {outcome.title} was cancelled; nothing was stored.
      </Alert>
    );
  }
  return succeeded(outcome.result);
}
