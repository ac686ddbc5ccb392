// Scoring a dataset version with a model version: the predictions become a new dataset version, and with a label
// column the metrics against it are stored as a scoring evaluation.
import { Button, Group, NumberInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { Play } from 'lucide-react';
import { useState } from 'react';
import type { DatasetVersionRef } from '../../../../../shared/monitoring';
import type { ModelVersionInfo, ProviderName } from '../../../../../shared/models';
import { useEvaluations } from '../../../stores';
import { DatasetVersionPicker } from '../../../components/dataset-version-picker';
import { ColumnSelect, InputMappingEditor, ProviderSelect, useDatasetColumns } from './form-fields';
import { inputsNeedingColumns, mappingOrNothing } from './form-values';

export function ScoreForm({ version }: { version: ModelVersionInfo }) {
  const score = useEvaluations((s) => s.score);
  const busy = useEvaluations((s) => s.task !== null);
  const [dataset, setDataset] = useState<DatasetVersionRef | null>(null);
  const [target, setTarget] = useState<string | null>(null);
  const [provider, setProvider] = useState<ProviderName | null>(null);
  const [output, setOutput] = useState('');
  const [batchSize, setBatchSize] = useState<number | string>('');
  const [mapping, setMapping] = useState<Record<string, string[]>>({});
  const columns = useDatasetColumns(dataset);
  const unmapped = inputsNeedingColumns(version, columns, target);

  const submit = () => {
    if (!dataset || dataset.version === 0) return;
    void score({
      model: version.id,
      dataset,
      target: target ?? undefined,
      provider: provider ?? undefined,
      output: output.trim() || undefined,
      batchSize: typeof batchSize === 'number' ? batchSize : undefined,
      inputs: mappingOrNothing(mapping),
    });
  };

  return (
    <Stack gap="sm" data-testid="score-form">
      <DatasetVersionPicker label="Dataset to score" value={dataset} onChange={setDataset} testId="score-form" />
      <SimpleGrid cols={2} spacing="xs">
        <ColumnSelect label="Label column (stores the metrics against it)" columns={columns} value={target} onChange={setTarget} testId="score-form-target" />
        <ProviderSelect value={provider} onChange={setProvider} testId="score-form-provider" />
        <TextInput
          size="xs"
          label="Output dataset"
          placeholder={dataset ? `${dataset.dataset}-scored` : '<dataset>-scored'}
          value={output}
          onChange={(e) => setOutput(e.currentTarget.value)}
          data-testid="score-form-output"
        />
        <NumberInput size="xs" label="Rows per batch" placeholder="automatic" value={batchSize} onChange={setBatchSize} min={1} allowDecimal={false} data-testid="score-form-batch" />
      </SimpleGrid>
      <InputMappingEditor inputs={unmapped} columns={columns} value={mapping} onChange={setMapping} />
      <Group justify="flex-end">
        <Button leftSection={<Play size={16} />} onClick={submit} disabled={busy || !dataset || dataset.version === 0} data-testid="score-form-submit">
          Score
        </Button>
      </Group>
    </Stack>
  );
}
