// Studies: every hyperparameter search of the project, newest first, with its best value and a link to its page.
import { Anchor, Badge, Table, Text } from '@mantine/core';
import { useEffect } from 'react';
import { formatTime } from '../../components/format';
import { useExperiments } from '../../stores';
import { goTo } from './experiments-routes';
import { STUDY_STATE_COLORS } from './run-values';

export function StudiesPage() {
  const studies = useExperiments((s) => s.studies);
  const loaded = useExperiments((s) => s.studiesLoaded);
  const loadStudies = useExperiments((s) => s.loadStudies);

  useEffect(() => {
    void loadStudies();
  }, [loadStudies]);

  if (loaded && studies.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="studies-empty">
        No studies yet: start one from Train → Study.
      </Text>
    );
  }
  return (
    <Table striped highlightOnHover withTableBorder verticalSpacing={4} fz="xs" bg="white" data-testid="studies-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Study</Table.Th>
          <Table.Th w={80}>Model</Table.Th>
          <Table.Th>Dataset → target</Table.Th>
          <Table.Th>Objective</Table.Th>
          <Table.Th w={80}>Sampler</Table.Th>
          <Table.Th w={70} ta="right">
            Trials
          </Table.Th>
          <Table.Th w={90}>State</Table.Th>
          <Table.Th w={90}>Best run</Table.Th>
          <Table.Th w={150}>Started</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {studies.map((s) => (
          <Table.Tr key={s.id} data-testid="study-row" data-study={s.id}>
            <Table.Td>
              <Anchor size="xs" fw={600} component="button" onClick={() => goTo({ page: 'study', id: s.id })} data-testid="study-row-link">
                {s.name}
              </Anchor>
            </Table.Td>
            <Table.Td>{s.modelKind}</Table.Td>
            <Table.Td>
              {s.datasetVersion} → {s.target}
            </Table.Td>
            <Table.Td>
              {s.direction} {s.metric}
            </Table.Td>
            <Table.Td>{s.sampler}</Table.Td>
            <Table.Td ta="right" ff="monospace">
              {s.nTrials}
            </Table.Td>
            <Table.Td>
              <Badge size="xs" variant="light" color={STUDY_STATE_COLORS[s.state] ?? 'gray'}>
                {s.state}
              </Badge>
            </Table.Td>
            <Table.Td>
              {s.bestRunId && (
                <Anchor size="xs" component="button" onClick={() => goTo({ page: 'run', id: s.bestRunId as string, tab: 'overview' })}>
                  {s.bestRunId.slice(0, 8)}
                </Anchor>
              )}
            </Table.Td>
            <Table.Td>{formatTime(s.createdAt)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
