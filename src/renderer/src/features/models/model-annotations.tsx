// The editable side of a model or of one version: its tags and its description. The caller says which it edits.
import { ActionIcon, Button, Card, Group, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { Plus, X } from 'lucide-react';
import { useEffect, useState } from 'react';

type SetTag = (key: string, value: string | null) => Promise<void>;

function TagValue({ tagKey, value, setTag }: { tagKey: string; value: string; setTag: SetTag }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const save = () => {
    if (text !== value) void setTag(tagKey, text);
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
      data-testid="model-tag-value"
    />
  );
}

export function ModelTags({ title, tags, setTag }: { title: string; tags: Record<string, string>; setTag: SetTag }) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const entries = Object.entries(tags).sort(([a], [b]) => a.localeCompare(b));
  const add = () => {
    if (!key.trim()) return;
    void setTag(key.trim(), value);
    setKey('');
    setValue('');
  };
  return (
    <Card withBorder padding="xs" data-testid="model-tags">
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={4}>
        {title}
      </Text>
      {entries.length === 0 && (
        <Text size="xs" c="dimmed">
          No tags yet.
        </Text>
      )}
      <Table verticalSpacing={1} fz="xs" layout="fixed">
        <Table.Tbody>
          {entries.map(([k, v]) => (
            <Table.Tr key={k} data-testid="model-tag" data-key={k}>
              <Table.Td w="42%" style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={k}>
                {k}
              </Table.Td>
              <Table.Td>
                <TagValue tagKey={k} value={v} setTag={setTag} />
              </Table.Td>
              <Table.Td w={28}>
                <ActionIcon size="xs" variant="subtle" color="gray" onClick={() => void setTag(k, null)} aria-label={`remove tag ${k}`} data-testid="model-tag-remove">
                  <X size={12} />
                </ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group gap={4} mt={6} wrap="nowrap">
        <TextInput size="xs" placeholder="key" value={key} onChange={(e) => setKey(e.currentTarget.value)} style={{ flex: 1 }} aria-label="new tag key" data-testid="model-tag-key" />
        <TextInput
          size="xs"
          placeholder="value"
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && add()}
          style={{ flex: 1 }}
          aria-label="new tag value"
          data-testid="model-tag-new-value"
        />
        <ActionIcon variant="default" size={30} onClick={add} disabled={!key.trim()} aria-label="add tag" data-testid="model-tag-add">
          <Plus size={14} />
        </ActionIcon>
      </Group>
    </Card>
  );
}

export function ModelDescription({ title, description, save }: { title: string; description: string; save: (text: string) => Promise<void> }) {
  const [text, setText] = useState(description);
  const [saving, setSaving] = useState(false);
  useEffect(() => setText(description), [description]);
  const changed = text !== description;
  return (
    <Card withBorder padding="xs" data-testid="model-description-card">
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={4}>
        {title}
      </Text>
      <Stack gap={4}>
        <Textarea
          size="xs"
          autosize
          minRows={3}
          maxRows={12}
          placeholder="What is this model for, what does it expect, what are its limits?"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          aria-label={title}
          data-testid="model-description"
        />
        <Group justify="flex-end" gap={4}>
          {changed && (
            <Button size="compact-xs" variant="subtle" color="gray" onClick={() => setText(description)}>
              Revert
            </Button>
          )}
          <Button
            size="compact-xs"
            disabled={!changed}
            loading={saving}
            onClick={() => {
              setSaving(true);
              void save(text).finally(() => setSaving(false));
            }}
            data-testid="model-description-save"
          >
            Save description
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
