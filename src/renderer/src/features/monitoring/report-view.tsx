// One stored drift report: the verdict first, the verdict table, the heatmap over windows and what a cell opens, the
// lines over time, the multivariate and prediction panels, and the HTML/JSON download.
import { Anchor, Button, Card, Group, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import { Download, FileJson } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { PageHeader } from '../../app/page-header';
import { LinkToRequirement } from '../trace/link-to-requirement';
import { formatBytes, formatTime } from '../../components/format';
import { useMonitoring } from '../../stores';
import { ChartCard } from '../experiments/chart-card';
import { ColumnDetail } from './column-detail';
import { missingFigure, performanceFigure, shareFigure } from './drift-charts';
import { DriftHeatmap, type CellRef } from './drift-heatmap';
import { goToMonitoring } from './monitoring-routes';
import { MultivariatePanel, PredictionPanel, ReportSummary } from './report-panels';
import { VerdictTable } from './verdict-table';

function SectionTitle({ children }: { children: string }) {
  return (
    <Text size="xs" fw={700} c="dimmed" tt="uppercase" lts={0.3} mb={6}>
      {children}
    </Text>
  );
}

export function ReportView({ id }: { id: string }) {
  const report = useMonitoring((s) => s.opened[id]);
  const loadReport = useMonitoring((s) => s.loadReport);
  const exportReport = useMonitoring((s) => s.exportReport);
  const exporting = useMonitoring((s) => s.exporting);
  const exported = useMonitoring((s) => (s.exported?.reportId === id ? s.exported : null));
  const [selected, setSelected] = useState<CellRef | null>(null);

  useEffect(() => {
    void loadReport(id);
  }, [id, loadReport]);
  useEffect(() => {
    setSelected(null);
  }, [id]);

  const share = useMemo(() => (report ? shareFigure(report) : null), [report]);
  const missing = useMemo(() => (report ? missingFigure(report) : null), [report]);
  const performance = useMemo(() => (report ? performanceFigure(report) : null), [report]);

  if (!report) {
    return (
      <Group gap="xs" data-testid="report-loading">
        <Loader size="sm" />
        <Text size="sm">Reading the report…</Text>
      </Group>
    );
  }

  return (
    <Stack gap="sm" data-testid="report-view">
      <PageHeader
        title={report.name}
        subtitle={
          <>
            {report.reference} → {report.current}
            {report.model && ` · model ${report.model}`} · {formatTime(report.createdAt)} by {report.createdBy}
            {report.monitorId && (
              <>
                {' · '}
                <Anchor size="sm" onClick={() => goToMonitoring({ page: 'monitor', id: report.monitorId ?? '' })} data-testid="report-monitor-link">
                  monitor
                </Anchor>
              </>
            )}
          </>
        }
        actions={
          <Group gap="xs">
            <LinkToRequirement target={{ kind: 'drift_report', id }} label={report.name} />
            <Button size="xs" leftSection={<Download size={14} />} loading={exporting} onClick={() => void exportReport(id, 'html')} data-testid="report-download-html">
              Download HTML report
            </Button>
            <Button size="xs" variant="default" leftSection={<FileJson size={14} />} disabled={exporting} onClick={() => void exportReport(id, 'json')} data-testid="report-download-json">
              JSON
            </Button>
          </Group>
        }
      />
      {exported && (
        <Text size="xs" c="dimmed" data-testid="report-exported">
          Wrote {exported.shown} ({formatBytes(exported.bytes)}), SHA-256 {exported.sha256}
        </Text>
      )}
      <ReportSummary report={report} />

      {report.windows && report.windows.length > 0 && (
        <Card withBorder padding="sm">
          <SectionTitle>{`Columns × windows (${report.windows.length}): click a cell for its distributions`}</SectionTitle>
          <DriftHeatmap report={report} selected={selected} onSelect={setSelected} />
        </Card>
      )}
      {selected ? (
        <ColumnDetail report={report} cell={selected} />
      ) : (
        <Text size="xs" c="dimmed" data-testid="column-detail-hint">
          {report.windows ? 'Click a heatmap cell or a table row' : 'Click a row'} to compare that column's distributions, reference against current.
        </Text>
      )}

      <Card withBorder padding="sm">
        <SectionTitle>Per-column verdicts</SectionTitle>
        <VerdictTable report={report} selected={selected?.window === null ? selected.column : null} onSelect={(column) => setSelected({ column, window: null })} />
      </Card>

      {(share || missing || performance) && (
        <SimpleGrid cols={{ base: 1, lg: performance ? 3 : 2 }} spacing="sm">
          <ChartCard title="Drifted share per window" figure={share} height={200} testId="report-share" />
          <ChartCard title="Missing rate per window" figure={missing} height={200} testId="report-missing" empty="No column has missing values." />
          {performance && <ChartCard title="Estimated vs realised performance" figure={performance} height={200} testId="report-performance" />}
        </SimpleGrid>
      )}

      <SimpleGrid cols={{ base: 1, lg: report.prediction ? 2 : 1 }} spacing="sm">
        {(report.multivariate || report.multivariateSkipped) && <MultivariatePanel result={report.multivariate} skipped={report.multivariateSkipped} />}
        {report.prediction && <PredictionPanel prediction={report.prediction} />}
      </SimpleGrid>
    </Stack>
  );
}
