// What a requirement's change reaches through its links and the lineage graph, grouped by kind, each with its path
// and, where it has one, a link to its page.
import { Anchor, Badge, Card, Group, Stack, Table, Text } from '@mantine/core';
import { useMemo } from 'react';
import type { ImpactItem, TraceTarget } from '../../../../../shared/trace';
import { TRACE_TARGET_KINDS, type TraceTargetKind } from '../../../../../shared/trace-matrix';
import { routeHash } from '../../../app/routes';
import { kindName } from './kind-name';
import { targetRoute } from './target-route';

function TargetName({ target, label }: { target: TraceTarget; label: string }) {
  const route = targetRoute(target);
  return route ? (
    <Anchor inherit href={routeHash(route)}>
      {label}
    </Anchor>
  ) : (
    label
  );
}

function groupByKind(items: ImpactItem[]): [TraceTargetKind, ImpactItem[]][] {
  const groups = new Map<TraceTargetKind, ImpactItem[]>();
  for (const item of items) groups.set(item.node.kind, [...(groups.get(item.node.kind) ?? []), item]);
  // groups in the catalogue's order, items nearest first
  return TRACE_TARGET_KINDS.flatMap((kind) => {
    const group = groups.get(kind);
    return group ? [[kind, [...group].sort((a, b) => a.depth - b.depth)] as [TraceTargetKind, ImpactItem[]]] : [];
  });
}

export function AffectedItems({ items, truncated }: { items: ImpactItem[]; truncated: boolean }) {
  const groups = useMemo(() => groupByKind(items), [items]);
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="affected-none">
        Nothing is reached through its links.
      </Text>
    );
  }
  return (
    <Stack gap="xs" data-testid="affected">
      {truncated && (
        <Text size="xs" c="orange" data-testid="affected-truncated">
          The lineage walk stopped at its bound: more may be affected than shown.
        </Text>
      )}
      {groups.map(([kind, group]) => (
        <Card key={kind} withBorder padding="xs" data-testid="affected-group" data-kind={kind}>
          <Group gap={6} mb={4}>
            <Text size="xs" fw={700} c="dimmed" tt="uppercase">
              {kindName(kind)}
            </Text>
            <Badge size="xs" variant="default">
              {group.length}
            </Badge>
          </Group>
          <Table withRowBorders={false} verticalSpacing={2} fz="xs" layout="fixed">
            <Table.Tbody>
              {group.map((item) => (
                <Table.Tr key={`${item.link}:${item.node.id}`} data-testid="affected-item">
                  <Table.Td fw={600} w="40%">
                    <TargetName target={item.node} label={item.label} />
                  </Table.Td>
                  <Table.Td c="dimmed">{item.via.join(' → ')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      ))}
    </Stack>
  );
}
