// A running training or study job: progress with ETA and Cancel, its live curves, then how it ended with links onward.
import { Alert, Anchor, Badge, Card, Group, Stack, Table, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { TrainResult } from '../../../../shared/experiments';
import { lowerIsBetter } from '../../../../shared/study-metrics';
import { ErrorBanner } from '../../components/error-banner';
import { formatNumber } from '../../components/format';
import { Progress } from '../../components/progress';
import { useExperiments } from '../../stores';
import type { LiveKind, LiveSeries } from '../../stores/experiments-store';
import { ChartCard } from './chart-card';
import { historyFigure, lineFigure, type Figure, type Series } from './experiment-charts';
import { goTo } from './experiments-routes';

const CURVE_COLORS: Record<string, string> = { loss: '#4c6ef5', train_loss: '#4c6ef5', val_loss: '#f76707' };

/** the live loss curves of a training job: every key it reported, losses first */
export function trainFigure(series: Record<string, LiveSeries>): Figure | null {
  const keys = Object.keys(series).sort((a, b) => Number(b.includes('loss')) - Number(a.includes('loss')) || a.localeCompare(b));
  if (keys.length === 0) return null;
  const lines: Series[] = keys.map((k) => ({ name: k, x: series[k].steps, y: series[k].values, color: CURVE_COLORS[k] }));
  return lineFigure(lines, 'step', keys.some((k) => k.includes('loss')) ? 'loss' : 'value');
}

/** a running study's history from its 'trial_value' points (step = trial number), best-so-far recomputed in trial order */
function studyFigure(series: Record<string, LiveSeries>, metric: string): Figure | null {
  const values = series.trial_value;
  if (!values) return null;
  const trials = values.steps.map((number, i) => ({ number, value: values.values[i], state: 'complete' }));
  return historyFigure(trials, lowerIsBetter(metric) ? 'minimize' : 'maximize', metric);
}

function TrainMetrics({ result }: { result: TrainResult }) {
  // one line per metric name, validation and test side by side
  const names = [...new Set(Object.keys(result.metrics).map((k) => k.replace(/^(val|test|cv)_/, '').replace(/_(mean|std)$/, '')))].sort();
  const cell = (key: string) => {
    const v = result.metrics[key];
    return v === undefined ? '—' : formatNumber(v);
  };
  const hasCv = Object.keys(result.metrics).some((k) => k.startsWith('cv_'));
  return (
    <Table withTableBorder verticalSpacing={2} fz="xs" bg="white" data-testid="train-metrics">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Metric</Table.Th>
          <Table.Th ta="right">Validation</Table.Th>
          <Table.Th ta="right">Test</Table.Th>
          {hasCv && <Table.Th ta="right">CV mean ± std</Table.Th>}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {names.map((n) => (
          <Table.Tr key={n}>
            <Table.Td>{n}</Table.Td>
            <Table.Td ta="right" ff="monospace">
              {cell(`val_${n}`)}
            </Table.Td>
            <Table.Td ta="right" ff="monospace">
              {cell(`test_${n}`)}
            </Table.Td>
            {hasCv && (
              <Table.Td ta="right" ff="monospace">
                {result.metrics[`cv_${n}_mean`] === undefined ? '—' : `${cell(`cv_${n}_mean`)} ± ${cell(`cv_${n}_std`)}`}
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Outcome({ kind }: { kind: LiveKind }) {
  const outcome = useExperiments((s) => s.outcomes[kind]);
  const dismiss = useExperiments((s) => s.dismissOutcome);
  if (!outcome) return null;
  if (outcome.kind === 'failed') return <ErrorBanner error={outcome.error} onClose={() => dismiss(kind)} />;
  if (outcome.kind === 'cancelled') {
    return (
      <Alert color="orange" variant="light" withCloseButton onClose={() => dismiss(kind)} title="Cancelled" data-testid={`${kind}-cancelled`}>
        {outcome.title}: nothing was recorded.
      </Alert>
    );
  }
  if (outcome.kind === 'train') {
    const r = outcome.result;
    return (
      <Stack gap="xs" data-testid="train-succeeded">
        <Alert color="teal" variant="light" title="Run recorded" withCloseButton onClose={() => dismiss(kind)} py={8}>
          <Group gap="xs">
            <Anchor size="sm" component="button" onClick={() => goTo({ page: 'run', id: r.run, tab: 'overview' })} data-testid="train-run-link">
              Open run {r.run.slice(0, 8)}
            </Anchor>
            {r.model && (
              <Badge variant="light" tt="none">
                model {r.model}
              </Badge>
            )}
            {r.onnx_parity && (
              <Badge color={r.onnx_parity.ok ? 'teal' : 'red'} variant="light" tt="none" data-testid="train-parity">
                ONNX parity {r.onnx_parity.ok ? 'passed' : 'FAILED'} · max |Δ| {r.onnx_parity.maxAbsDiff.toExponential(1)} on {r.onnx_parity.rows} rows
              </Badge>
            )}
          </Group>
        </Alert>
        <TrainMetrics result={r} />
      </Stack>
    );
  }
  const r = outcome.result;
  return (
    <Alert color="teal" variant="light" title="Study finished" withCloseButton onClose={() => dismiss(kind)} data-testid="study-succeeded">
      <Stack gap={4}>
        <Group gap="xs">
          <Anchor size="sm" component="button" onClick={() => goTo({ page: 'study', id: r.study })} data-testid="study-link">
            Open study
          </Anchor>
          {r.best_run && (
            <Anchor size="sm" component="button" onClick={() => goTo({ page: 'run', id: r.best_run as string, tab: 'overview' })}>
              best run {r.best_run.slice(0, 8)}
            </Anchor>
          )}
          {r.best_value !== null && (
            <Text size="sm" ff="monospace">
              best {formatNumber(r.best_value)}
            </Text>
          )}
        </Group>
        <Text size="xs" ff="monospace" c="dimmed">
          {Object.entries(r.best_params)
            .map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(v) : v}`)
            .join('  ')}
        </Text>
      </Stack>
    </Alert>
  );
}

export function LiveJobPanel({ kind, metric }: { kind: LiveKind; metric: string }) {
  const task = useExperiments((s) => s.tasks[kind]);
  const outcome = useExperiments((s) => s.outcomes[kind]);
  const cancel = useExperiments((s) => s.cancel);
  const [cancelling, setCancelling] = useState(false);
  const series = task?.series ?? (outcome && (outcome.kind === 'train' || outcome.kind === 'study') ? outcome.series : null);
  const figure = useMemo(() => (series ? (kind === 'train' ? trainFigure(series) : studyFigure(series, metric)) : null), [series, kind, metric]);

  return (
    <Stack gap="sm" data-testid={`${kind}-live`}>
      {task ? (
        <Card withBorder padding="sm">
          <Progress
            testId={`${kind}-progress`}
            label={task.title}
            fraction={task.job?.fraction ?? 0}
            etaSeconds={task.job?.etaSeconds ?? null}
            message={task.job?.message ?? 'starting…'}
            cancelling={cancelling}
            onCancel={() => {
              setCancelling(true);
              void cancel(kind).finally(() => setCancelling(false));
            }}
          />
        </Card>
      ) : (
        !outcome && (
          <Text size="sm" c="dimmed" data-testid={`${kind}-idle`}>
            {kind === 'train' ? 'Start a run: its loss curves draw here live, then its metrics and a link to the run.' : 'Start a study: each trial’s value and the best so far draw here live.'}
          </Text>
        )
      )}
      {(task || series) && (
        <ChartCard
          title={kind === 'train' ? 'Live loss curves' : `Optimisation history · ${metric}`}
          figure={figure}
          height={260}
          testId={`${kind}-live-plot`}
          empty={kind === 'train' ? 'Waiting for the first step…' : 'Waiting for the first trial…'}
        />
      )}
      <Outcome kind={kind} />
    </Stack>
  );
}
