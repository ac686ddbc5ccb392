// Every registered model at a glance (versions, aliases, latest version, tags), the ONNX import panel, and the check
// of every approval's signature.
import { Badge, Card, Group, Stack, Table, Text } from '@mantine/core';
import { PageHeader } from '../../app/page-header';
import { formatTime } from '../../components/format';
import { useModels } from '../../stores';
import { AliasBadges } from './alias-badges';
import { ApprovalsVerification } from './approvals';
import { ModelImportPanel } from './model-import-panel';
import { goToModels } from './models-routes';

function ModelsTable() {
  const list = useModels((s) => s.list);
  const loaded = useModels((s) => s.loaded);
  if (list.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="models-empty">
        {loaded ? 'No model yet: import an .onnx file above, or register a finished run’s model from its run page.' : 'Reading the registry…'}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table fz="xs" verticalSpacing={4} highlightOnHover data-testid="models-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Model</Table.Th>
            <Table.Th ta="right">Versions</Table.Th>
            <Table.Th>Latest</Table.Th>
            <Table.Th>Aliases</Table.Th>
            <Table.Th>Tags</Table.Th>
            <Table.Th>Description</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((m) => (
            <Table.Tr key={m.name} onClick={() => goToModels({ page: 'model', name: m.name })} style={{ cursor: 'pointer' }} data-testid="model-row" data-name={m.name}>
              <Table.Td fw={600}>{m.name}</Table.Td>
              <Table.Td ta="right">{m.versions}</Table.Td>
              <Table.Td>{m.latest ? `v${m.latest.version} · ${formatTime(m.latest.createdAt)}` : '—'}</Table.Td>
              <Table.Td>
                <AliasBadges aliases={m.aliases} />
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {Object.entries(m.tags).map(([k, v]) => (
                    <Badge key={k} size="xs" variant="outline" color="gray" tt="none">
                      {v ? `${k}: ${v}` : k}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td c="dimmed" maw={320} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={m.description}>
                {m.description}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function ModelsListPage() {
  const count = useModels((s) => s.list.length);
  return (
    <Stack gap="sm">
      <PageHeader
        title="Models"
        subtitle="The registry: immutable, content-addressed model versions from runs and imported ONNX files, their aliases (moved only by signed four-eyes approvals), and every evaluation about them."
      />
      <ModelImportPanel />
      <Card withBorder padding="sm">
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={6}>
          Models ({count})
        </Text>
        <ModelsTable />
      </Card>
      <ApprovalsVerification />
    </Stack>
  );
}
