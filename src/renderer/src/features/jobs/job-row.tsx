// One job as a line: its title, state and, while it runs, live progress with a Cancel button.
import { Badge, Group, Stack, Text } from '@mantine/core';
import type { JobInfo, JobState } from '../../../../shared/domain';
import { ErrorBanner } from '../../components/error-banner';
import { formatTime } from '../../components/format';
import { Progress } from '../../components/progress';
import { isFinished } from '../../stores/jobs-store';

const stateColors: Record<JobState, string> = {
  queued: 'gray',
  running: 'blue',
  succeeded: 'teal',
  failed: 'red',
  cancelled: 'orange',
  interrupted: 'grape',
};

export function JobStateBadge({ state }: { state: JobState }) {
  return (
    <Badge size="sm" variant="light" color={stateColors[state]} data-testid="job-state">
      {state}
    </Badge>
  );
}

export function JobRow({ job, onCancel }: { job: JobInfo; onCancel: (id: string) => void }) {
  if (!isFinished(job)) {
    return (
      <Progress
        label={job.title}
        fraction={job.fraction}
        etaSeconds={job.etaSeconds}
        message={job.message}
        onCancel={() => onCancel(job.id)}
        testId="job-progress"
      />
    );
  }
  return (
    <Stack gap={4} data-testid="job-row">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" truncate>
          {job.title}
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Text size="xs" c="dimmed">
            {formatTime(job.finishedAt)}
          </Text>
          <JobStateBadge state={job.state} />
        </Group>
      </Group>
      {job.state === 'failed' && <ErrorBanner error={job.error} />}
    </Stack>
  );
}
