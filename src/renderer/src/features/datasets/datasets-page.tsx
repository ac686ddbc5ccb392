// The Datasets page: import a file (new dataset or new version) and the list of datasets in this project.
import { Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { useEffect } from 'react';
import { PageHeader } from '../../app/page-header';
import { navigate } from '../../app/routes';
import { ErrorBanner } from '../../components/error-banner';
import { formatCount, formatTime } from '../../components/format';
import { useDatasets } from '../../stores';
import { ImportPanel } from './import-panel';

function DatasetsTable() {
  const list = useDatasets((s) => s.list);
  const loaded = useDatasets((s) => s.listLoaded);
  if (loaded && list.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="datasets-empty">
        No datasets yet: import a CSV, TSV or Parquet file above.
      </Text>
    );
  }
  return (
    <Table striped highlightOnHover withTableBorder verticalSpacing={6} fz="sm" bg="white" data-testid="datasets-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Name</Table.Th>
          <Table.Th ta="right" w={110}>
            Rows
          </Table.Th>
          <Table.Th ta="right" w={90}>
            Columns
          </Table.Th>
          <Table.Th ta="right" w={90}>
            Versions
          </Table.Th>
          <Table.Th w={190}>Created</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {list.map((d) => (
          <Table.Tr key={d.name} data-testid="dataset-row" data-name={d.name}>
            <Table.Td>
              <UnstyledButton
                fz="sm"
                fw={600}
                c="indigo.7"
                onClick={() => navigate({ page: 'dataset', name: d.name, version: null, tab: 'profile' })}
                data-testid="dataset-link"
              >
                {d.name}
              </UnstyledButton>
            </Table.Td>
            <Table.Td ta="right" ff="monospace">
              {formatCount(d.rows)}
            </Table.Td>
            <Table.Td ta="right" ff="monospace">
              {d.columns}
            </Table.Td>
            <Table.Td ta="right" ff="monospace" data-testid="dataset-version-count">
              {d.versionCount}
            </Table.Td>
            <Table.Td>{formatTime(d.createdAt)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function DatasetsPage() {
  const loadList = useDatasets((s) => s.loadList);
  const error = useDatasets((s) => s.error);
  const dismissError = useDatasets((s) => s.dismissError);

  useEffect(() => {
    void loadList();
  }, [loadList]);

  return (
    <Stack gap="md">
      <PageHeader title="Datasets" subtitle="Every import makes a new immutable version; importing under an existing name adds a version." />
      <ErrorBanner error={error} onClose={dismissError} />
      <ImportPanel />
      <DatasetsTable />
    </Stack>
  );
}
