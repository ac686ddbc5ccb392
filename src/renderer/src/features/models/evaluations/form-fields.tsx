// The fields every evaluation form shares beside its dataset version (components/dataset-version-picker.tsx): the
// version's columns, a column, an execution provider (unavailable ones shown disabled with their reason) and the
// editor for model inputs that cannot be mapped by name.
import { Group, MultiSelect, Select, Stack, Text } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import type { ColumnSchema } from '../../../../../shared/domain';
import type { DatasetVersionRef } from '../../../../../shared/monitoring';
import type { ProviderName, ProviderStatus } from '../../../../../shared/models';
import type { OnnxValueInfo } from '../../../../../shared/onnx-model';
import { useDatasets, useEvaluations } from '../../../stores';

/** the chosen dataset version's columns, once its versions are read */
export function useDatasetColumns(ref: DatasetVersionRef | null): ColumnSchema[] {
  const versions = useDatasets((s) => (ref ? s.versions[ref.dataset] : undefined));
  return useMemo(() => versions?.find((v) => v.version === ref?.version)?.columns ?? [], [versions, ref]);
}

export function ColumnSelect({
  label,
  columns,
  value,
  onChange,
  testId,
  placeholder = 'none',
  required = false,
}: {
  label: string;
  columns: ColumnSchema[];
  value: string | null;
  onChange: (column: string | null) => void;
  testId: string;
  placeholder?: string;
  required?: boolean;
}) {
  return (
    <Select
      size="xs"
      label={label}
      placeholder={placeholder}
      data={columns.map((c) => ({ value: c.name, label: `${c.name} (${c.type})` }))}
      value={value}
      onChange={onChange}
      clearable={!required}
      searchable
      withAsterisk={required}
      data-testid={testId}
    />
  );
}

/** the host's providers as select options: one that cannot run here is disabled, its label saying why */
export function providerOptions(providers: ProviderStatus[] | null) {
  return (providers ?? []).map((p) => ({ value: p.name, label: p.available ? p.name : `${p.name} — ${p.reason ?? 'not available'}`, disabled: !p.available }));
}

/** the host's providers; one that cannot run here is listed, disabled, with why */
export function ProviderSelect({ value, onChange, testId }: { value: ProviderName | null; onChange: (p: ProviderName | null) => void; testId: string }) {
  const providers = useEvaluations((s) => s.providers);
  const loadProviders = useEvaluations((s) => s.loadProviders);
  useEffect(() => {
    if (!providers) void loadProviders();
  }, [providers, loadProviders]);
  return (
    <Select
      size="xs"
      label="Execution provider"
      placeholder="cpu (default)"
      data={providerOptions(providers)}
      value={value}
      onChange={(p) => onChange(providers?.find((s) => s.name === p)?.name ?? null)}
      clearable
      data-testid={testId}
    />
  );
}

function describeInput(input: OnnxValueInfo): string {
  if (input.type.kind !== 'tensor') return input.type.kind;
  const shape = input.type.shape ? `[${input.type.shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]` : '';
  return `${input.type.elementType}${shape}`;
}

/** explicit columns for each input the host cannot map by name or by packing; empty when every input maps itself */
export function InputMappingEditor({
  inputs,
  columns,
  value,
  onChange,
}: {
  inputs: OnnxValueInfo[];
  columns: ColumnSchema[];
  value: Record<string, string[]>;
  onChange: (mapping: Record<string, string[]>) => void;
}) {
  if (inputs.length === 0) return null;
  return (
    <Stack gap={4} data-testid="input-mapping">
      <Text size="xs" fw={700} c="dimmed" tt="uppercase">
        Model inputs that need their columns named
      </Text>
      {inputs.map((input) => (
        <Group key={input.name} gap="xs" wrap="nowrap" align="flex-end">
          <Text size="xs" ff="monospace" w={200} truncate title={describeInput(input)}>
            {input.name} · {describeInput(input)}
          </Text>
          <MultiSelect
            size="xs"
            style={{ flex: 1 }}
            placeholder="columns, in the order the input lays them out"
            data={columns.map((c) => c.name)}
            value={value[input.name] ?? []}
            onChange={(picked) => {
              const next = { ...value };
              if (picked.length > 0) next[input.name] = picked;
              else delete next[input.name];
              onChange(next);
            }}
            searchable
            data-testid={`input-mapping-${input.name}`}
          />
        </Group>
      ))}
    </Stack>
  );
}
