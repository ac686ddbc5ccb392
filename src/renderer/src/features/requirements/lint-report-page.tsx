// The project-wide lint report: how many requirements break each rule, then the worst requirements first; a click
// opens one in the document view, selected for editing.
import { Anchor, Badge, Card, Group, Loader, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import { formatCount, formatPercent } from '../../components/format';
import { useRequirements } from '../../stores';
import { countRules, worstFirst } from './lint-report';
import { goToRequirements } from './requirements-routes';

/** the worst requirements listed: enough to work through, few enough to render at once */
const WORST_SHOWN = 200;

export function LintReportPage() {
  const lint = useRequirements((s) => s.lint);
  const loadLint = useRequirements((s) => s.loadLint);
  useEffect(() => {
    void loadLint();
  }, [loadLint]);
  const rules = useMemo(() => (lint ? countRules(lint) : []), [lint]);
  const worst = useMemo(() => (lint ? worstFirst(lint) : []), [lint]);
  if (lint === null) return <Loader size="sm" />;
  const mean = lint.length === 0 ? 1 : lint.reduce((s, r) => s + r.score, 0) / lint.length;

  return (
    <Stack gap="sm" data-testid="lint-report">
      <Text size="sm" data-testid="lint-report-summary">
        {formatCount(lint.length)} requirements · {formatCount(worst.length)} with findings · mean quality {formatPercent(mean)}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <Card withBorder padding="sm">
          <Text size="sm" fw={600} mb="xs">
            Findings per rule
          </Text>
          <Table verticalSpacing={3} fz="sm" data-testid="lint-rule-counts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Rule</Table.Th>
                <Table.Th ta="right">Requirements</Table.Th>
                <Table.Th ta="right">Findings</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rules.map((r) => (
                <Table.Tr key={r.rule} data-testid="lint-rule-count" data-rule={r.rule}>
                  <Table.Td>{r.rule}</Table.Td>
                  <Table.Td ta="right">{formatCount(r.requirements)}</Table.Td>
                  <Table.Td ta="right">{formatCount(r.findings)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
        <Card withBorder padding="sm">
          <Text size="sm" fw={600} mb="xs">
            Worst first{worst.length > WORST_SHOWN ? ` (the first ${WORST_SHOWN} of ${formatCount(worst.length)})` : ''}
          </Text>
          <Table verticalSpacing={3} fz="sm" data-testid="lint-worst">
            <Table.Tbody>
              {worst.slice(0, WORST_SHOWN).map((r) => (
                <Table.Tr key={r.id} data-testid="lint-worst-row" data-id={r.id}>
                  <Table.Td>
                    <Anchor size="sm" component="button" onClick={() => goToRequirements({ tab: 'document', document: r.document, id: r.id })} data-testid="lint-open">
                      {r.id}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color="orange">
                      {formatPercent(r.score)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {[...new Set(r.findings.map((f) => f.rule))].map((rule) => (
                        <Badge key={rule} size="xs" variant="outline" color="gray">
                          {rule}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td c="dimmed">{r.document}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
