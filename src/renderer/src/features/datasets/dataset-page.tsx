// One dataset: its versions timeline and, for the chosen version, Preview, Profile and Diff tabs.
import { Anchor, Badge, Box, Group, Loader, Stack, Tabs, Text } from '@mantine/core';
import { BarChart3, GitCompare, Table2 } from 'lucide-react';
import { useEffect } from 'react';
import { PageHeader } from '../../app/page-header';
import { LinkToRequirement } from '../trace/link-to-requirement';
import { navigate, type DatasetTab } from '../../app/routes';
import { ErrorBanner } from '../../components/error-banner';
import { formatBytes, formatCount } from '../../components/format';
import { useDatasets } from '../../stores';
import { DiffTab } from './diff-tab';
import { ExportButton, ExportStatus } from './export-action';
import { PreviewTab } from './preview-tab';
import { ProfileTab } from './profile-tab';
import { VersionsTimeline } from './versions-timeline';

export function DatasetPage({ name, version, tab }: { name: string; version: number | null; tab: DatasetTab }) {
  const versions = useDatasets((s) => s.versions[name]);
  const loadVersions = useDatasets((s) => s.loadVersions);
  const error = useDatasets((s) => s.error);
  const dismissError = useDatasets((s) => s.dismissError);

  useEffect(() => {
    void loadVersions(name);
  }, [name, loadVersions]);

  const current = versions?.find((v) => v.version === version) ?? versions?.[versions.length - 1];
  const go = (next: { version?: number; tab?: DatasetTab }) =>
    navigate({ page: 'dataset', name, version: next.version ?? current?.version ?? null, tab: next.tab ?? tab });

  return (
    <Stack gap="md">
      <Anchor size="xs" component="button" onClick={() => navigate({ page: 'datasets' })} w="fit-content">
        ← Datasets
      </Anchor>
      <PageHeader
        title={
          <Group gap="xs">
            <span data-testid="dataset-title">{name}</span>
            {current && (
              <Badge variant="light" size="lg" data-testid="dataset-version">
                v{current.version}
              </Badge>
            )}
          </Group>
        }
        subtitle={
          current &&
          `${formatCount(current.rows)} rows · ${current.columns.length} columns · from ${current.sourceName} (${current.sourceFormat}, ${formatBytes(current.sourceBytes)}) · sha256 ${current.hash.slice(0, 12)}`
        }
        actions={
          current && (
            <Group gap="xs">
              <LinkToRequirement target={{ kind: 'dataset_version', id: `${name}@${current.version}` }} label={`${name}@${current.version}`} />
              <ExportButton dataset={name} version={current.version} />
            </Group>
          )
        }
      />
      <ErrorBanner error={error} onClose={dismissError} />
      <ExportStatus />
      {!versions || !current ? (
        <Loader size="sm" />
      ) : (
        <Group align="flex-start" gap="md" wrap="nowrap">
          <Box w={172} style={{ flex: '0 0 172px' }}>
            <Text size="xs" fw={600} c="dimmed" tt="uppercase" mb={6}>
              Versions
            </Text>
            <VersionsTimeline versions={versions} selected={current.version} onSelect={(v) => go({ version: v })} />
          </Box>
          <Box style={{ flex: 1, minWidth: 0 }}>
            <Tabs value={tab} onChange={(t) => t && go({ tab: t as DatasetTab })} keepMounted={false}>
              <Tabs.List mb="sm">
                <Tabs.Tab value="preview" leftSection={<Table2 size={14} />} data-testid="tab-preview">
                  Preview
                </Tabs.Tab>
                <Tabs.Tab value="profile" leftSection={<BarChart3 size={14} />} data-testid="tab-profile">
                  Profile
                </Tabs.Tab>
                <Tabs.Tab value="diff" leftSection={<GitCompare size={14} />} data-testid="tab-diff">
                  Diff
                </Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="preview">
                <PreviewTab dataset={name} version={current.version} />
              </Tabs.Panel>
              <Tabs.Panel value="profile">
                <ProfileTab dataset={name} version={current.version} />
              </Tabs.Panel>
              <Tabs.Panel value="diff">
                <DiffTab key={current.version} dataset={name} versions={versions} selected={current.version} />
              </Tabs.Panel>
            </Tabs>
          </Box>
        </Group>
      )}
    </Stack>
  );
}
