// A report's verdict at a glance, and its multivariate and prediction panels (CBPE's assumptions beside its number).
import { Alert, Badge, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { TriangleAlert } from 'lucide-react';
import type { DriftReport, MultivariateDrift, PredictionDrift } from '../../../../shared/monitoring';
import { formatNumber } from '../../components/format';

const pct = (v: number) => `${(v * 100).toFixed(v === 0 || v === 1 ? 0 : 1)}%`;
const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatNumber(v));

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <Text size="10px" c="dimmed" tt="uppercase" fw={700} lts={0.3}>
        {label}
      </Text>
      <Text size="lg" fw={600} ff="monospace" data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

/** the first thing a reader sees: drift or not, how much, and which columns */
export function ReportSummary({ report }: { report: DriftReport }) {
  const drifted = report.columns.filter((c) => c.drift);
  const windowsDrifted = report.windows?.filter((w) => w.datasetDrift).length ?? 0;
  return (
    <Card withBorder padding="md" data-testid="report-summary" style={{ borderLeft: `6px solid var(--mantine-color-${report.datasetDrift ? 'red' : 'teal'}-6)` }}>
      <Stack gap="xs">
        <Group gap="md" align="flex-end">
          <Badge size="xl" radius="sm" color={report.datasetDrift ? 'red' : 'teal'} data-testid="report-verdict">
            {report.datasetDrift ? 'Dataset drift' : 'No dataset drift'}
          </Badge>
          <Text size="sm">
            <b>{report.driftedColumns}</b> of {report.testedColumns} columns drifted ({pct(report.share)}); drift is declared at {pct(report.driftShare)}.
          </Text>
        </Group>
        {drifted.length > 0 && (
          <Group gap={6} data-testid="report-drifted-columns">
            <Text size="xs" c="dimmed">
              Drifted:
            </Text>
            {drifted.map((c) => (
              <Badge key={c.column} size="sm" variant="light" color="red" tt="none">
                {c.column}
              </Badge>
            ))}
          </Group>
        )}
        <Group gap="xl">
          <Figure label="reference" value={`${report.reference} · ${report.referenceRows.toLocaleString('en-US')} rows`} />
          <Figure label="current" value={`${report.current} · ${report.currentRows.toLocaleString('en-US')} rows`} />
          {report.windows && <Figure label="windows drifted" value={`${windowsDrifted} of ${report.windows.length}`} testId="report-windows-drifted" />}
          {report.multivariate && <Figure label="multivariate" value={report.multivariate.drift ? `drift (AUC ${num(report.multivariate.auc)})` : `no drift (AUC ${num(report.multivariate.auc)})`} />}
          {report.prediction && <Figure label="prediction" value={report.prediction.drift.drift ? 'drift' : 'no drift'} />}
        </Group>
        {(report.onlyInReference.length > 0 || report.onlyInCurrent.length > 0 || report.incompatible.length > 0) && (
          <Text size="xs" c="dimmed" data-testid="report-column-notes">
            {report.onlyInReference.length > 0 && `Only in the reference (not tested): ${report.onlyInReference.join(', ')}. `}
            {report.onlyInCurrent.length > 0 && `Only in the current data (not tested): ${report.onlyInCurrent.join(', ')}. `}
            {report.incompatible.map((c) => `${c.column} is ${c.reference} in the reference but ${c.current} now (not tested). `).join('')}
          </Text>
        )}
        {(report.timestampColumns ?? []).length > 0 && (
          <Text size="xs" c="dimmed" data-testid="report-not-compared">
            Timestamps not compared (later data lies later; name one in the report's columns to test it): {(report.timestampColumns ?? []).join(', ')}.
          </Text>
        )}
      </Stack>
    </Card>
  );
}

export function MultivariatePanel({ result, skipped }: { result: MultivariateDrift | null; skipped: string | null }) {
  return (
    <Card withBorder padding="sm" data-testid="multivariate-panel">
      <Stack gap="xs">
        <Group justify="space-between">
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" lts={0.3}>
            Multivariate: domain classifier
          </Text>
          {result && (
            <Badge color={result.drift ? 'red' : 'teal'} variant="light">
              {result.drift ? 'joint drift' : 'no joint drift'}
            </Badge>
          )}
        </Group>
        {!result ? (
          <Text size="sm" c="dimmed">
            Not run{skipped ? `: ${skipped}` : '.'}
          </Text>
        ) : (
          <>
            <SimpleGrid cols={3} spacing="xs">
              <Figure label="ROC AUC" value={num(result.auc)} testId="multivariate-auc" />
              <Figure label="permuted labels (mean · 95th pct)" value={`${num(result.baselineMean)} · ${num(result.baselineUpper)}`} />
              <Figure label="p-value" value={num(result.pValue)} />
            </SimpleGrid>
            <Text size="xs" c="dimmed">
              A {result.model} told {result.rowsPerSide.toLocaleString('en-US')} current rows from as many reference rows on held-out folds; drift when its AUC beats every
              baseline of {result.permutations} label permutations up to the 95th percentile and reaches 0.55. It catches shifts in how columns vary together that no single column shows.
            </Text>
            {result.topFeatures.length > 0 && (
              <Group gap={6}>
                <Text size="xs" c="dimmed">
                  Leaned on:
                </Text>
                {result.topFeatures.slice(0, 6).map((f) => (
                  <Badge key={f.feature} size="sm" variant="outline" tt="none">
                    {f.feature} {formatNumber(f.importance)}
                  </Badge>
                ))}
              </Group>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}

export function PredictionPanel({ prediction }: { prediction: PredictionDrift }) {
  const { drift, performance, cbpe } = prediction;
  return (
    <Card withBorder padding="sm" data-testid="prediction-panel">
      <Stack gap="xs">
        <Group justify="space-between">
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" lts={0.3}>
            Predictions of {prediction.model}
          </Text>
          <Badge color={drift.drift ? 'red' : 'teal'} variant="light">
            {drift.drift ? 'prediction drift' : 'no prediction drift'}
          </Badge>
        </Group>
        <Text size="sm">
          Predicted {prediction.output} tested like a column: {drift.test ?? 'no test'} statistic {num(drift.statistic)}
          {drift.pValue !== null && `, p = ${num(drift.pValue)}`}, threshold {num(drift.threshold)}.
        </Text>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          <div data-testid="prediction-performance">
            <Text size="xs" fw={700} c="dimmed">
              Realised performance{prediction.label ? ` (label ${prediction.label})` : ''}
            </Text>
            {performance ? (
              <Text size="sm">
                {performance.metric}: reference {num(performance.reference)} → current {num(performance.current)} ({performance.delta >= 0 ? '+' : ''}
                {num(performance.delta)}){' '}
                <Badge size="xs" color={performance.drift ? 'red' : 'teal'} variant="light">
                  {performance.drift ? 'worse' : 'within range'}
                </Badge>
                {performance.lowerBound !== null && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    (reference bootstrap 5th percentile {num(performance.lowerBound)})
                  </Text>
                )}
              </Text>
            ) : (
              <Text size="sm" c="dimmed">
                The current data has no label column: only the estimate below is available.
              </Text>
            )}
          </div>
          {cbpe && (
            <div data-testid="prediction-cbpe">
              <Text size="xs" fw={700} c="dimmed">
                Estimated {cbpe.metric} without labels (CBPE)
              </Text>
              <Text size="sm">
                <b data-testid="cbpe-estimated">{num(cbpe.estimated)}</b> estimated · reference {num(cbpe.reference)}
                {cbpe.realised !== null && ` · realised ${num(cbpe.realised)}`}
              </Text>
              <Text size="xs" c="dimmed" data-testid="cbpe-assumptions">
                Assumes: {cbpe.assumptions}
                {cbpe.calibrationError !== null && ` Calibration error on the reference (ECE): ${num(cbpe.calibrationError)}.`}
              </Text>
            </div>
          )}
        </SimpleGrid>
        {cbpe?.warning && (
          <Alert color="orange" variant="light" icon={<TriangleAlert size={16} />} p="xs" data-testid="cbpe-warning">
            {cbpe.warning}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
