// An explanation of a model version on a dataset version: permutation importance, partial dependence with ICE
// lines, or KernelSHAP, each with its own options.
import { Button, Group, MultiSelect, NumberInput, SegmentedControl, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { Lightbulb } from 'lucide-react';
import { useState } from 'react';
import type { DatasetVersionRef } from '../../../../../shared/monitoring';
import { EXPLAIN_METHODS, type ExplainMethod, type ModelVersionInfo, type ProviderName } from '../../../../../shared/models';
import { useEvaluations } from '../../../stores';
import { DatasetVersionPicker } from '../../../components/dataset-version-picker';
import { ColumnSelect, InputMappingEditor, ProviderSelect, useDatasetColumns } from './form-fields';
import { inputsNeedingColumns, mappingOrNothing, parseWholeNumbers } from './form-values';

const METHOD_LABELS: Record<ExplainMethod, string> = {
  permutation: 'Permutation importance',
  pdp: 'Partial dependence + ICE',
  shap: 'KernelSHAP',
};

const numberOrNothing = (v: number | string): number | undefined => (typeof v === 'number' ? v : undefined);

export function ExplainForm({ version }: { version: ModelVersionInfo }) {
  const explain = useEvaluations((s) => s.explain);
  const busy = useEvaluations((s) => s.task !== null);
  const [method, setMethod] = useState<ExplainMethod>('permutation');
  const [dataset, setDataset] = useState<DatasetVersionRef | null>(null);
  const [target, setTarget] = useState<string | null>(null);
  const [provider, setProvider] = useState<ProviderName | null>(null);
  const [explained, setExplained] = useState<string[]>([]);
  const [rows, setRows] = useState('0, 1, 2');
  const [repeats, setRepeats] = useState<number | string>(5);
  const [background, setBackground] = useState<number | string>(20);
  const [samples, setSamples] = useState<number | string>('');
  const [className, setClassName] = useState('');
  const [grid, setGrid] = useState<number | string>('');
  const [maxRows, setMaxRows] = useState<number | string>(1000);
  const [seed, setSeed] = useState<number | string>(0);
  const [mapping, setMapping] = useState<Record<string, string[]>>({});
  const columns = useDatasetColumns(dataset);
  const parsedRows = parseWholeNumbers(rows, 0, 'a row number (0 is the first row)');
  const problem = method === 'permutation' && !target ? 'permutation importance scores against a label column: pick it' : method === 'shap' && typeof parsedRows === 'string' ? parsedRows : null;

  const submit = () => {
    if (problem || !dataset || dataset.version === 0) return;
    void explain({
      model: version.id,
      dataset,
      method,
      target: target ?? undefined,
      provider: provider ?? undefined,
      inputs: mappingOrNothing(mapping),
      columns: explained.length > 0 ? explained : undefined,
      className: className.trim() || undefined,
      grid: method === 'pdp' ? numberOrNothing(grid) : undefined,
      rows: method === 'shap' && typeof parsedRows !== 'string' && parsedRows.length > 0 ? parsedRows : undefined,
      repeats: method === 'permutation' ? numberOrNothing(repeats) : undefined,
      background: method === 'shap' ? numberOrNothing(background) : undefined,
      samples: method === 'shap' ? numberOrNothing(samples) : undefined,
      maxRows: numberOrNothing(maxRows),
      seed: numberOrNothing(seed),
    });
  };

  return (
    <Stack gap="sm" data-testid="explain-form">
      <SegmentedControl
        size="xs"
        value={method}
        onChange={(m) => setMethod(EXPLAIN_METHODS.find((e) => e === m) ?? 'permutation')}
        data={EXPLAIN_METHODS.map((m) => ({ value: m, label: METHOD_LABELS[m] }))}
        data-testid="explain-form-method"
      />
      <DatasetVersionPicker label="Dataset" value={dataset} onChange={setDataset} testId="explain-form" />
      <SimpleGrid cols={2} spacing="xs">
        <ColumnSelect label="Label column" columns={columns} value={target} onChange={setTarget} testId="explain-form-target" required={method === 'permutation'} />
        <ProviderSelect value={provider} onChange={setProvider} testId="explain-form-provider" />
        <MultiSelect
          size="xs"
          label={method === 'pdp' ? 'Columns to vary' : 'Columns to explain'}
          placeholder="every column the model takes"
          data={columns.filter((c) => c.name !== target).map((c) => c.name)}
          value={explained}
          onChange={setExplained}
          searchable
          data-testid="explain-form-columns"
        />
        <NumberInput size="xs" label="Rows sampled from the dataset" value={maxRows} onChange={setMaxRows} min={10} max={1_000_000} allowDecimal={false} data-testid="explain-form-max-rows" />
        <TextInput
          size="xs"
          label="Class whose probability is explained"
          placeholder="binary: the second class; multiclass: the one ranked first most often"
          value={className}
          onChange={(e) => setClassName(e.currentTarget.value)}
          data-testid="explain-form-class"
        />
        {method === 'pdp' && (
          <NumberInput size="xs" label="Grid points per numeric column" placeholder="20" value={grid} onChange={setGrid} min={2} max={1000} allowDecimal={false} data-testid="explain-form-grid" />
        )}
        {method === 'permutation' && <NumberInput size="xs" label="Repeats per column" value={repeats} onChange={setRepeats} min={1} max={100} allowDecimal={false} data-testid="explain-form-repeats" />}
        {method === 'shap' && (
          <>
            <TextInput size="xs" label="Rows to explain (0-based)" value={rows} onChange={(e) => setRows(e.currentTarget.value)} data-testid="explain-form-rows" />
            <NumberInput size="xs" label="Background rows (k-means centroids)" value={background} onChange={setBackground} min={1} max={200} allowDecimal={false} data-testid="explain-form-background" />
            <NumberInput size="xs" label="Coalition samples" placeholder="automatic" value={samples} onChange={setSamples} min={10} max={100_000} allowDecimal={false} data-testid="explain-form-samples" />
          </>
        )}
        <NumberInput size="xs" label="Seed" value={seed} onChange={setSeed} allowDecimal={false} data-testid="explain-form-seed" />
      </SimpleGrid>
      <InputMappingEditor inputs={inputsNeedingColumns(version, columns, target)} columns={columns} value={mapping} onChange={setMapping} />
      {problem && (
        <Text size="sm" c="red" data-testid="explain-form-problem">
          {problem}
        </Text>
      )}
      <Group justify="flex-end">
        <Button leftSection={<Lightbulb size={16} />} onClick={submit} disabled={busy || problem !== null || !dataset || dataset.version === 0} data-testid="explain-form-submit">
          Explain
        </Button>
      </Group>
    </Stack>
  );
}
