// One heatmap cell opened: the column's overlaid histograms and ECDFs for that window, its verdict and the reference band.
import { Badge, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import type { DriftReport } from '../../../../shared/monitoring';
import { formatNumber } from '../../components/format';
import { ChartCard } from '../experiments/chart-card';
import { ecdfFigure, histogramFigure, severityFigure, shownSeverity } from './drift-charts';
import type { CellRef } from './drift-heatmap';

const figure = (v: number | null) => (v === null ? '—' : Number.isFinite(v) ? formatNumber(v) : '∞');

export function ColumnDetail({ report, cell }: { report: DriftReport; cell: CellRef }) {
  const column = report.columns[cell.column];
  const window = cell.window === null ? null : (report.windows?.[cell.window] ?? null);
  const result = window ? (window.columns[cell.column] ?? null) : column;
  const label = window ? window.label : 'current';
  const hist = useMemo(() => (result?.histogram ? histogramFigure(result.histogram, label) : null), [result, label]);
  const ecdf = useMemo(() => (result?.histogram ? ecdfFigure(result.histogram, label) : null), [result, label]);
  const severity = useMemo(() => (report.windows && report.windows.length > 1 ? severityFigure(column, report.windows, cell.column) : null), [report.windows, column, cell.column]);
  const shown = result ? shownSeverity(result) : null;
  const band = column.referenceBand;
  const outsideBand = band !== null && shown !== null && shown > band.upper;

  return (
    <Card withBorder padding="sm" data-testid="column-detail">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Text fw={600} data-testid="column-detail-title">
              {column.column} · {window ? window.label : 'whole current data'}
            </Text>
            {result && (
              <Badge color={result.drift ? 'red' : 'teal'} variant="light">
                {result.drift ? 'drift' : 'no drift'}
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {column.type}
            {window ? ` · ${window.rows.toLocaleString('en-US')} rows` : ` · ${report.currentRows.toLocaleString('en-US')} rows`}
          </Text>
        </Group>
        {!result ? (
          <Text size="sm" c="dimmed" data-testid="column-detail-empty">
            {window?.empty ? 'This window holds no rows.' : 'No result for this column in this window.'}
          </Text>
        ) : (
          <>
            <Text size="sm" data-testid="column-detail-verdict">
              {result.test ? `${result.test}: statistic ${figure(result.statistic)}` : `no test (${result.skipped ?? 'no values'})`}
              {result.pValue !== null && `, p = ${figure(result.pValue)}`}
              {result.threshold !== null && `, threshold ${figure(result.threshold)}`}
              {` · severity ${figure(shown)}`}
              {band
                ? ` · reference band ${figure(band.lower)}–${figure(band.upper)} (severity between chunks of the reference itself${outsideBand ? '; this is above it' : ''})`
                : ' · no reference band (the reference is too small to chunk)'}
            </Text>
            <SimpleGrid cols={{ base: 1, md: ecdf ? 2 : 1 }} spacing="sm">
              <ChartCard title="Distribution: reference vs current, common bins" figure={hist} height={220} testId="detail-histogram" empty="No values to bin on a side." />
              {ecdf && <ChartCard title="ECDF" figure={ecdf} height={220} testId="detail-ecdf" />}
            </SimpleGrid>
          </>
        )}
        {severity && <ChartCard title={`${column.column}: severity per window, reference band shaded, drift at 1`} figure={severity} height={180} testId="detail-severity" />}
      </Stack>
    </Card>
  );
}
