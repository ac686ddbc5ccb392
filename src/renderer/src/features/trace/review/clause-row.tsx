// One clause of a gap report: its place in the tree, its status, the evidence a person confirmed, and the suggestions
// still waiting with Confirm / Reject.
import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import type { ClauseCoverage, ClauseStatus, EvidenceRef } from '../../../../../shared/standards';
import { kindName } from './kind-name';

const statusColor: Record<ClauseStatus, string> = { covered: 'teal', uncovered: 'red', 'not-applicable': 'gray' };

function Evidence({ evidence }: { evidence: EvidenceRef }) {
  return (
    <Text span size="xs" ff="monospace">
      {kindName(evidence.kind)}: {evidence.id}
    </Text>
  );
}

export function ClauseRow({ clause, busy, onMap }: { clause: ClauseCoverage; busy: boolean; onMap: (evidence: EvidenceRef, state: 'confirmed' | 'rejected') => void }) {
  return (
    <Stack gap={2} pl={clause.depth * 20} py={4} style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }} data-testid="clause" data-clause={clause.clause} data-status={clause.status}>
      <Group gap={6} wrap="nowrap">
        <Badge size="xs" variant="light" color={statusColor[clause.status]} data-testid="clause-status">
          {clause.status}
        </Badge>
        <Text size="sm" ff="monospace" c="dimmed">
          {clause.clause}
        </Text>
        <Text size="sm" fw={clause.leaf ? 400 : 600}>
          {clause.title}
        </Text>
      </Group>
      {clause.confirmed.map((e) => (
        <Group key={`${e.kind}:${e.id}`} gap={6} pl="md" data-testid="clause-confirmed">
          <Text size="xs" c="teal">
            ✓ evidence
          </Text>
          <Evidence evidence={e} />
        </Group>
      ))}
      {clause.suggested.map((e) => (
        <Group key={`${e.kind}:${e.id}`} gap={6} pl="md" data-testid="clause-suggested">
          <Text size="xs" c="dimmed">
            suggested
          </Text>
          <Evidence evidence={e} />
          <Button size="compact-xs" variant="light" disabled={busy} onClick={() => onMap(e, 'confirmed')} data-testid="clause-confirm">
            Confirm
          </Button>
          <Button size="compact-xs" variant="subtle" color="gray" disabled={busy} onClick={() => onMap(e, 'rejected')} data-testid="clause-reject">
            Reject
          </Button>
        </Group>
      ))}
    </Stack>
  );
}
