// Traceability: the matrix editor. Requirements against the artifacts (or the other way round), each cell a link's
// type and status; the keyboard links and unlinks over a selection, with undo and redo, filters and exports.
import { Group, Loader, Stack, Text } from '@mantine/core';
import { useViewportSize } from '@mantine/hooks';
import { useEffect } from 'react';
import { ErrorBanner } from '../../components/error-banner';
import { formatCount } from '../../components/format';
import { useTraceMatrix } from '../../stores';
import { LinkLegend } from './matrix/link-mark';
import { MatrixGrid } from './matrix/matrix-grid';
import { MatrixControls, MatrixExported, MatrixFiltersBar } from './matrix/matrix-toolbar';
import type { TraceRoute } from './trace-routes';

/** what the page keeps above the grid (the area's tabs, the controls, the filters, the legend) */
const CHROME_HEIGHT = 330;

export function MatrixPage({ route }: { route: TraceRoute }) {
  const index = useTraceMatrix((s) => s.index);
  const document = useTraceMatrix((s) => s.document);
  const layout = useTraceMatrix((s) => s.layout);
  const loading = useTraceMatrix((s) => s.loading);
  const load = useTraceMatrix((s) => s.load);
  const pick = useTraceMatrix((s) => s.pick);
  const error = useTraceMatrix((s) => s.error);
  const dismissError = useTraceMatrix((s) => s.dismissError);
  const { height } = useViewportSize();

  useEffect(() => {
    void load();
  }, [load]);

  // #/trace/matrix?req=ID opens on that requirement's row
  useEffect(() => {
    if (route.requirement === null || index === null || layout === null || layout.columns.length === 0) return;
    const row = index.rowOf.get(route.requirement);
    const at = row === undefined ? -1 : (layout.requirementPosition[row] ?? -1);
    if (at >= 0) pick(layout.direction === 'forward' ? { row: at, column: 0 } : { row: 0, column: at }, 'only');
  }, [route.requirement, index === null]);

  return (
    <Stack gap="xs" data-testid="matrix-page">
      <MatrixControls />
      {index && <MatrixFiltersBar index={index} />}
      <ErrorBanner error={error} onClose={dismissError} />
      <Group justify="space-between" gap="xs">
        <LinkLegend />
        {index && layout && (
          <Text size="xs" c="dimmed" data-testid="matrix-summary">
            {formatCount(layout.rows.length)} of {formatCount(layout.direction === 'forward' ? index.matrix.rows.length : index.matrix.columns.length)} rows ·{' '}
            {formatCount(layout.columns.length)} of {formatCount(layout.direction === 'forward' ? index.matrix.columns.length : index.matrix.rows.length)} columns ·{' '}
            {formatCount(index.matrix.cells.length)} link{index.matrix.cells.length === 1 ? '' : 's'}
          </Text>
        )}
      </Group>
      <MatrixExported />
      {index === null || layout === null ? (
        loading ? (
          <Loader size="sm" data-testid="matrix-loading" />
        ) : null
      ) : index.matrix.rows.length === 0 ? (
        <Text c="dimmed" data-testid="matrix-empty">
          No requirements yet: import a ReqIF or CSV file in Requirements, then link them here.
        </Text>
      ) : (
        // another document or direction is another grid: it opens at its top-left, not where the last one was scrolled
        <MatrixGrid key={`${document ?? ''}:${layout.direction}`} index={index} layout={layout} height={Math.max(320, height - CHROME_HEIGHT)} />
      )}
      <Text size="xs" c="dimmed">
        Arrows, Home/End, PageUp/PageDown move; Shift extends the selection, Ctrl+click adds a cell; Space or Enter links the selection (again: unlinks), Delete
        removes its links; Ctrl+Z undoes, Ctrl+Shift+Z redoes.
      </Text>
    </Stack>
  );
}
