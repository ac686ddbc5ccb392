// One run: what it was (params, data, environment), how it did (metrics, curves, evaluation), and the user's tags and note.
import { Anchor, Badge, Button, Card, Code, Grid, Group, Loader, MultiSelect, ScrollArea, Stack, Table, Tabs, Text, TextInput } from '@mantine/core';
import { Activity, Boxes, FileJson, LayoutList, Search } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import type { RunDetail } from '../../../../shared/experiments';
import { PageHeader } from '../../app/page-header';
import { LinkToRequirement } from '../trace/link-to-requirement';
import { ErrorBanner } from '../../components/error-banner';
import { formatBytes, formatInstant, formatSpan } from '../../components/format';
import { useExperiments } from '../../stores';
import { artifactKey, curvesKey } from '../../stores/experiments-store';
import { ChartCard } from './chart-card';
import { colorAt, lineFigure } from './experiment-charts';
import { goToModels } from '../models/models-routes';
import { RegisterModelAction, suggestedModelName } from '../models/register-model-action';
import { goTo, type RunTab } from './experiments-routes';
import { RunNote, RunTags } from './run-annotations';
import { RunEvaluation } from './run-evaluation';
import { formatMetric, formatParam, STATUS_COLORS } from './run-values';

function KeyValues({ title, rows, testId, height }: { title: string; rows: [string, string][]; testId: string; height?: number }) {
  const [query, setQuery] = useState('');
  const shown = query ? rows.filter(([k]) => k.toLowerCase().includes(query.toLowerCase())) : rows;
  const table = (
    <Table verticalSpacing={1} fz="xs" layout="fixed" striped data-testid={testId}>
      <Table.Tbody>
        {shown.map(([k, v]) => (
          <Table.Tr key={k} data-key={k}>
            <Table.Td w="55%" style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={k}>
              {k}
            </Table.Td>
            <Table.Td ff="monospace" ta="right" style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={v}>
              {v}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
  return (
    <Card withBorder padding="xs">
      <Group justify="space-between" mb={4} wrap="nowrap">
        <Text size="xs" fw={700} c="dimmed" tt="uppercase">
          {title} ({rows.length})
        </Text>
        {rows.length > 12 && (
          <TextInput size="xs" w={150} placeholder="filter" leftSection={<Search size={12} />} value={query} onChange={(e) => setQuery(e.currentTarget.value)} aria-label={`filter ${title}`} />
        )}
      </Group>
      {height ? <ScrollArea.Autosize mah={height}>{table}</ScrollArea.Autosize> : table}
    </Card>
  );
}

function RunCurves({ run }: { run: RunDetail }) {
  const [keys, setKeys] = useState<string[]>(() => run.curves.filter((k) => /loss/.test(k)).slice(0, 4));
  const shown = useMemo(() => (keys.length > 0 ? keys : run.curves.slice(0, 3)), [keys, run.curves]);
  const curves = useExperiments((s) => s.curves[curvesKey([run.id], shown)]);
  const loadCurves = useExperiments((s) => s.loadCurves);
  useEffect(() => {
    void loadCurves([run.id], shown);
  }, [run.id, shown, loadCurves]);
  const figure = useMemo(
    () => (curves && curves.length > 0 ? lineFigure(curves.map((c, i) => ({ name: c.key, x: c.steps, y: c.values, color: colorAt(i) })), 'step', shown.length === 1 ? shown[0] : 'value') : null),
    [curves, shown],
  );
  if (run.curves.length === 0) return null;
  return (
    <ChartCard
      title="Metric curves"
      figure={figure}
      height={240}
      testId="run-curves"
      empty={curves ? 'No points.' : 'Loading…'}
      actions={
        <MultiSelect size="xs" data={run.curves} value={shown} onChange={setKeys} maxValues={8} w={320} aria-label="curves to show" data-testid="run-curve-keys" />
      }
    />
  );
}

function Artifacts({ run }: { run: RunDetail }) {
  const [open, setOpen] = useState<string | null>(null);
  const loadArtifact = useExperiments((s) => s.loadArtifact);
  const entry = useExperiments((s) => (open ? s.artifacts[artifactKey(run.id, open)] : undefined));
  const preview = entry?.ok ? JSON.stringify(entry.json, null, 2) : null;
  return (
    <Card withBorder padding="xs" data-testid="run-artifacts">
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={4}>
        Artifacts ({run.artifacts.length})
      </Text>
      <Table verticalSpacing={2} fz="xs">
        <Table.Tbody>
          {run.artifacts.map((a) => (
            <Table.Tr key={a.path} data-testid="run-artifact">
              <Table.Td ff="monospace">{a.path}</Table.Td>
              <Table.Td c="dimmed">{a.mediaType}</Table.Td>
              <Table.Td ta="right" ff="monospace">
                {formatBytes(a.size)}
              </Table.Td>
              <Table.Td w={70}>
                {a.mediaType === 'application/json' && (
                  <Button
                    size="compact-xs"
                    variant={open === a.path ? 'light' : 'subtle'}
                    leftSection={<FileJson size={12} />}
                    onClick={() => {
                      setOpen(open === a.path ? null : a.path);
                      void loadArtifact(run.id, a.path);
                    }}
                  >
                    View
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {open && (
        <ScrollArea.Autosize mah={360} mt={6}>
          <Code block fz={11} data-testid="run-artifact-preview">
            {entry === undefined ? 'loading…' : preview !== null ? (preview.length > 60_000 ? `${preview.slice(0, 60_000)}\n… (${formatBytes(preview.length)} in all)` : preview) : entry.ok ? '' : entry.error.message}
          </Code>
        </ScrollArea.Autosize>
      )}
    </Card>
  );
}

/** a finished run that kept a trained model (a failed or pruned one has none to register) */
const hasModel = (run: RunDetail) => run.status === 'finished' && run.artifacts.some((a) => a.path === 'model/model.json');

function splitMetrics(metrics: Record<string, number | null>): [string, string][] {
  return Object.entries(metrics)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => [k, formatMetric(v)]);
}

export function RunPage({ id, tab }: { id: string; tab: RunTab }) {
  const run = useExperiments((s) => s.runs[id]);
  const loadRun = useExperiments((s) => s.loadRun);
  const error = useExperiments((s) => s.error);
  const dismissError = useExperiments((s) => s.dismissError);

  useEffect(() => {
    void loadRun(id);
  }, [id, loadRun]);

  if (!run) {
    return (
      <Stack>
        <ErrorBanner error={error} onClose={dismissError} />
        <Loader size="sm" />
      </Stack>
    );
  }

  const duration = run.endedAt ? formatSpan(new Date(run.endedAt).getTime() - new Date(run.startedAt).getTime()) : 'running';
  const params = Object.entries(run.params)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]): [string, string] => [k, formatParam(v)]);
  const env = Object.entries(run.environment).map(([k, v]): [string, string] => [k, v === null ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v)]);

  return (
    <Stack gap="sm" data-testid="run-page">
      <PageHeader
        title={
          <Group gap="xs">
            <span data-testid="run-title">{run.name}</span>
            <Badge color={STATUS_COLORS[run.status]} variant="light" data-testid="run-status">
              {run.status}
            </Badge>
            <Text span c="dimmed" size="sm" ff="monospace">
              #{run.seq} · {run.id.slice(0, 12)}
            </Text>
          </Group>
        }
        subtitle={
          <>
            {run.experiment} · {run.modelKind ?? 'model?'} · {run.task ?? 'task?'} · {run.datasetVersion ?? 'no dataset'} → {run.target ?? '?'} · seed {run.seed ?? '—'} · {formatInstant(run.startedAt)} UTC · {duration}
            {run.source !== 'airlock' && ` · source ${run.source}`}
          </>
        }
        actions={
          <Group gap={6}>
            {run.studyId && (
              <Anchor size="sm" component="button" onClick={() => goTo({ page: 'study', id: run.studyId as string })} data-testid="run-study-link">
                study trial {run.trialNumber}
              </Anchor>
            )}
            {run.modelVersion && (
              <Anchor
                size="sm"
                component="button"
                onClick={() => run.modelVersion && goToModels({ page: 'version', name: run.modelVersion.name, version: run.modelVersion.version, tab: 'overview' })}
                data-testid="run-model-version"
              >
                model {run.modelVersion.name} v{run.modelVersion.version}
              </Anchor>
            )}
            {hasModel(run) && <RegisterModelAction runId={run.id} suggestedName={suggestedModelName(run.datasetVersion, run.target)} />}
            <LinkToRequirement target={{ kind: 'run', id: run.id }} label={`run ${run.name}`} />
          </Group>
        }
      />
      <ErrorBanner error={error} onClose={dismissError} />
      <ErrorBanner error={run.error} />
      <Tabs value={tab} onChange={(t) => t && goTo({ page: 'run', id, tab: t as RunTab })} keepMounted={false}>
        <Tabs.List mb="sm">
          <Tabs.Tab value="overview" leftSection={<LayoutList size={14} />} data-testid="run-tab-overview">
            Overview
          </Tabs.Tab>
          <Tabs.Tab value="evaluation" leftSection={<Activity size={14} />} data-testid="run-tab-evaluation">
            Evaluation
          </Tabs.Tab>
          <Tabs.Tab value="environment" leftSection={<Boxes size={14} />} data-testid="run-tab-environment">
            Environment and artifacts
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview">
          <Grid gap="sm">
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Stack gap="sm">
                <RunCurves run={run} />
                <KeyValues title="Metrics" rows={splitMetrics(run.metrics)} testId="run-metrics" height={420} />
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Stack gap="sm">
                <KeyValues title="Params" rows={params} testId="run-params" height={300} />
                <RunTags run={run} />
                <RunNote run={run} />
              </Stack>
            </Grid.Col>
          </Grid>
        </Tabs.Panel>
        <Tabs.Panel value="evaluation">
          <RunEvaluation run={run} />
        </Tabs.Panel>
        <Tabs.Panel value="environment">
          <Grid gap="sm">
            <Grid.Col span={{ base: 12, md: 5 }}>
              <KeyValues title="Environment" rows={env} testId="run-environment" />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Artifacts run={run} />
            </Grid.Col>
          </Grid>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
