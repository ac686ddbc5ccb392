// The editable annotations of a model, a version or a run: a card of key/value tags and a card of free text.
import { ActionIcon, Button, Card, Group, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { Plus, X } from 'lucide-react';
import { useEffect, useState } from 'react';

/** sets a tag, or removes it (null) */
export type SetTag = (key: string, value: string | null) => Promise<void>;

function CardTitle({ title, hint }: { title: string; hint?: string }) {
  return (
    <Group justify="space-between" mb={4}>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase">
        {title}
      </Text>
      {hint && (
        <Text size="10px" c="dimmed">
          {hint}
        </Text>
      )}
    </Group>
  );
}

function TagValue({ tagKey, value, setTag, testId }: { tagKey: string; value: string; setTag: SetTag; testId: string }) {
  const [text, setText] = useState(value);
  useEffect(() => {
    setText(value);
  }, [value]);
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
      data-testid={`${testId}-tag-value`}
    />
  );
}

export interface TagsCardProps {
  title: string;
  tags: Record<string, string>;
  setTag: SetTag;
  /** the test ids' prefix: `<testId>-tags`, `<testId>-tag`, `<testId>-tag-value`, ... */
  testId: string;
  /** tags the system keeps (shown dimmed, last, and not editable) */
  readOnly?: (key: string) => boolean;
}

export function TagsCard({ title, tags, setTag, testId, readOnly = () => false }: TagsCardProps) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const entries = Object.entries(tags).sort(([a], [b]) => Number(readOnly(a)) - Number(readOnly(b)) || a.localeCompare(b));
  const add = () => {
    if (!key.trim()) return;
    void setTag(key.trim(), value);
    setKey('');
    setValue('');
  };
  return (
    <Card withBorder padding="xs" data-testid={`${testId}-tags`}>
      <CardTitle title={title} />
      {entries.length === 0 && (
        <Text size="xs" c="dimmed">
          No tags yet.
        </Text>
      )}
      <Table verticalSpacing={1} fz="xs" layout="fixed">
        <Table.Tbody>
          {entries.map(([k, v]) => (
            <Table.Tr key={k} data-testid={`${testId}-tag`} data-key={k}>
              <Table.Td w="42%" c={readOnly(k) ? 'dimmed' : undefined} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={k}>
                {k}
              </Table.Td>
              <Table.Td>
                {readOnly(k) ? (
                  <Text size="xs" c="dimmed" truncate title={v}>
                    {v}
                  </Text>
                ) : (
                  <TagValue tagKey={k} value={v} setTag={setTag} testId={testId} />
                )}
              </Table.Td>
              <Table.Td w={28}>
                {!readOnly(k) && (
                  <ActionIcon size="xs" variant="subtle" color="gray" onClick={() => void setTag(k, null)} aria-label={`remove tag ${k}`} data-testid={`${testId}-tag-remove`}>
                    <X size={12} />
                  </ActionIcon>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group gap={4} mt={6} wrap="nowrap">
        <TextInput size="xs" placeholder="key" value={key} onChange={(e) => setKey(e.currentTarget.value)} style={{ flex: 1 }} aria-label="new tag key" data-testid={`${testId}-tag-key`} />
        <TextInput
          size="xs"
          placeholder="value"
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && add()}
          style={{ flex: 1 }}
          aria-label="new tag value"
          data-testid={`${testId}-tag-new-value`}
        />
        <ActionIcon variant="default" size={30} onClick={add} disabled={!key.trim()} aria-label="add tag" data-testid={`${testId}-tag-add`}>
          <Plus size={14} />
        </ActionIcon>
      </Group>
    </Card>
  );
}

export interface TextCardProps {
  title: string;
  /** a small note beside the title (how the text is kept) */
  hint?: string;
  text: string;
  placeholder: string;
  save: (text: string) => Promise<void>;
  saveLabel: string;
  /** the test ids: `<testId>-card`, `<testId>` (the text area), `<testId>-save` */
  testId: string;
  /** monospace, for text written as markdown */
  monospace?: boolean;
}

export function TextCard({ title, hint, text: saved, placeholder, save, saveLabel, testId, monospace = false }: TextCardProps) {
  const [text, setText] = useState(saved);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    setText(saved);
  }, [saved]);
  const changed = text !== saved;
  return (
    <Card withBorder padding="xs" data-testid={`${testId}-card`}>
      <CardTitle title={title} hint={hint} />
      <Stack gap={4}>
        <Textarea
          size="xs"
          autosize
          minRows={3}
          maxRows={14}
          placeholder={placeholder}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          styles={monospace ? { input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } } : undefined}
          aria-label={title}
          data-testid={testId}
        />
        <Group justify="flex-end" gap={4}>
          {changed && (
            <Button size="compact-xs" variant="subtle" color="gray" onClick={() => setText(saved)}>
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
            data-testid={`${testId}-save`}
          >
            {saveLabel}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
