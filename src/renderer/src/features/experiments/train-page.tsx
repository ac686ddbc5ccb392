// Train one model, or tune one with a study: dataset, target, model and its hyperparameters, split, seed; then live curves.
import { Autocomplete, Badge, Button, Card, Grid, Group, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { Play, Sparkles } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import type { ColumnType } from '../../../../shared/domain';
import { samplerKinds, type SamplerKind } from '../../../../shared/experiment-requests';
import type { TaskName } from '../../../../shared/experiments';
import { defaultParams, isModelKind, modelCatalog, modelChoices, readParam, searchedParams, type ModelKind, type ParamSpec } from '../../../../shared/model-catalog';
import { metricFamily, STUDY_METRICS } from '../../../../shared/study-metrics';
import { useDatasets, useExperiments } from '../../stores';
import { goTo, type TrainMode } from './experiments-routes';
import { LiveJobPanel } from './live-job-panel';

type FieldText = Record<string, string>;

function paramsAsText(model: ModelKind): FieldText {
  return Object.fromEntries(Object.entries(defaultParams(model)).map(([k, v]) => [k, String(v)]));
}

/** the task the host will choose, guessed from the target's type (integers with few values are classes) */
function guessTask(model: ModelKind, type: ColumnType | undefined): TaskName | null {
  if (model === 'linreg' || type === 'numeric' || type === 'datetime') return 'regression';
  return type ? 'multiclass' : null;
}

function ParamField({ name, spec, text, error, searched, onChange }: { name: string; spec: ParamSpec; text: string; error?: string; searched: boolean; onChange: (t: string) => void }) {
  const label = (
    <Group gap={4} wrap="nowrap">
      <span>{name}</span>
      {searched && (
        <Badge size="xs" variant="light" color="grape">
          searched
        </Badge>
      )}
    </Group>
  );
  if (spec.type === 'bool') {
    return (
      <Switch
        mt={22}
        size="xs"
        label={name}
        description={spec.hint}
        checked={text === 'true'}
        disabled={searched}
        onChange={(e) => onChange(String(e.currentTarget.checked))}
        data-testid={`param-${name}`}
      />
    );
  }
  return (
    <TextInput
      size="xs"
      label={label}
      description={spec.hint}
      value={searched ? 'by the study' : text}
      error={searched ? undefined : error}
      disabled={searched}
      onChange={(e) => onChange(e.currentTarget.value)}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      data-testid={`param-${name}`}
    />
  );
}

export function TrainPage({ mode }: { mode: TrainMode }) {
  const datasets = useDatasets((s) => s.list);
  const versionsByName = useDatasets((s) => s.versions);
  const loadList = useDatasets((s) => s.loadList);
  const loadVersions = useDatasets((s) => s.loadVersions);
  const startTrain = useExperiments((s) => s.startTrain);
  const startStudy = useExperiments((s) => s.startStudy);
  const busy = useExperiments((s) => s.tasks[mode] !== null);

  const [dataset, setDataset] = useState<string | null>(null);
  const [version, setVersion] = useState<string>('latest');
  const [target, setTarget] = useState<string | null>(null);
  const [model, setModel] = useState<ModelKind>('logreg');
  const [params, setParams] = useState<FieldText>(() => paramsAsText('logreg'));
  const [seed, setSeed] = useState<number | string>(42);
  const [validation, setValidation] = useState<number | string>(0.2);
  const [test, setTest] = useState<number | string>(0.2);
  const [cvFolds, setCvFolds] = useState<number | string>('');
  const [experiment, setExperiment] = useState('Default');
  const [name, setName] = useState('');
  const [trials, setTrials] = useState<number | string>(20);
  const [sampler, setSampler] = useState<SamplerKind>('tpe');
  const [metric, setMetric] = useState('');
  const [prune, setPrune] = useState(true);
  const [errors, setErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    void loadList();
  }, [loadList]);
  useEffect(() => {
    if (!dataset && datasets.length > 0) setDataset(datasets[0].name);
  }, [dataset, datasets]);
  useEffect(() => {
    if (dataset) void loadVersions(dataset);
  }, [dataset, loadVersions]);

  const versions = dataset ? versionsByName[dataset] : undefined;
  const chosen = versions && (version === 'latest' ? versions[versions.length - 1] : versions.find((v) => String(v.version) === version));
  const columns = useMemo(() => chosen?.columns ?? [], [chosen]);
  useEffect(() => {
    // a target the version does not have (or none yet): prefer a column named like a label, else the last one
    if (columns.length === 0 || (target && columns.some((c) => c.name === target))) return;
    const named = columns.find((c) => /^(label|target|class|y|outcome)$/i.test(c.name));
    setTarget((named ?? columns[columns.length - 1]).name);
  }, [columns, target]);

  const targetType = columns.find((c) => c.name === target)?.type;
  const family = metricFamily(guessTask(model, targetType));
  const searched = mode === 'study' ? searchedParams(model) : [];
  const specs = modelCatalog[model].params;

  const chooseModel = (m: ModelKind) => {
    setModel(m);
    setParams(paramsAsText(m));
    setErrors({});
  };

  const submit = () => {
    const found: Record<string, string> = {};
    const values: Record<string, number | boolean | string> = {};
    for (const [key, spec] of Object.entries(specs)) {
      if (searched.includes(key)) continue;
      const read = readParam(spec, params[key] ?? '');
      if ('expected' in read) found[key] = read.expected;
      else values[key] = read.value;
    }
    if (!dataset) found.dataset = 'pick a dataset';
    if (!target) found.target = 'pick a target column';
    setErrors(found);
    if (Object.keys(found).length > 0 || !dataset || !target) return;
    const train = {
      dataset,
      version: version === 'latest' ? undefined : Number(version),
      target,
      model,
      params: values,
      seed: Number(seed) || 0,
      validation: Number(validation),
      test: Number(test),
      cvFolds: cvFolds === '' ? undefined : Number(cvFolds),
      experiment: experiment.trim() || 'Default',
    };
    if (mode === 'train') void startTrain({ ...train, name: name.trim() || undefined });
    else void startStudy({ train, trials: Number(trials) || 20, sampler, metric: metric.trim() || undefined, prune, name: name.trim() || undefined });
  };

  const versionOptions = [{ value: 'latest', label: `latest${versions?.length ? ` (v${versions[versions.length - 1].version})` : ''}` }, ...(versions ?? []).map((v) => ({ value: String(v.version), label: `v${v.version}` }))];

  return (
    <Grid gap="md" align="flex-start">
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <Card withBorder padding="sm" data-testid="train-form">
          <Stack gap="sm">
            <SegmentedControl
              size="xs"
              fullWidth
              value={mode}
              onChange={(m) => goTo({ page: 'train', mode: m as TrainMode })}
              data={[
                { value: 'train', label: 'Single run' },
                { value: 'study', label: 'Study (tune hyperparameters)' },
              ]}
              data-testid="train-mode"
            />
            <SimpleGrid cols={2} spacing="xs" verticalSpacing={6}>
              <Select
                size="xs"
                label="Dataset"
                data={datasets.map((d) => d.name)}
                value={dataset}
                onChange={(d) => {
                  setDataset(d);
                  setVersion('latest');
                }}
                error={errors.dataset}
                allowDeselect={false}
                searchable
                data-testid="train-dataset"
              />
              <Select size="xs" label="Version" data={versionOptions} value={version} onChange={(v) => v && setVersion(v)} allowDeselect={false} data-testid="train-version" />
              <Select
                size="xs"
                label="Target column"
                data={columns.map((c) => ({ value: c.name, label: `${c.name} · ${c.type}` }))}
                value={target}
                onChange={setTarget}
                error={errors.target}
                allowDeselect={false}
                searchable
                data-testid="train-target"
              />
              <Select
                size="xs"
                label="Model"
                data={modelChoices()}
                value={model}
                onChange={(m) => m !== null && isModelKind(m) && chooseModel(m)}
                allowDeselect={false}
                data-testid="train-model"
              />
            </SimpleGrid>
            <div>
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={2}>
                Hyperparameters
              </Text>
              <SimpleGrid cols={2} spacing="xs" verticalSpacing={6} data-testid="train-params">
                {Object.entries(specs).map(([key, spec]) => (
                  <ParamField
                    key={`${model}.${key}`}
                    name={key}
                    spec={spec}
                    text={params[key] ?? ''}
                    error={errors[key]}
                    searched={searched.includes(key)}
                    onChange={(t) => setParams({ ...params, [key]: t })}
                  />
                ))}
              </SimpleGrid>
            </div>
            <div>
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={2}>
                Split and seed
              </Text>
              <SimpleGrid cols={4} spacing="xs">
                <NumberInput size="xs" label="Seed" value={seed} onChange={setSeed} min={0} allowDecimal={false} data-testid="train-seed" />
                <NumberInput size="xs" label="Validation" value={validation} onChange={setValidation} min={0.05} max={0.5} step={0.05} decimalScale={3} data-testid="train-validation" />
                <NumberInput size="xs" label="Test" value={test} onChange={setTest} min={0} max={0.5} step={0.05} decimalScale={3} data-testid="train-test" />
                <NumberInput size="xs" label="CV folds" placeholder="off" value={cvFolds} onChange={setCvFolds} min={2} max={20} allowDecimal={false} data-testid="train-cv" />
              </SimpleGrid>
            </div>
            {mode === 'study' && (
              <div>
                <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={2}>
                  Search
                </Text>
                <SimpleGrid cols={2} spacing="xs" verticalSpacing={6}>
                  <NumberInput size="xs" label="Trials" value={trials} onChange={setTrials} min={1} max={1000} allowDecimal={false} data-testid="study-trials" />
                  <Select
                    size="xs"
                    label="Sampler"
                    data={[
                      { value: 'tpe', label: 'TPE (Bayesian)' },
                      { value: 'gp', label: 'Gaussian process' },
                      { value: 'random', label: 'Random' },
                      { value: 'grid', label: 'Grid' },
                    ]}
                    value={sampler}
                    onChange={(v) => setSampler(samplerKinds.find((k) => k === v) ?? sampler)}
                    allowDeselect={false}
                    data-testid="study-sampler"
                  />
                  <Autocomplete
                    size="xs"
                    label="Metric to optimise"
                    placeholder={family === 'regression' ? 'val_rmse (default)' : 'val_log_loss (default)'}
                    data={STUDY_METRICS[family]}
                    value={metric}
                    onChange={setMetric}
                    data-testid="study-metric"
                  />
                  <Switch
                    mt={24}
                    size="xs"
                    label="Prune lagging trials (median rule)"
                    checked={prune}
                    onChange={(e) => setPrune(e.currentTarget.checked)}
                    data-testid="study-prune"
                  />
                </SimpleGrid>
              </div>
            )}
            <SimpleGrid cols={2} spacing="xs">
              <TextInput size="xs" label="Experiment" value={experiment} onChange={(e) => setExperiment(e.currentTarget.value)} data-testid="train-experiment" />
              <TextInput
                size="xs"
                label={mode === 'study' ? 'Study name' : 'Run name'}
                placeholder="automatic"
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                data-testid="train-name"
              />
            </SimpleGrid>
            <Group justify="flex-end">
              <Button
                leftSection={mode === 'study' ? <Sparkles size={16} /> : <Play size={16} />}
                onClick={submit}
                disabled={busy || !dataset || !target}
                data-testid="train-start"
              >
                {mode === 'study' ? `Start study (${Number(trials) || 20} trials)` : 'Train'}
              </Button>
            </Group>
          </Stack>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <LiveJobPanel kind={mode} metric={metric.trim() || (family === 'regression' ? 'val_rmse' : 'val_log_loss')} />
      </Grid.Col>
    </Grid>
  );
}
