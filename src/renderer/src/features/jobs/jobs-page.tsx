// The Jobs page: every job of this project with state, timing and live progress.
import { Stack, Table, Text } from '@mantine/core';
import { useEffect } from 'react';
import { ErrorBanner } from '../../components/error-banner';
import { formatTime } from '../../components/format';
import { Progress } from '../../components/progress';
import { useJobs } from '../../stores';
import { isFinished } from '../../stores/jobs-store';
import { PageHeader } from '../../app/page-header';
import { JobStateBadge } from './job-row';

export function JobsPage() {
  const jobs = useJobs((s) => s.jobs);
  const load = useJobs((s) => s.load);
  const cancel = useJobs((s) => s.cancel);
  const error = useJobs((s) => s.error);
  const dismissError = useJobs((s) => s.dismissError);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Stack gap="md">
      <PageHeader title="Jobs" subtitle="Imports and other long work run here, off the interface thread." />
      <ErrorBanner error={error} onClose={dismissError} />
      {jobs.length === 0 ? (
        <Text c="dimmed" size="sm">
          No jobs have run in this project yet.
        </Text>
      ) : (
        <Table striped highlightOnHover withTableBorder verticalSpacing={6} fz="sm" bg="white" data-testid="jobs-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Job</Table.Th>
              <Table.Th w={110}>State</Table.Th>
              <Table.Th w={150}>Started</Table.Th>
              <Table.Th w={150}>Finished</Table.Th>
              <Table.Th w={320}>Progress / outcome</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {jobs.map((job) => (
              <Table.Tr key={job.id} data-testid="jobs-table-row">
                <Table.Td>
                  <Text size="sm">{job.title}</Text>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {job.kind} · {job.id.slice(0, 8)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <JobStateBadge state={job.state} />
                </Table.Td>
                <Table.Td>{formatTime(job.startedAt)}</Table.Td>
                <Table.Td>{formatTime(job.finishedAt)}</Table.Td>
                <Table.Td>
                  {!isFinished(job) ? (
                    <Progress label={job.message || job.state} fraction={job.fraction} etaSeconds={job.etaSeconds} onCancel={() => void cancel(job.id)} />
                  ) : job.error ? (
                    <Text size="xs" c={job.state === 'failed' ? 'red.8' : 'dimmed'}>
                      {job.error.message}
                    </Text>
                  ) : (
                    <Text size="xs" c="dimmed">
                      {job.message}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
