// One model: its versions (source, author, hash, aliases), its description and tags, and the signed history of its
// alias moves with the offline check of their signatures.
import { Anchor, Badge, Card, Grid, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useEffect } from 'react';
import type { ModelVersionInfo } from '../../../../shared/models';
import { PageHeader } from '../../app/page-header';
import { formatTime } from '../../components/format';
import { useModels } from '../../stores';
import { goTo } from '../experiments/experiments-routes';
import { AliasBadge, AliasBadges } from './alias-badges';
import { ApprovalsTable, ApprovalsVerification } from './approvals';
import { ModelDescription, ModelTags } from './model-annotations';
import { goToModels } from './models-routes';

export function VersionSource({ version }: { version: ModelVersionInfo }) {
  if (version.source === 'import') {
    return (
      <Badge size="xs" variant="light" color="grape" tt="none">
        imported ONNX
      </Badge>
    );
  }
  return version.runId ? (
    <Anchor
      size="xs"
      component="button"
      onClick={(e) => {
        e.stopPropagation();
        goTo({ page: 'run', id: version.runId ?? '', tab: 'overview' });
      }}
      data-testid="version-run-link"
    >
      run {version.runId.slice(0, 8)}
    </Anchor>
  ) : (
    <Text size="xs">run</Text>
  );
}

function VersionsTable({ versions }: { versions: ModelVersionInfo[] }) {
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table fz="xs" verticalSpacing={4} highlightOnHover data-testid="versions-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Version</Table.Th>
            <Table.Th>Source</Table.Th>
            <Table.Th>Trained on</Table.Th>
            <Table.Th>Author</Table.Th>
            <Table.Th>Registered</Table.Th>
            <Table.Th>SHA-256</Table.Th>
            <Table.Th>Aliases</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {versions.map((v) => (
            <Table.Tr
              key={v.id}
              onClick={() => goToModels({ page: 'version', name: v.name, version: v.version, tab: 'overview' })}
              style={{ cursor: 'pointer' }}
              data-testid="version-row"
              data-version={v.version}
            >
              <Table.Td fw={600}>v{v.version}</Table.Td>
              <Table.Td>
                <VersionSource version={v} />
              </Table.Td>
              <Table.Td ff="monospace">{v.trainedOn ?? '—'}</Table.Td>
              <Table.Td>{v.author}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(v.createdAt)}</Table.Td>
              <Table.Td ff="monospace" title={v.hash}>
                {v.hash.slice(0, 16)}…
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {v.aliases.map((a) => (
                    <AliasBadge key={a} alias={a} />
                  ))}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function ModelPage({ name }: { name: string }) {
  const detail = useModels((s) => s.models[name]);
  const loadModel = useModels((s) => s.loadModel);
  const failed = useModels((s) => s.error !== null);
  const setTag = useModels((s) => s.setTag);
  const setDescription = useModels((s) => s.setDescription);

  useEffect(() => {
    void loadModel(name);
  }, [name, loadModel]);

  // a model or version that cannot be read: the area's error banner says why
  if (!detail) {
    if (failed) return null;
    return (
      <Group gap="xs">
        <Loader size="sm" />
        <Text size="sm">Reading the model…</Text>
      </Group>
    );
  }
  const { model, versions, approvals } = detail;
  return (
    <Stack gap="sm" data-testid="model-page">
      <PageHeader
        title={<span data-testid="model-title">{model.name}</span>}
        subtitle={`${model.versions} version${model.versions === 1 ? '' : 's'} · created ${formatTime(model.createdAt)}`}
        actions={<AliasBadges aliases={model.aliases} />}
      />
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <ModelDescription title="Model description" description={model.description} save={(text) => setDescription(name, undefined, text)} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <ModelTags title="Model tags" tags={model.tags} setTag={(key, value) => setTag(name, undefined, key, value)} />
        </Grid.Col>
      </Grid>
      <Card withBorder padding="sm">
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={6}>
          Versions ({versions.length})
        </Text>
        <VersionsTable versions={versions} />
      </Card>
      <Card withBorder padding="sm">
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={6}>
          Approval history ({approvals.length})
        </Text>
        <ApprovalsTable approvals={approvals} />
      </Card>
      <ApprovalsVerification />
    </Stack>
  );
}
