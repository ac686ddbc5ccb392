// One study: its optimisation history, parallel coordinates over the searched params, param importances, and its trials.
import { Anchor, Badge, Card, Grid, Group, Loader, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import type { StudyDetail, StudyTrial } from '../../../../shared/experiments';
import { PageHeader } from '../../app/page-header';
import { ErrorBanner } from '../../components/error-banner';
import { formatTime } from '../../components/format';
import { useExperiments } from '../../stores';
import { ChartCard } from './chart-card';
import { barsFigure, historyFigure } from './experiment-charts';
import { RegisterModelAction, suggestedModelName } from '../models/register-model-action';
import { goTo } from './experiments-routes';
import { brushedMask, buildAxis, byImportance, goodness, type Brushes } from './parallel-axes';
import { ParallelCoordinates } from './parallel-coordinates';
import { formatMetric, STUDY_STATE_COLORS } from './run-values';

const TRIAL_COLORS: Record<StudyTrial['state'], string> = { complete: 'teal', pruned: 'orange', failed: 'red', running: 'blue' };

const showValue = (v: number | string) => (typeof v === 'number' ? formatMetric(v) : v);

function bestTrial(study: StudyDetail): StudyTrial | null {
  return study.trials.find((t) => t.runId !== null && t.runId === study.bestRunId) ?? null;
}

function TrialsTable({ study, paramKeys }: { study: StudyDetail; paramKeys: string[] }) {
  const trials = study.trials.slice().sort((a, b) => a.number - b.number);
  return (
    <Card withBorder padding="xs">
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={4}>
        Trials ({trials.length})
      </Text>
      <ScrollArea.Autosize mah={420} type="auto">
        <Table stickyHeader striped verticalSpacing={2} fz="xs" data-testid="study-trials">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={60} ta="right">
                Trial
              </Table.Th>
              <Table.Th w={90}>State</Table.Th>
              <Table.Th ta="right">{study.metric}</Table.Th>
              {paramKeys.map((k) => (
                <Table.Th key={k} ta="right">
                  {k}
                </Table.Th>
              ))}
              <Table.Th w={90}>Run</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {trials.map((t) => {
              const best = t.runId !== null && t.runId === study.bestRunId;
              return (
                <Table.Tr key={t.number} bg={best ? 'teal.0' : undefined} data-testid="study-trial" data-best={best}>
                  <Table.Td ta="right" ff="monospace">
                    {t.number}
                  </Table.Td>
                  <Table.Td>
                    <Badge size="xs" variant="light" color={TRIAL_COLORS[t.state]}>
                      {t.state}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace" fw={best ? 700 : 400}>
                    {t.value === null ? '—' : formatMetric(t.value)}
                  </Table.Td>
                  {paramKeys.map((k) => (
                    <Table.Td key={k} ta="right" ff="monospace">
                      {t.params[k] === undefined ? '—' : showValue(t.params[k])}
                    </Table.Td>
                  ))}
                  <Table.Td>
                    {t.runId && (
                      <Anchor size="xs" component="button" onClick={() => goTo({ page: 'run', id: t.runId as string, tab: 'overview' })}>
                        {t.runId.slice(0, 8)}
                      </Anchor>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </Card>
  );
}

/** the complete trials over the searched params, objective first, then the params by the study's importance */
function StudyParallel({ study, paramKeys }: { study: StudyDetail; paramKeys: string[] }) {
  const [brushes, setBrushes] = useState<Brushes>({});
  const chart = useMemo(() => {
    const done = study.trials.filter((t) => t.state === 'complete' && t.value !== null);
    if (done.length === 0) return { axes: [], hints: [], goodness: [], names: [] };
    const values = done.map((t) => t.value);
    // in the search space's order before by importance, so ties stand as in the importance bars above
    const keys = [...new Set([...Object.keys(study.importance), ...paramKeys])].filter((k) => paramKeys.includes(k));
    const params = byImportance(
      keys.map((key) => ({ key, values: done.map((t) => t.params[key] ?? null) })),
      study.importance,
    );
    const axes = [{ key: study.metric, values }, ...params].map(buildAxis);
    const hints = [
      `${study.metric}: the objective (${study.direction}); bright lines are the better trials`,
      ...params.map((p) => `${p.key}: explains ${Math.round((study.importance[p.key] ?? 0) * 100)}% of the variance of ${study.metric} on its own`),
    ];
    return {
      axes,
      hints: hints.map((h, i) => (axes[i].log ? `${h} (log scale)` : h)),
      goodness: goodness(values, study.direction === 'minimize'),
      names: done.map((t) => `trial ${t.number}: ${study.metric} ${formatMetric(t.value)}`),
    };
  }, [study, paramKeys]);
  const kept = useMemo(() => brushedMask(chart.axes, brushes), [chart.axes, brushes]);
  return (
    <ParallelCoordinates
      title="Parallel coordinates · searched params by importance"
      testId="study-parallel"
      height={300}
      {...chart}
      noun="trials"
      brushes={brushes}
      kept={kept}
      onBrushes={setBrushes}
      empty="No complete trial yet."
    />
  );
}

export function StudyPage({ id }: { id: string }) {
  const study = useExperiments((s) => (s.study?.id === id ? s.study : null));
  const loadStudy = useExperiments((s) => s.loadStudy);
  const error = useExperiments((s) => s.error);
  const dismissError = useExperiments((s) => s.dismissError);

  useEffect(() => {
    void loadStudy(id);
  }, [id, loadStudy]);

  const paramKeys = useMemo(() => (study ? [...new Set(study.trials.flatMap((t) => Object.keys(t.params)))].sort() : []), [study]);
  const history = useMemo(() => (study ? historyFigure(study.trials, study.direction, study.metric) : null), [study]);
  const importance = useMemo(() => {
    if (!study) return null;
    const items = Object.entries(study.importance)
      .map(([label, value]) => ({ label, value }))
      .sort((a, b) => b.value - a.value);
    return items.length > 0 ? barsFigure(items, 'importance (share of variance)', '#7950f2') : null;
  }, [study]);

  if (!study) {
    return (
      <Stack>
        <ErrorBanner error={error} onClose={dismissError} />
        <Loader size="sm" />
      </Stack>
    );
  }

  const best = bestTrial(study);
  const counts = { complete: 0, pruned: 0, failed: 0, running: 0 };
  for (const t of study.trials) counts[t.state]++;

  return (
    <Stack gap="sm" data-testid="study-page">
      <PageHeader
        title={
          <Group gap="xs">
            <span data-testid="study-title">{study.name}</span>
            <Badge variant="light" color={STUDY_STATE_COLORS[study.state] ?? 'gray'} data-testid="study-state">
              {study.state}
            </Badge>
          </Group>
        }
        subtitle={`${study.modelKind} on ${study.datasetVersion} → ${study.target} · ${study.sampler} sampler · ${study.direction} ${study.metric} · ${study.trials.length} of ${study.nTrials} trials (${counts.complete} complete, ${counts.pruned} pruned, ${counts.failed} failed) · started ${formatTime(study.createdAt)}`}
      />
      <ErrorBanner error={error} onClose={dismissError} />
      <Card withBorder padding="xs" data-testid="study-best">
        <Group gap="md">
          <Text size="xs" fw={700} c="dimmed" tt="uppercase">
            Best trial
          </Text>
          {best ? (
            <>
              <Text size="sm" ff="monospace" fw={700}>
                #{best.number} · {study.metric} {best.value === null ? '—' : formatMetric(best.value)}
              </Text>
              <Text size="xs" ff="monospace" c="dimmed">
                {Object.entries(best.params)
                  .map(([k, v]) => `${k}=${showValue(v)}`)
                  .join('  ')}
              </Text>
              <Anchor size="sm" component="button" onClick={() => goTo({ page: 'run', id: best.runId as string, tab: 'overview' })} data-testid="study-best-run">
                open its run
              </Anchor>
              {best.runId && (
                <RegisterModelAction runId={best.runId} suggestedName={suggestedModelName(study.datasetVersion, study.target)} label="Register best model…" />
              )}
            </>
          ) : (
            <Text size="sm" c="dimmed">
              none yet
            </Text>
          )}
        </Group>
      </Card>
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <ChartCard title={`Optimisation history · ${study.metric}`} figure={history} height={280} testId="study-history" />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <ChartCard title="Parameter importance" figure={importance} height={280} testId="study-importance" empty="Needs a few complete trials." />
        </Grid.Col>
      </Grid>
      <StudyParallel study={study} paramKeys={paramKeys} />
      <TrialsTable study={study} paramKeys={paramKeys} />
    </Stack>
  );
}
