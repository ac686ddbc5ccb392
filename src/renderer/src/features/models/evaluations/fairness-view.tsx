// A fairness report: rates per group with bootstrap intervals, the disparities with pass/fail against the thresholds
// asked for, the four-fifths rule, and selection rate / TPR / FPR per group as a plot.
import { Badge, Card, Group, Stack, Table, Text } from '@mantine/core';
import { useMemo } from 'react';
import type { FairnessBody } from '../../../../../shared/evaluations';
import { ChartCard } from '../../experiments/chart-card';
import { fairnessFigure, groupName } from './evaluation-charts';
import { formatMetric } from './evaluation-format';
import { DISPARITY_LABELS, DISPARITY_NAMES, RATE_LABELS, RATE_NAMES } from './fairness-labels';
import { IntervalCell, NumberCell } from './number-cell';
import { RuntimeUsedLine } from './runtime-used';

function Verdict({ pass, testId }: { pass: boolean | null; testId?: string }) {
  if (pass === null) {
    return (
      <Badge size="sm" variant="light" color="gray" data-testid={testId}>
        undefined
      </Badge>
    );
  }
  return (
    <Badge size="sm" variant="filled" color={pass ? 'teal' : 'red'} data-testid={testId}>
      {pass ? 'pass' : 'fail'}
    </Badge>
  );
}

export function FairnessView({ body }: { body: FairnessBody }) {
  const { report } = body;
  const figure = useMemo(() => fairnessFigure(report), [report]);
  const checks = new Map(report.checks.map((c) => [c.metric, c]));
  const level = `${Math.round(report.bootstrap.level * 100)}%`;
  return (
    <Stack gap="sm" data-testid="fairness-view">
      <Card withBorder padding="sm">
        <Stack gap={6}>
          <RuntimeUsedLine runtime={body.runtime} />
          <Text size="sm">
            Groups of <b>{body.sensitive}</b>; label {body.target}, favourable outcome “{body.positive}”, predictions from output {body.predictedFrom}. {report.rows.toLocaleString('en-US')} rows
            {report.missingGroupRows > 0 && `, ${report.missingGroupRows} without a ${body.sensitive} (${report.missing === 'group' ? 'shown as their own group' : 'left out'})`}
            {body.droppedRows > 0 && `; ${body.droppedRows} left out for a missing label or prediction`}.{' '}
            {report.bootstrap.resamples > 0 ? `Intervals: ${level} stratified bootstrap, ${report.bootstrap.resamples} resamples (seed ${report.bootstrap.seed}).` : 'No bootstrap intervals were asked for.'}
          </Text>
          <Group gap="xs" data-testid="fairness-four-fifths">
            <Text size="sm">
              Four-fifths rule: lowest / highest selection rate = <b>{formatMetric(report.fourFifths.ratio)}</b>
              {report.fourFifths.lowestGroup !== null && ` (${report.fourFifths.lowestGroup} / ${report.fourFifths.highestGroup})`}
            </Text>
            <Verdict pass={report.fourFifths.pass} />
          </Group>
        </Stack>
      </Card>
      <Card withBorder padding="sm">
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={6}>
          Per group ({level} intervals)
        </Text>
        <Table.ScrollContainer minWidth={700}>
          <Table withTableBorder striped fz="sm" data-testid="fairness-groups">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>group</Table.Th>
                <Table.Th ta="right">rows</Table.Th>
                {RATE_NAMES.map((r) => (
                  <Table.Th key={r} ta="right">
                    {RATE_LABELS[r]}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.groups.map((g) => (
                <Table.Tr key={groupName(g.group)}>
                  <Table.Td>{groupName(g.group)}</Table.Td>
                  <NumberCell>{g.count.toLocaleString('en-US')}</NumberCell>
                  {RATE_NAMES.map((r) => (
                    <IntervalCell key={r} estimate={g[r]} />
                  ))}
                </Table.Tr>
              ))}
              <Table.Tr fw={600}>
                <Table.Td>all</Table.Td>
                <NumberCell>{report.overall.count.toLocaleString('en-US')}</NumberCell>
                {RATE_NAMES.map((r) => (
                  <NumberCell key={r}>{formatMetric(report.overall[r])}</NumberCell>
                ))}
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      <Card withBorder padding="sm">
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={6}>
          Disparities between groups
        </Text>
        <Table withTableBorder fz="sm" data-testid="fairness-disparities">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>disparity</Table.Th>
              <Table.Th ta="right">value [{level}]</Table.Th>
              <Table.Th ta="right">threshold</Table.Th>
              <Table.Th>check</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {DISPARITY_NAMES.map((name) => {
              const check = checks.get(name);
              return (
                <Table.Tr key={name}>
                  <Table.Td>{DISPARITY_LABELS[name]}</Table.Td>
                  <IntervalCell estimate={report.disparities[name]} />
                  <NumberCell>{check ? `${check.direction === 'min' ? '≥' : '≤'} ${check.threshold}` : '—'}</NumberCell>
                  <Table.Td>{check ? <Verdict pass={check.pass} testId={`fairness-check-${name}`} /> : <Text size="xs" c="dimmed">not checked</Text>}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Card>
      <ChartCard title="Selection rate, TPR and FPR per group" figure={figure} height={280} testId="fairness-rates" />
    </Stack>
  );
}
