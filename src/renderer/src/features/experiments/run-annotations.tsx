// A run's editable side: tags (the airlock.* ones are the system's and read-only) and a free-text note.
import { ActionIcon, Button, Card, Group, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { Plus, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { RunDetail } from '../../../../shared/experiments';
import { useExperiments } from '../../stores';

const isSystemTag = (key: string) => key.startsWith('airlock.') || key.startsWith('mlflow.');

function TagValue({ run, tagKey, value }: { run: RunDetail; tagKey: string; value: string }) {
  const setTag = useExperiments((s) => s.setTag);
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const save = () => {
    if (text !== value) void setTag(run.id, tagKey, text);
  };
  return (
    <TextInput
      size="xs"
      variant="unstyled"
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={save}
      onKeyDown={(e) => e.key === 'Enter' && save()}
      aria-label={`tag ${tagKey}`}
      styles={{ input: { minHeight: 22, height: 22, fontSize: 12 } }}
      data-testid="run-tag-value"
    />
  );
}

export function RunTags({ run }: { run: RunDetail }) {
  const setTag = useExperiments((s) => s.setTag);
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const entries = Object.entries(run.tags).sort(([a], [b]) => Number(isSystemTag(a)) - Number(isSystemTag(b)) || a.localeCompare(b));
  const add = () => {
    if (!key.trim()) return;
    void setTag(run.id, key.trim(), value);
    setKey('');
    setValue('');
  };
  return (
    <Card withBorder padding="xs" data-testid="run-tags">
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={4}>
        Tags
      </Text>
      <Table verticalSpacing={1} fz="xs" layout="fixed">
        <Table.Tbody>
          {entries.map(([k, v]) => (
            <Table.Tr key={k} data-testid="run-tag" data-key={k}>
              <Table.Td w="42%" c={isSystemTag(k) ? 'dimmed' : undefined} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={k}>
                {k}
              </Table.Td>
              <Table.Td>{isSystemTag(k) ? <Text size="xs" c="dimmed" truncate title={v}>{v}</Text> : <TagValue run={run} tagKey={k} value={v} />}</Table.Td>
              <Table.Td w={28}>
                {!isSystemTag(k) && (
                  <ActionIcon size="xs" variant="subtle" color="gray" onClick={() => void setTag(run.id, k, null)} aria-label={`remove tag ${k}`} data-testid="run-tag-remove">
                    <X size={12} />
                  </ActionIcon>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group gap={4} mt={6} wrap="nowrap">
        <TextInput size="xs" placeholder="key" value={key} onChange={(e) => setKey(e.currentTarget.value)} style={{ flex: 1 }} aria-label="new tag key" data-testid="run-tag-key" />
        <TextInput
          size="xs"
          placeholder="value"
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && add()}
          style={{ flex: 1 }}
          aria-label="new tag value"
          data-testid="run-tag-new-value"
        />
        <ActionIcon variant="default" size={30} onClick={add} disabled={!key.trim()} aria-label="add tag" data-testid="run-tag-add">
          <Plus size={14} />
        </ActionIcon>
      </Group>
    </Card>
  );
}

export function RunNote({ run }: { run: RunDetail }) {
  const setNote = useExperiments((s) => s.setNote);
  const [text, setText] = useState(run.note);
  const [saving, setSaving] = useState(false);
  useEffect(() => setText(run.note), [run.note]);
  const changed = text !== run.note;
  return (
    <Card withBorder padding="xs" data-testid="run-note-card">
      <Group justify="space-between" mb={4}>
        <Text size="xs" fw={700} c="dimmed" tt="uppercase">
          Note
        </Text>
        <Text size="10px" c="dimmed">
          markdown, kept as text
        </Text>
      </Group>
      <Stack gap={4}>
        <Textarea
          size="xs"
          autosize
          minRows={3}
          maxRows={14}
          placeholder="What was this run for? What did you learn?"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
          aria-label="run note"
          data-testid="run-note"
        />
        <Group justify="flex-end" gap={4}>
          {changed && (
            <Button size="compact-xs" variant="subtle" color="gray" onClick={() => setText(run.note)}>
              Revert
            </Button>
          )}
          <Button
            size="compact-xs"
            disabled={!changed}
            loading={saving}
            onClick={() => {
              setSaving(true);
              void setNote(run.id, text).finally(() => setSaving(false));
            }}
            data-testid="run-note-save"
          >
            Save note
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
