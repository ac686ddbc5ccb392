// The header's jobs indicator: how many jobs run, and a popover with their live progress.
import { Anchor, Button, Divider, Loader, Popover, Stack, Text } from '@mantine/core';
import { ListChecks } from 'lucide-react';
import { useShallow } from 'zustand/shallow';
import { navigate } from '../../app/routes';
import { useJobs } from '../../stores';
import { isFinished } from '../../stores/jobs-store';
import { JobRow } from './job-row';

export function JobsIndicator() {
  const active = useJobs(useShallow((s) => s.jobs.filter((j) => !isFinished(j))));
  const recent = useJobs(useShallow((s) => s.jobs.filter(isFinished).slice(0, 3)));
  const cancel = useJobs((s) => s.cancel);

  return (
    <Popover position="bottom-end" width={380} shadow="md">
      <Popover.Target>
        <Button
          variant={active.length ? 'light' : 'subtle'}
          color={active.length ? 'blue' : 'gray'}
          size="compact-sm"
          leftSection={active.length ? <Loader size={12} /> : <ListChecks size={16} />}
          data-testid="jobs-indicator"
        >
          {active.length ? `${active.length} running` : 'No jobs running'}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="sm">
          {active.length === 0 && recent.length === 0 && (
            <Text size="sm" c="dimmed">
              No jobs yet.
            </Text>
          )}
          {active.map((job) => (
            <JobRow key={job.id} job={job} onCancel={(id) => void cancel(id)} />
          ))}
          {active.length > 0 && recent.length > 0 && <Divider />}
          {recent.map((job) => (
            <JobRow key={job.id} job={job} onCancel={(id) => void cancel(id)} />
          ))}
          <Anchor size="sm" component="button" onClick={() => navigate({ page: 'jobs' })}>
            All jobs
          </Anchor>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
