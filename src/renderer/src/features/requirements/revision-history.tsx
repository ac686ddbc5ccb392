// A requirement's revisions, newest first, and the word diff between any two of them.
import { Group, Select, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { RequirementRevision } from '../../../../shared/requirements';
import { formatInstant } from '../../components/format';
import { useRequirements } from '../../stores';
import classes from './requirements.module.css';

function WordDiff({ id, from, to }: { id: string; from: number; to: number }) {
  const diff = useRequirements((s) => (s.diff?.id === id && s.diff.from === from && s.diff.to === to ? s.diff : null));
  const loadDiff = useRequirements((s) => s.loadDiff);
  useEffect(() => {
    void loadDiff(id, from, to);
  }, [id, from, to, loadDiff]);
  if (!diff) return null;
  return (
    <Text size="sm" data-testid="requirement-diff">
      {diff.parts.map((part, i) =>
        part.op === 'same' ? (
          <span key={i}>{part.text}</span>
        ) : part.op === 'removed' ? (
          <del key={i} className={classes.removed} data-testid="diff-removed">
            {part.text}
          </del>
        ) : (
          <ins key={i} className={classes.added} data-testid="diff-added">
            {part.text}
          </ins>
        ),
      )}
    </Text>
  );
}

export function RevisionHistory({ id, history }: { id: string; history: RequirementRevision[] }) {
  const latest = history[history.length - 1]?.revision ?? 1;
  // the latest change by default: the revision before the newest against the newest
  const [range, setRange] = useState<{ from: number; to: number } | null>(null);
  const from = range?.from ?? Math.max(1, latest - 1);
  const to = range?.to ?? latest;
  const choices = history.map((r) => ({ value: String(r.revision), label: `revision ${r.revision}` }));
  return (
    <Stack gap="xs" data-testid="requirement-history">
      <Table withRowBorders={false} verticalSpacing={2} fz="xs">
        <Table.Tbody>
          {[...history].reverse().map((r) => (
            <Table.Tr key={r.revision} data-testid="revision-row">
              <Table.Td>revision {r.revision}</Table.Td>
              <Table.Td>{formatInstant(r.createdAt)}</Table.Td>
              <Table.Td>{r.createdBy}</Table.Td>
              <Table.Td c="dimmed" ff="monospace">
                {r.fingerprint.slice(0, 12)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {history.length > 1 && (
        <>
          <Group gap="xs" align="flex-end">
            <Select size="xs" label="Compare" data={choices} value={String(from)} onChange={(v) => v && setRange({ from: Number(v), to })} allowDeselect={false} w={130} data-testid="diff-from" />
            <Select size="xs" label="with" data={choices} value={String(to)} onChange={(v) => v && setRange({ from, to: Number(v) })} allowDeselect={false} w={130} data-testid="diff-to" />
          </Group>
          <WordDiff id={id} from={from} to={to} />
        </>
      )}
    </Stack>
  );
}
