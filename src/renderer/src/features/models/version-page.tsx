// One model version: what its ONNX file holds, where it came from (run, training data) with links, its description and
// tags, the evaluations about it, the Evaluate tab, and "Approve for alias…".
import { Anchor, Badge, Button, Card, Code, Grid, Group, Loader, Stack, Table, Tabs, Text } from '@mantine/core';
import { BadgeCheck, FileSearch, FlaskConical, ListChecks } from 'lucide-react';
import { useEffect, useState, type ReactNode } from 'react';
import type { EvaluationSummary } from '../../../../shared/evaluations';
import { PageHeader } from '../../app/page-header';
import { navigate } from '../../app/routes';
import { formatTime } from '../../components/format';
import { KeyValueTable } from '../../components/key-value-table';
import { useModels } from '../../stores';
import type { VersionDetail } from '../../stores/models-store';
import { AliasBadge } from './alias-badges';
import { ApprovalsTable } from './approvals';
import { ApproveDialog } from './approve-dialog';
import { EvaluateTab } from './evaluations/evaluate-tab';
import { InspectionPanel } from './inspection-panel';
import { ModelDescription, ModelTags } from './model-annotations';
import { LinkToRequirement } from '../trace/link-to-requirement';
import { VersionSource } from './model-page';
import { goToModels, splitVersionId, type VersionTab } from './models-routes';

function Lineage({ version }: { version: VersionDetail }) {
  const trained = version.trainedOn ? splitVersionId(version.trainedOn) : null;
  const rows: [string, ReactNode][] = [
    ['Source', <VersionSource key="source" version={version} />],
    [
      'Trained on',
      trained ? (
        <Anchor size="xs" component="button" ff="monospace" onClick={() => navigate({ page: 'dataset', name: trained.name, version: trained.version, tab: 'profile' })} data-testid="version-dataset-link">
          {version.trainedOn}
        </Anchor>
      ) : (
        <Text size="xs" c="dimmed">
          {version.source === 'import' ? 'not known (imported file)' : '—'}
        </Text>
      ),
    ],
    [
      'Author',
      <Text key="author" size="xs">
        {version.author}
        {version.authorFingerprint && (
          <Text span size="10px" c="dimmed" ff="monospace" title={version.authorFingerprint}>
            {'  '}
            key {version.authorFingerprint.slice(0, 16)}
          </Text>
        )}
      </Text>,
    ],
    ['Registered', <Text key="at" size="xs">{formatTime(version.createdAt)}</Text>],
    [
      'Hash',
      <Code key="hash" fz={11} style={{ wordBreak: 'break-all' }} data-testid="version-hash">
        {version.hash}
      </Code>,
    ],
  ];
  return (
    <Card withBorder padding="xs" data-testid="version-lineage">
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={4}>
        Lineage
      </Text>
      <KeyValueTable rows={rows} labelWidth={90} spacing={2} />
    </Card>
  );
}

export function EvaluationsTable({ evaluations }: { evaluations: EvaluationSummary[] }) {
  if (evaluations.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="evaluations-empty">
        No evaluation yet: score a dataset version, benchmark, explain, check fairness or compare it with the champion in the Evaluate tab.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table fz="xs" verticalSpacing={4} highlightOnHover data-testid="evaluations-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Kind</Table.Th>
            <Table.Th>Report</Table.Th>
            <Table.Th>Dataset</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>By</Table.Th>
            <Table.Th>SHA-256</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {evaluations.map((e) => (
            <Table.Tr key={e.id} onClick={() => goToModels({ page: 'evaluation', id: e.id })} style={{ cursor: 'pointer' }} data-testid="evaluation-row" data-kind={e.kind}>
              <Table.Td>
                <Badge size="xs" variant="light" tt="none">
                  {e.kind}
                </Badge>
              </Table.Td>
              <Table.Td fw={500}>
                {e.title}
                {e.otherModelVersion && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    vs {e.otherModelVersion}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ff="monospace">{e.datasetVersion ?? 'synthetic inputs'}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(e.createdAt)}</Table.Td>
              <Table.Td>{e.createdBy}</Table.Td>
              <Table.Td ff="monospace" title={e.sha256}>
                {e.sha256.slice(0, 12)}…
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function VersionPage({ name, version, tab }: { name: string; version: number; tab: VersionTab }) {
  const id = `${name}@${version}`;
  const detail = useModels((s) => s.versions[id]);
  const loadVersion = useModels((s) => s.loadVersion);
  const failed = useModels((s) => s.error !== null);
  const setTag = useModels((s) => s.setTag);
  const setDescription = useModels((s) => s.setDescription);
  const [approving, setApproving] = useState(false);

  useEffect(() => {
    void loadVersion(name, version);
  }, [name, version, loadVersion]);

  // a model or version that cannot be read: the area's error banner says why
  if (!detail) {
    if (failed) return null;
    return (
      <Group gap="xs">
        <Loader size="sm" />
        <Text size="sm">Reading the version…</Text>
      </Group>
    );
  }
  const go = (t: VersionTab) => goToModels({ page: 'version', name, version, tab: t });

  return (
    <Stack gap="sm" data-testid="version-page">
      <PageHeader
        title={
          <Group gap="xs">
            <Anchor inherit onClick={() => goToModels({ page: 'model', name })} data-testid="version-model-link">
              {name}
            </Anchor>
            <span data-testid="version-title">v{version}</span>
            {detail.aliases.map((a) => (
              <AliasBadge key={a} alias={a} />
            ))}
          </Group>
        }
        subtitle={`${detail.source === 'import' ? 'Imported ONNX file' : 'Registered from a run'} · by ${detail.author} · ${formatTime(detail.createdAt)}${detail.hasOnnx ? '' : ' · no ONNX file'}`}
        actions={
          <Group gap="xs">
            <LinkToRequirement target={{ kind: 'model_version', id }} label={id} />
            <Button size="xs" leftSection={<BadgeCheck size={14} />} onClick={() => setApproving(true)} data-testid="version-approve">
              Approve for alias…
            </Button>
          </Group>
        }
      />
      <ApproveDialog opened={approving} onClose={() => setApproving(false)} name={name} version={version} author={detail.author} evaluations={detail.evaluations} />
      <Tabs value={tab} onChange={(t) => t && go(t as VersionTab)} keepMounted={false}>
        <Tabs.List mb="sm">
          <Tabs.Tab value="overview" leftSection={<FileSearch size={14} />} data-testid="version-tab-overview">
            Inspection and lineage
          </Tabs.Tab>
          <Tabs.Tab value="evaluations" leftSection={<ListChecks size={14} />} data-testid="version-tab-evaluations">
            Evaluations and approvals ({detail.evaluations.length} · {detail.approvals.length})
          </Tabs.Tab>
          <Tabs.Tab value="evaluate" leftSection={<FlaskConical size={14} />} data-testid="version-tab-evaluate">
            Evaluate
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview">
          <Stack gap="sm">
            <Grid gap="sm">
              <Grid.Col span={{ base: 12, md: 5 }}>
                <Lineage version={detail} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 4 }}>
                <ModelDescription title="Version description" description={detail.description} save={(text) => setDescription(name, version, text)} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 3 }}>
                <ModelTags title="Version tags" tags={detail.tags} setTag={(key, value) => setTag(name, version, key, value)} />
              </Grid.Col>
            </Grid>
            {detail.inspection ? (
              <InspectionPanel inspection={detail.inspection} />
            ) : (
              <Card withBorder padding="sm">
                <Text size="sm" c="dimmed" data-testid="inspection-none">
                  This version has no ONNX file: its run exported none, so it cannot be scored, benchmarked or explained here.
                </Text>
              </Card>
            )}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="evaluations">
          <Stack gap="sm">
            <Card withBorder padding="sm">
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={6}>
                Evaluations ({detail.evaluations.length})
              </Text>
              <EvaluationsTable evaluations={detail.evaluations} />
            </Card>
            <Card withBorder padding="sm">
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={6}>
                Approvals of this version ({detail.approvals.length})
              </Text>
              <ApprovalsTable approvals={detail.approvals} />
            </Card>
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="evaluate">
          <EvaluateTab version={detail} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
