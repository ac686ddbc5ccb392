// The header's jobs bar: how many jobs run with a popover of their live progress, and how many alerts fired.
import { Anchor, Button, Divider, Loader, Popover, Stack, Text } from '@mantine/core';
import { BellRing, ListChecks } from 'lucide-react';
import { useEffect } from 'react';
import { useShallow } from 'zustand/shallow';
import { navigate } from '../../app/routes';
import { useJobs, useMonitoring } from '../../stores';
import { isFinished } from '../../stores/jobs-store';
import { openAlertCount } from '../../stores/monitoring-store';
import { JobRow } from './job-row';

/** alerts the monitors raised (each monitor counts its open ones); a click opens Monitoring */
export function AlertsBadge() {
  const open = useMonitoring(openAlertCount);
  const load = useMonitoring((s) => s.load);
  useEffect(() => {
    void load();
  }, [load]);
  if (open === 0) return null;
  return (
    <Button
      variant="light"
      color="red"
      size="compact-sm"
      leftSection={<BellRing size={14} />}
      onClick={() => navigate({ page: 'monitoring', route: { page: 'overview' } })}
      data-testid="alerts-indicator"
    >
      {open} {open === 1 ? 'alert' : 'alerts'}
    </Button>
  );
}

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
