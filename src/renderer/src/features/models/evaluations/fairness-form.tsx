// A fairness report of a binary classifier: rates per group of a sensitive column with bootstrap intervals, the
// disparities between groups checked against the thresholds given here, and the four-fifths rule.
import { Button, Group, NumberInput, SegmentedControl, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { Scale } from 'lucide-react';
import { useState } from 'react';
import type { DisparityName, FairnessThresholds, MissingGroupHandling } from '../../../../../shared/fairness';
import type { DatasetVersionRef } from '../../../../../shared/monitoring';
import type { ModelVersionInfo, ProviderName } from '../../../../../shared/models';
import { useEvaluations } from '../../../stores';
import { DISPARITY_LABELS, DISPARITY_NAMES } from './fairness-labels';
import { DatasetVersionPicker } from '../../../components/dataset-version-picker';
import { ColumnSelect, InputMappingEditor, ProviderSelect, useDatasetColumns } from './form-fields';
import { inputsNeedingColumns, mappingOrNothing } from './form-values';


export function FairnessForm({ version }: { version: ModelVersionInfo }) {
  const fairness = useEvaluations((s) => s.fairness);
  const busy = useEvaluations((s) => s.task !== null);
  const [dataset, setDataset] = useState<DatasetVersionRef | null>(null);
  const [target, setTarget] = useState<string | null>(null);
  const [sensitive, setSensitive] = useState<string | null>(null);
  const [positive, setPositive] = useState('');
  const [provider, setProvider] = useState<ProviderName | null>(null);
  const [resamples, setResamples] = useState<number | string>(200);
  const [missing, setMissing] = useState<MissingGroupHandling>('group');
  const [seed, setSeed] = useState<number | string>(0);
  const [thresholds, setThresholds] = useState<Partial<Record<DisparityName, number | string>>>({ demographicParityDifference: 0.1, equalizedOddsDifference: 0.1 });
  const [mapping, setMapping] = useState<Record<string, string[]>>({});
  const columns = useDatasetColumns(dataset);
  const problem = !target ? 'pick the label column' : !sensitive ? 'pick the sensitive column' : sensitive === target ? 'the sensitive column cannot be the label' : null;

  const submit = () => {
    if (problem || !target || !sensitive || !dataset || dataset.version === 0) return;
    const given: FairnessThresholds = {};
    for (const name of DISPARITY_NAMES) {
      const t = thresholds[name];
      if (typeof t === 'number') given[name] = t;
    }
    void fairness({
      model: version.id,
      dataset,
      target,
      sensitive,
      positive: positive.trim() || undefined,
      provider: provider ?? undefined,
      inputs: mappingOrNothing(mapping),
      thresholds: Object.keys(given).length > 0 ? given : undefined,
      resamples: typeof resamples === 'number' ? resamples : undefined,
      missing,
      seed: typeof seed === 'number' ? seed : undefined,
    });
  };

  return (
    <Stack gap="sm" data-testid="fairness-form">
      <DatasetVersionPicker label="Dataset" value={dataset} onChange={setDataset} testId="fairness-form" />
      <SimpleGrid cols={2} spacing="xs">
        <ColumnSelect label="Label column" columns={columns} value={target} onChange={setTarget} testId="fairness-form-target" required placeholder="pick" />
        <ColumnSelect label="Sensitive column" columns={columns} value={sensitive} onChange={setSensitive} testId="fairness-form-sensitive" required placeholder="pick" />
        <TextInput size="xs" label="Positive (favourable) label" placeholder="the second of two sorted labels" value={positive} onChange={(e) => setPositive(e.currentTarget.value)} data-testid="fairness-form-positive" />
        <ProviderSelect value={provider} onChange={setProvider} testId="fairness-form-provider" />
        <NumberInput size="xs" label="Bootstrap resamples" value={resamples} onChange={setResamples} min={0} max={10_000} allowDecimal={false} data-testid="fairness-form-resamples" />
        <NumberInput size="xs" label="Seed" value={seed} onChange={setSeed} allowDecimal={false} data-testid="fairness-form-seed" />
      </SimpleGrid>
      <div>
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={4}>
          Rows without a sensitive value
        </Text>
        <SegmentedControl
          size="xs"
          value={missing}
          onChange={(m) => setMissing(m === 'exclude' ? 'exclude' : 'group')}
          data={[
            { value: 'group', label: 'One more group' },
            { value: 'exclude', label: 'Left out (counted)' },
          ]}
          data-testid="fairness-form-missing"
        />
      </div>
      <div>
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={4}>
          Thresholds (empty: not checked)
        </Text>
        <SimpleGrid cols={3} spacing="xs">
          {DISPARITY_NAMES.map((name) => (
            <NumberInput
              key={name}
              size="xs"
              label={`${DISPARITY_LABELS[name]} ${name === 'demographicParityRatio' ? '≥' : '≤'}`}
              value={thresholds[name] ?? ''}
              onChange={(v) => setThresholds({ ...thresholds, [name]: v })}
              min={0}
              step={0.05}
              decimalScale={4}
              data-testid={`fairness-form-threshold-${name}`}
            />
          ))}
        </SimpleGrid>
      </div>
      <InputMappingEditor inputs={inputsNeedingColumns(version, columns, target)} columns={columns} value={mapping} onChange={setMapping} />
      {problem && dataset && (
        <Text size="sm" c="dimmed" data-testid="fairness-form-problem">
          {problem}
        </Text>
      )}
      <Group justify="flex-end">
        <Button leftSection={<Scale size={16} />} onClick={submit} disabled={busy || problem !== null || !dataset || dataset.version === 0} data-testid="fairness-form-submit">
          Check fairness
        </Button>
      </Group>
    </Stack>
  );
}
