// The heatmap of a report: one row per column, the whole current data then one cell per window, coloured by severity.
import { Group, Text, Tooltip, UnstyledButton } from '@mantine/core';
import type { DriftReport } from '../../../../shared/monitoring';
import { formatNumber } from '../../components/format';
import { shownSeverity } from './drift-charts';

/** a cell of the heatmap: a column, and a window index or null for the whole current data */
export interface CellRef {
  column: number;
  window: number | null;
}

/**
 * Severity to colour: below 1 (no drift) from green to pale yellow, 1 and above (drift) from orange to deep red at 3,
 * grey where no test ran. Two hue ranges so the drift line reads without a legend.
 */
export function severityColor(severity: number | null): string {
  if (severity === null) return '#e9ecef';
  if (severity < 1) {
    const t = Math.max(0, severity);
    return `hsl(${Math.round(135 - 85 * t)}, 62%, ${Math.round(82 - 4 * t)}%)`;
  }
  const t = Math.min(1, (severity - 1) / 2);
  return `hsl(${Math.round(30 - 30 * t)}, 80%, ${Math.round(62 - 16 * t)}%)`;
}

function severityText(severity: number | null): string {
  if (severity === null) return 'no test';
  return Number.isFinite(severity) ? formatNumber(severity) : '∞ (p = 0)';
}

function Cell({ severity, drift, selected, label, onClick, column, window }: { severity: number | null; drift: boolean; selected: boolean; label: string; onClick: () => void; column: string; window: string }) {
  return (
    <Tooltip label={label} withinPortal openDelay={150} multiline maw={320}>
      <UnstyledButton
        onClick={onClick}
        aria-label={`${column}, ${window}: ${label}`}
        data-testid="heatmap-cell"
        data-column={column}
        data-window={window}
        data-drift={drift}
        style={{
          background: severityColor(severity),
          height: 22,
          borderRadius: 2,
          outline: selected ? '2px solid #1c7ed6' : undefined,
          outlineOffset: 1,
          fontSize: 10,
          color: severity !== null && severity >= 1.8 ? 'white' : '#343a40',
          textAlign: 'center',
          lineHeight: '22px',
          overflow: 'hidden',
        }}
      >
        {drift ? '●' : ''}
      </UnstyledButton>
    </Tooltip>
  );
}

export function DriftHeatmap({ report, selected, onSelect }: { report: DriftReport; selected: CellRef | null; onSelect: (cell: CellRef) => void }) {
  const windows = report.windows ?? [];
  // cells share the width, but a few windows do not stretch into bars
  const cellWidth = windows.length > 30 ? 'minmax(10px, 1fr)' : 'minmax(28px, 72px)';
  const headerEvery = Math.max(1, Math.ceil(windows.length / 16));
  return (
    <div data-testid="drift-heatmap">
      <div style={{ display: 'grid', gridTemplateColumns: `minmax(90px, 180px) 54px repeat(${windows.length}, ${cellWidth})`, gap: 2, alignItems: 'center' }}>
        <div />
        <Text size="10px" c="dimmed" ta="center" fw={700}>
          all
        </Text>
        {windows.map((w, i) => (
          <Text key={w.index} size="10px" c="dimmed" ta="center" truncate title={w.label} data-testid="heatmap-window">
            {i % headerEvery === 0 ? w.label : ''}
          </Text>
        ))}
        {report.columns.map((column, ci) => {
          const whole = shownSeverity(column);
          const band = column.referenceBand ? ` · reference band ${formatNumber(column.referenceBand.lower)}–${formatNumber(column.referenceBand.upper)}` : '';
          return [
            <Text key={`name-${column.column}`} size="xs" truncate title={column.column} fw={column.drift ? 600 : 400}>
              {column.column}
            </Text>,
            <Cell
              key={`all-${column.column}`}
              column={column.column}
              window="all"
              severity={whole}
              drift={column.drift}
              selected={selected?.column === ci && selected.window === null}
              label={`${column.test ?? 'no test'} · severity ${severityText(whole)}${band}`}
              onClick={() => onSelect({ column: ci, window: null })}
            />,
            ...windows.map((w, wi) => {
              const c = w.columns[ci];
              const severity = c ? shownSeverity(c) : null;
              return (
                <Cell
                  key={`${w.index}-${column.column}`}
                  column={column.column}
                  window={w.label}
                  severity={severity}
                  drift={c?.drift ?? false}
                  selected={selected?.column === ci && selected.window === wi}
                  label={w.empty ? `${w.label}: empty window` : `${w.label} · ${w.rows} rows · severity ${severityText(severity)}${band}`}
                  onClick={() => onSelect({ column: ci, window: wi })}
                />
              );
            }),
          ];
        })}
      </div>
      <Group gap={6} mt={8} wrap="nowrap">
        <Text size="10px" c="dimmed">
          severity
        </Text>
        {[0, 0.5, 0.9, 1, 1.5, 2, 3].map((s) => (
          <Group key={s} gap={2} wrap="nowrap">
            <div style={{ width: 14, height: 10, background: severityColor(s), borderRadius: 2 }} />
            <Text size="10px" c="dimmed">
              {s}
            </Text>
          </Group>
        ))}
        <Text size="10px" c="dimmed">
          · ≥ 1 drifts (●) · grey: no test
        </Text>
      </Group>
    </div>
  );
}
