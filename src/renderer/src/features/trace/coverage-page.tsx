// Traceability: coverage: how many requirements have ok verifying evidence, the links by status, and the uncovered
// report (requirements nothing verifies, artifacts no requirement links to) with the way into the impact view or matrix.
import { Anchor, Badge, Card, Group, Loader, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useEffect } from 'react';
import { TRACE_LINK_STATUSES } from '../../../../shared/trace-matrix';
import { ErrorBanner } from '../../components/error-banner';
import { formatCount, formatPercent } from '../../components/format';
import { useTraceReview } from '../../stores';
import { LinkStatusBadge } from './review/link-status-badge';
import { goToTrace, type TraceRoute } from './trace-routes';
import { kindName } from './review/kind-name';

/** rows a list shows before saying how many more there are: the matrix is the place to work through thousands */
const SHOWN_ROWS = 200;

function More({ total }: { total: number }) {
  if (total <= SHOWN_ROWS) return null;
  return (
    <Text size="xs" c="dimmed">
      and {formatCount(total - SHOWN_ROWS)} more: filter the matrix by “uncovered” to work through them all.
    </Text>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Card withBorder padding="xs">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text size="xl" fw={600} data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}

export function CoveragePage(_props: { route: TraceRoute }) {
  const coverage = useTraceReview((s) => s.coverage);
  const loadCoverage = useTraceReview((s) => s.loadCoverage);
  const error = useTraceReview((s) => s.error);
  const dismissError = useTraceReview((s) => s.dismissError);
  useEffect(() => {
    void loadCoverage();
  }, [loadCoverage]);
  if (!coverage) return error ? <ErrorBanner error={error} onClose={dismissError} /> : <Loader size="sm" />;
  const { uncovered } = coverage;
  return (
    <Stack gap="sm" data-testid="coverage-page">
      <ErrorBanner error={error} onClose={dismissError} />
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="xs">
        <Figure label="Requirements" value={formatCount(coverage.requirements)} testId="coverage-requirements" />
        <Figure label="Covered (ok verifying link)" value={formatCount(coverage.covered)} testId="coverage-covered" />
        <Figure label="Coverage" value={coverage.requirements === 0 ? '—' : formatPercent(coverage.covered / coverage.requirements)} testId="coverage-share" />
        <Card withBorder padding="xs">
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            Links
          </Text>
          <Group gap={4} mt={4} data-testid="coverage-links">
            {TRACE_LINK_STATUSES.map((status) => (
              <Group key={status} gap={2} wrap="nowrap">
                <LinkStatusBadge status={status} />
                <Text size="sm" data-testid={`coverage-links-${status}`}>
                  {coverage.links[status]}
                </Text>
              </Group>
            ))}
          </Group>
        </Card>
      </SimpleGrid>
      <Card withBorder padding="sm">
        <Text size="sm" fw={600} mb={4}>
          Requirements nothing verifies ({formatCount(uncovered.requirements.length)})
        </Text>
        <Table verticalSpacing={2} fz="xs" data-testid="uncovered-requirements">
          <Table.Tbody>
            {uncovered.requirements.slice(0, SHOWN_ROWS).map((r) => (
              <Table.Tr key={r.id} data-testid="uncovered-requirement" data-id={r.id}>
                <Table.Td ff="monospace">{r.id}</Table.Td>
                <Table.Td>{r.title}</Table.Td>
                <Table.Td>{r.level && <Badge size="xs" variant="light">{r.level}</Badge>}</Table.Td>
                <Table.Td c="dimmed">{r.reason}</Table.Td>
                <Table.Td>
                  <Group gap={8} wrap="nowrap">
                    <Anchor size="xs" component="button" onClick={() => goToTrace({ tab: 'impact', requirement: r.id })} data-testid="uncovered-open-impact">
                      impact
                    </Anchor>
                    <Anchor size="xs" component="button" onClick={() => goToTrace({ tab: 'matrix', requirement: r.id })}>
                      matrix
                    </Anchor>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <More total={uncovered.requirements.length} />
      </Card>
      <Card withBorder padding="sm">
        <Text size="sm" fw={600} mb={4}>
          Artifacts no requirement links to ({formatCount(uncovered.artifacts.length)})
        </Text>
        <Table verticalSpacing={2} fz="xs" data-testid="uncovered-artifacts">
          <Table.Tbody>
            {uncovered.artifacts.slice(0, SHOWN_ROWS).map((a) => (
              <Table.Tr key={`${a.kind}:${a.id}`} data-testid="uncovered-artifact" data-id={a.id}>
                <Table.Td c="dimmed">{kindName(a.kind)}</Table.Td>
                <Table.Td>{a.label}</Table.Td>
                <Table.Td>
                  <Anchor size="xs" component="button" onClick={() => goToTrace({ tab: 'matrix' })}>
                    matrix
                  </Anchor>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <More total={uncovered.artifacts.length} />
      </Card>
    </Stack>
  );
}
