// A dataset and one of its versions, as two selects side by side; a fresh dataset pick takes its newest version.
import { Select, SimpleGrid } from '@mantine/core';
import { useEffect } from 'react';
import type { DatasetVersionInfo } from '../../../shared/domain';
import type { DatasetVersionRef } from '../../../shared/monitoring';
import { useDatasets } from '../stores';

export function DatasetVersionPicker({
  label,
  value,
  onChange,
  testId,
  clearable = false,
}: {
  label: string;
  value: DatasetVersionRef | null;
  onChange: (ref: DatasetVersionRef | null) => void;
  testId: string;
  clearable?: boolean;
}) {
  const datasets = useDatasets((s) => s.list);
  const loadList = useDatasets((s) => s.loadList);
  const dataset = value?.dataset ?? null;
  const versions: DatasetVersionInfo[] = useDatasets((s) => (dataset ? s.versions[dataset] : undefined)) ?? [];
  const loadVersions = useDatasets((s) => s.loadVersions);
  useEffect(() => void loadList(), [loadList]);
  useEffect(() => {
    if (dataset) void loadVersions(dataset);
  }, [dataset, loadVersions]);
  useEffect(() => {
    // a fresh pick of dataset names no version yet: take its newest once the versions arrive
    if (value && value.version === 0 && versions.length > 0) onChange({ dataset: value.dataset, version: versions[versions.length - 1].version });
  }, [value, versions, onChange]);
  return (
    <SimpleGrid cols={2} spacing="xs">
      <Select
        size="xs"
        label={label}
        placeholder={clearable ? 'none' : 'pick a dataset'}
        data={datasets.map((d) => d.name)}
        value={dataset}
        onChange={(d) => onChange(d ? { dataset: d, version: 0 } : null)}
        allowDeselect={clearable}
        clearable={clearable}
        searchable
        data-testid={`${testId}-dataset`}
      />
      <Select
        size="xs"
        label="Version"
        data={versions.map((v) => ({ value: String(v.version), label: `v${v.version} · ${v.rows.toLocaleString('en-US')} rows` }))}
        value={value && value.version > 0 ? String(value.version) : null}
        onChange={(v) => v && value && onChange({ dataset: value.dataset, version: Number(v) })}
        allowDeselect={false}
        disabled={!dataset}
        data-testid={`${testId}-version`}
      />
    </SimpleGrid>
  );
}

