// Runs: every run of the project in one virtualized table, sorted and filtered by the host, with column choice and compare.
import { Button, Group, Select, Stack, Text } from '@mantine/core';
import { useViewportSize } from '@mantine/hooks';
import { GitCompareArrows, X } from 'lucide-react';
import { useCallback, useEffect } from 'react';
import type { RunColumnRef } from '../../../../shared/experiments';
import { ErrorBanner } from '../../components/error-banner';
import { formatCount } from '../../components/format';
import { useExperiments, useRunsTable } from '../../stores';
import { ColumnPicker } from './column-picker';
import { goTo } from './experiments-routes';
import { FilterBar, FilterChips } from './filter-bar';
import { columnKey } from './run-values';
import { RunsGrid } from './runs-grid';

export function RunsPage() {
  const catalogue = useRunsTable((s) => s.catalogue);
  const catalogueLoaded = useRunsTable((s) => s.catalogueLoaded);
  const visible = useRunsTable((s) => s.visible);
  const sort = useRunsTable((s) => s.sort);
  const filters = useRunsTable((s) => s.filters);
  const total = useRunsTable((s) => s.total);
  const pages = useRunsTable((s) => s.pages);
  const selected = useRunsTable((s) => s.selected);
  const experiment = useRunsTable((s) => s.experiment);
  const error = useRunsTable((s) => s.error);
  const loadCatalogue = useRunsTable((s) => s.loadCatalogue);
  const setVisible = useRunsTable((s) => s.setVisible);
  const setSort = useRunsTable((s) => s.setSort);
  const addFilter = useRunsTable((s) => s.addFilter);
  const removeFilter = useRunsTable((s) => s.removeFilter);
  const ensureWindow = useRunsTable((s) => s.ensureWindow);
  const toggleSelected = useRunsTable((s) => s.toggleSelected);
  const setSelected = useRunsTable((s) => s.setSelected);
  const setExperiment = useRunsTable((s) => s.setExperiment);
  const dismissError = useRunsTable((s) => s.dismissError);
  const experiments = useExperiments((s) => s.experiments);
  const loadExperiments = useExperiments((s) => s.loadExperiments);
  const { height } = useViewportSize();

  useEffect(() => {
    void loadCatalogue();
    void loadExperiments();
  }, [loadCatalogue, loadExperiments]);

  const onSort = useCallback(
    (column: RunColumnRef) => {
      // ascending, then descending, then the host's order (newest first)
      if (sort?.column !== column) setSort({ column, desc: false });
      else if (!sort.desc) setSort({ column, desc: true });
      else setSort(null);
    },
    [sort, setSort],
  );
  const onOpen = useCallback((id: string) => goTo({ page: 'run', id, tab: 'overview' }), []);

  const empty = catalogueLoaded && total === 0 && filters.length === 0;

  return (
    <Stack gap={8}>
      <ErrorBanner error={error} onClose={dismissError} />
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0, flex: 1 }}>
          <Select
            size="xs"
            w={150}
            data={[{ value: '', label: 'All experiments' }, ...experiments.map((e) => ({ value: e.name, label: `${e.name} (${formatCount(e.runs)})` }))]}
            value={experiment ?? ''}
            onChange={(v) => setExperiment(v ? v : null)}
            allowDeselect={false}
            aria-label="experiment"
            data-testid="runs-experiment"
          />
          <FilterBar catalogue={catalogue} filters={filters} onAdd={addFilter} />
        </Group>
        <Group gap="xs" wrap="nowrap">
          <ColumnPicker catalogue={catalogue} visible={visible} onChange={setVisible} />
          {selected.length > 0 && (
            <Button size="xs" variant="subtle" color="gray" leftSection={<X size={14} />} onClick={() => setSelected([])} data-testid="runs-clear-selection">
              Clear
            </Button>
          )}
          <Button
            size="xs"
            leftSection={<GitCompareArrows size={14} />}
            disabled={selected.length < 2}
            onClick={() => goTo({ page: 'compare', ids: selected })}
            data-testid="runs-compare"
          >
            Compare {selected.length}
          </Button>
        </Group>
      </Group>
      <FilterChips filters={filters} onRemove={removeFilter} />
      {empty ? (
        <Text size="sm" c="dimmed" data-testid="runs-empty">
          No runs yet: train a model (Train tab) or import an MLflow folder.
        </Text>
      ) : (
        <RunsGrid
          columns={visible}
          rowCount={total ?? 0}
          pages={pages}
          sort={sort}
          selected={selected}
          height={Math.max(300, height - (filters.length > 0 ? 268 : 232))}
          onSort={onSort}
          onToggle={toggleSelected}
          onOpen={onOpen}
          onRangeChange={ensureWindow}
        />
      )}
      <Text size="xs" c="dimmed" data-testid="runs-total">
        {total === null ? 'loading…' : `${formatCount(total)} runs`}
        {sort && ` · sorted by ${columnKey(sort.column)} ${sort.desc ? '↓' : '↑'}`}
        {selected.length > 0 && ` · ${selected.length} selected`} · {visible.length} of {formatCount(catalogue.length)} columns shown; windows of 100 rows load as you scroll
      </Text>
    </Stack>
  );
}
