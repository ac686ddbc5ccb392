// A benchmark of a model version: latency and throughput per batch size on each chosen provider, on a dataset
// version's rows or on inputs made up from the model's shapes.
import { Button, Group, MultiSelect, NumberInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { Gauge } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { DatasetVersionRef } from '../../../../../shared/monitoring';
import { PROVIDER_NAMES, type ModelVersionInfo, type ProviderName } from '../../../../../shared/models';
import { useEvaluations } from '../../../stores';
import { DatasetVersionPicker } from '../../../components/dataset-version-picker';
import { InputMappingEditor, providerOptions, useDatasetColumns } from './form-fields';
import { inputsNeedingColumns, mappingOrNothing, parseBatchSizes } from './form-values';

const asProvider = (name: string): ProviderName | undefined => PROVIDER_NAMES.find((p) => p === name);

export function BenchForm({ version }: { version: ModelVersionInfo }) {
  const bench = useEvaluations((s) => s.bench);
  const busy = useEvaluations((s) => s.task !== null);
  const providers = useEvaluations((s) => s.providers);
  const loadProviders = useEvaluations((s) => s.loadProviders);
  const [chosen, setChosen] = useState<string[]>(['cpu']);
  const [sizes, setSizes] = useState('1, 8, 64, 256');
  const [dataset, setDataset] = useState<DatasetVersionRef | null>(null);
  const [runs, setRuns] = useState<number | string>(20);
  const [warmup, setWarmup] = useState<number | string>(3);
  const [mapping, setMapping] = useState<Record<string, string[]>>({});
  const columns = useDatasetColumns(dataset);
  const parsed = parseBatchSizes(sizes);
  useEffect(() => {
    if (!providers) void loadProviders();
  }, [providers, loadProviders]);

  const submit = () => {
    if (typeof parsed === 'string') return;
    void bench({
      model: version.id,
      providers: chosen.map(asProvider).filter((p): p is ProviderName => p !== undefined),
      batchSizes: parsed,
      dataset: dataset && dataset.version > 0 ? dataset : undefined,
      inputs: dataset ? mappingOrNothing(mapping) : undefined,
      runs: typeof runs === 'number' ? runs : undefined,
      warmup: typeof warmup === 'number' ? warmup : undefined,
    });
  };

  return (
    <Stack gap="sm" data-testid="bench-form">
      <SimpleGrid cols={2} spacing="xs">
        <MultiSelect
          size="xs"
          label="Providers"
          data={providerOptions(providers)}
          value={chosen}
          onChange={setChosen}
          data-testid="bench-form-providers"
        />
        <TextInput
          size="xs"
          label="Batch sizes"
          value={sizes}
          onChange={(e) => setSizes(e.currentTarget.value)}
          error={typeof parsed === 'string' ? parsed : undefined}
          data-testid="bench-form-batches"
        />
        <NumberInput size="xs" label="Timed runs per batch size" value={runs} onChange={setRuns} min={3} max={10_000} allowDecimal={false} data-testid="bench-form-runs" />
        <NumberInput size="xs" label="Warm-up runs" value={warmup} onChange={setWarmup} min={0} max={1000} allowDecimal={false} data-testid="bench-form-warmup" />
      </SimpleGrid>
      <DatasetVersionPicker label="Rows from (default: synthetic inputs)" value={dataset} onChange={setDataset} testId="bench-form" clearable />
      <InputMappingEditor inputs={inputsNeedingColumns(version, columns, null)} columns={columns} value={mapping} onChange={setMapping} />
      <Group justify="flex-end">
        <Button leftSection={<Gauge size={16} />} onClick={submit} disabled={busy || chosen.length === 0 || typeof parsed === 'string'} data-testid="bench-form-submit">
          Run benchmark
        </Button>
      </Group>
    </Stack>
  );
}
