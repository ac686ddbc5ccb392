// The editor's fields beside the text: title, level, status, owner, and one control per typed ReqIF attribute by its
// datatype (text, bounded number, checkbox, date, single or multiple choice, XHTML as plain text).
import { Checkbox, Group, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { REQUIREMENT_LEVELS, type RequirementAttributeField } from '../../../../shared/requirements';
import { attributeControls, lockedRoles, type RequirementForm } from './requirement-form';

/** ReqIF dates carry a time; the date input edits the day and keeps the time and zone the value had */
const MIDNIGHT_UTC = 'T00:00:00Z';
const withDay = (day: string, before: string): string => (day === '' ? '' : `${day}${before.length > 10 ? before.slice(10) : MIDNIGHT_UTC}`);

function AttributeControl({ field, value, disabled, onChange }: { field: RequirementAttributeField; value: string; disabled: boolean; onChange(value: string): void }) {
  const common = { size: 'xs', label: field.name, disabled, 'data-testid': 'requirement-attribute', 'data-name': field.name } as const;
  switch (field.kind) {
    case 'INTEGER':
    case 'REAL':
      return (
        <NumberInput
          {...common}
          value={value}
          min={field.min}
          max={field.max}
          allowDecimal={field.kind === 'REAL'}
          // out of bounds stays as typed: the main process refuses it naming the attribute, rather than changing it unseen
          clampBehavior="none"
          description={field.min !== undefined && field.max !== undefined ? `${field.min} to ${field.max}` : undefined}
          onChange={(v) => onChange(String(v))}
        />
      );
    case 'BOOLEAN':
      return <Checkbox {...common} mt="lg" checked={value === 'true'} onChange={(e) => onChange(String(e.currentTarget.checked))} />;
    case 'DATE':
      return <TextInput {...common} type="date" value={value.slice(0, 10)} onChange={(e) => onChange(withDay(e.currentTarget.value, value))} />;
    case 'ENUMERATION': {
      const data = field.choices ?? [];
      return field.multiValued === true ? (
        <MultiSelect {...common} data={data} value={value === '' ? [] : value.split(', ')} onChange={(names) => onChange(names.join(', '))} clearable />
      ) : (
        <Select {...common} data={data} value={value === '' ? null : value} onChange={(name) => onChange(name ?? '')} clearable />
      );
    }
    case 'XHTML':
      return <Textarea {...common} autosize minRows={1} maxRows={4} value={value} onChange={(e) => onChange(e.currentTarget.value)} />;
    case 'STRING':
      return <TextInput {...common} maxLength={field.maxLength} value={value} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
}

export function RequirementFields({ fields, form, disabled, onChange }: { fields: readonly RequirementAttributeField[]; form: RequirementForm; disabled: boolean; onChange(form: RequirementForm): void }) {
  const locked = lockedRoles(fields);
  const lockedNote = (role: 'level' | 'status' | 'owner') => (locked.has(role) ? `set by the attribute ${locked.get(role)}` : undefined);
  const controls = attributeControls(fields);
  return (
    <Stack gap={6}>
      <TextInput size="xs" label="Title" value={form.title} disabled={disabled} onChange={(e) => onChange({ ...form, title: e.currentTarget.value })} data-testid="requirement-title" />
      <Group gap="xs" grow align="flex-start">
        <Select
          size="xs"
          label="Level"
          placeholder="none"
          clearable
          data={[...REQUIREMENT_LEVELS]}
          value={form.level}
          disabled={disabled || locked.has('level')}
          description={lockedNote('level')}
          onChange={(level) => onChange({ ...form, level: REQUIREMENT_LEVELS.find((l) => l === level) ?? null })}
          data-testid="requirement-level"
        />
        <TextInput size="xs" label="Status" value={form.status} disabled={disabled || locked.has('status')} description={lockedNote('status')} onChange={(e) => onChange({ ...form, status: e.currentTarget.value })} data-testid="requirement-status" />
        <TextInput size="xs" label="Owner" value={form.owner} disabled={disabled || locked.has('owner')} description={lockedNote('owner')} onChange={(e) => onChange({ ...form, owner: e.currentTarget.value })} data-testid="requirement-owner" />
      </Group>
      {controls.length > 0 && (
        <>
          <Text size="xs" fw={600} mt={4}>
            Attributes
          </Text>
          <SimpleGrid cols={2} spacing="xs" verticalSpacing={6} data-testid="requirement-attributes">
            {controls.map((f) => (
              <AttributeControl key={f.name} field={f} value={form.attributes[f.name] ?? ''} disabled={disabled} onChange={(value) => onChange({ ...form, attributes: { ...form.attributes, [f.name]: value } })} />
            ))}
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
