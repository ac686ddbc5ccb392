// Preview: the chosen version's rows in the virtualized grid, fetched a page at a time as the user scrolls.
import { Loader, Text } from '@mantine/core';
import { useViewportSize } from '@mantine/hooks';
import { useCallback, useEffect } from 'react';
import { DataGrid } from '../../components/data-grid';
import { formatCount } from '../../components/format';
import { useDatasets } from '../../stores';
import { versionKey } from '../../stores/datasets-store';
import { rowAt } from '../../stores/row-pages';

export function PreviewTab({ dataset, version }: { dataset: string; version: number }) {
  const rows = useDatasets((s) => (s.rows?.key === versionKey(dataset, version) ? s.rows : null));
  const openRows = useDatasets((s) => s.openRows);
  const ensureRows = useDatasets((s) => s.ensureRows);
  const { height } = useViewportSize();

  useEffect(() => {
    void openRows(dataset, version);
  }, [dataset, version, openRows]);

  const pages = rows?.pages;
  const getRow = useCallback((index: number) => (pages ? rowAt(pages, index) : undefined), [pages]);

  if (!rows) return <Loader size="sm" />;
  return (
    <>
      <DataGrid
        columns={rows.columns}
        rowCount={rows.total}
        getRow={getRow}
        revision={pages}
        onRangeChange={ensureRows}
        height={Math.max(320, height - 290)}
      />
      <Text size="xs" c="dimmed" mt={4} data-testid="preview-total">
        {formatCount(rows.total)} rows · pages of 200 load as you scroll
      </Text>
    </>
  );
}
