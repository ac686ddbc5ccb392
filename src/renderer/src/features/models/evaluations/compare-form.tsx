// Champion vs challenger: this version against another on one dataset version, metrics with bootstrap intervals,
// agreement and latency side by side.
import { Autocomplete, Button, Group, NumberInput, SimpleGrid, Stack } from '@mantine/core';
import { GitCompare } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { DatasetVersionRef } from '../../../../../shared/monitoring';
import { modelRef, type ModelVersionInfo, type ProviderName } from '../../../../../shared/models';
import { useEvaluations } from '../../../stores';
import { DatasetVersionPicker } from '../../../components/dataset-version-picker';
import { ColumnSelect, InputMappingEditor, ProviderSelect, useDatasetColumns } from './form-fields';
import { inputsNeedingColumns, mappingOrNothing } from './form-values';

export function CompareForm({ version }: { version: ModelVersionInfo }) {
  const compare = useEvaluations((s) => s.compare);
  const busy = useEvaluations((s) => s.task !== null);
  const siblings = useEvaluations((s) => s.versions[version.name]);
  const loadVersions = useEvaluations((s) => s.loadVersions);
  const [challenger, setChallenger] = useState('');
  const [dataset, setDataset] = useState<DatasetVersionRef | null>(null);
  const [target, setTarget] = useState<string | null>(null);
  const [provider, setProvider] = useState<ProviderName | null>(null);
  const [bootstrap, setBootstrap] = useState<number | string>(200);
  const [seed, setSeed] = useState<number | string>(0);
  const [mapping, setMapping] = useState<Record<string, string[]>>({});
  const columns = useDatasetColumns(dataset);
  useEffect(() => void loadVersions(version.name), [version.name, loadVersions]);

  // the other versions of this model first, then its aliases; any NAME@VERSION can be typed
  const choices = [...(siblings ?? []).filter((v) => v.id !== version.id).map((v) => v.id), ...(siblings ?? []).flatMap((v) => v.aliases.map((a) => `${v.name}@${a}`))];
  const checked = modelRef.safeParse(challenger.trim());
  const problem = challenger.trim() === '' ? null : checked.success ? (checked.data === version.id ? 'pick another version than this one' : null) : checked.error.issues[0].message;

  const submit = () => {
    if (!checked.success || problem || !dataset || dataset.version === 0) return;
    void compare({
      champion: version.id,
      challenger: checked.data,
      dataset,
      target: target ?? undefined,
      provider: provider ?? undefined,
      bootstrap: typeof bootstrap === 'number' ? bootstrap : undefined,
      seed: typeof seed === 'number' ? seed : undefined,
      inputs: mappingOrNothing(mapping),
    });
  };

  return (
    <Stack gap="sm" data-testid="compare-form">
      <Autocomplete
        size="xs"
        label={`Challenger (${version.id} is the champion)`}
        placeholder="NAME@VERSION or NAME@ALIAS"
        data={[...new Set(choices)]}
        value={challenger}
        onChange={setChallenger}
        error={problem ?? undefined}
        data-testid="compare-form-challenger"
      />
      <DatasetVersionPicker label="Dataset" value={dataset} onChange={setDataset} testId="compare-form" />
      <SimpleGrid cols={2} spacing="xs">
        <ColumnSelect label="Label column (metrics with intervals)" columns={columns} value={target} onChange={setTarget} testId="compare-form-target" />
        <ProviderSelect value={provider} onChange={setProvider} testId="compare-form-provider" />
        <NumberInput size="xs" label="Bootstrap resamples" value={bootstrap} onChange={setBootstrap} min={0} max={10_000} allowDecimal={false} data-testid="compare-form-bootstrap" />
        <NumberInput size="xs" label="Seed" value={seed} onChange={setSeed} allowDecimal={false} data-testid="compare-form-seed" />
      </SimpleGrid>
      <InputMappingEditor inputs={inputsNeedingColumns(version, columns, target)} columns={columns} value={mapping} onChange={setMapping} />
      <Group justify="flex-end">
        <Button leftSection={<GitCompare size={16} />} onClick={submit} disabled={busy || !checked.success || problem !== null || !dataset || dataset.version === 0} data-testid="compare-form-submit">
          Compare
        </Button>
      </Group>
    </Stack>
  );
}
