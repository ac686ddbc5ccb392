// The Experiments area: Runs, Studies and Train as tabs, and the run, comparison and study pages reached from them.
import { Badge, Group, Stack, Tabs } from '@mantine/core';
import { FlaskConical, Sparkles, Table2 } from 'lucide-react';
import { PageHeader } from '../../app/page-header';
import { useExperiments, useRunsTable } from '../../stores';
import { ComparePage } from './compare-page';
import { goTo, type ExperimentsRoute } from './experiments-routes';
import { RunPage } from './run-page';
import { RunsPage } from './runs-page';
import { StudiesPage } from './studies-page';
import { StudyPage } from './study-page';
import { TrainPage } from './train-page';

type Section = 'runs' | 'studies' | 'train';

function sectionOf(route: ExperimentsRoute): Section {
  if (route.page === 'studies' || route.page === 'study') return 'studies';
  if (route.page === 'train') return 'train';
  return 'runs';
}

function Page({ route }: { route: ExperimentsRoute }) {
  switch (route.page) {
    case 'runs':
      return <RunsPage />;
    case 'run':
      return <RunPage id={route.id} tab={route.tab} />;
    case 'compare':
      return <ComparePage ids={route.ids} />;
    case 'studies':
      return <StudiesPage />;
    case 'study':
      return <StudyPage id={route.id} />;
    case 'train':
      return <TrainPage mode={route.mode} />;
  }
}

export function ExperimentsArea({ route }: { route: ExperimentsRoute }) {
  const total = useRunsTable((s) => s.total);
  const running = useExperiments((s) => (s.tasks.train ? 1 : 0) + (s.tasks.study ? 1 : 0));
  const section = sectionOf(route);
  const open = (s: Section) => goTo(s === 'train' ? { page: 'train', mode: 'train' } : { page: s });
  return (
    <Stack gap="sm" data-testid="experiments-area">
      {route.page !== 'run' && route.page !== 'study' && route.page !== 'compare' && (
        <PageHeader title="Experiments" subtitle="Every training run is recorded whole: params, metrics, curves, artifacts, environment. Sort and filter thousands of them; compare any few." />
      )}
      <Tabs value={section} onChange={(s) => s && open(s as Section)}>
        <Tabs.List>
          <Tabs.Tab value="runs" leftSection={<Table2 size={14} />} data-testid="experiments-tab-runs">
            <Group gap={6} wrap="nowrap">
              Runs
              {total !== null && total > 0 && (
                <Badge size="xs" variant="light">
                  {total.toLocaleString('en-US')}
                </Badge>
              )}
            </Group>
          </Tabs.Tab>
          <Tabs.Tab value="studies" leftSection={<Sparkles size={14} />} data-testid="experiments-tab-studies">
            Studies
          </Tabs.Tab>
          <Tabs.Tab value="train" leftSection={<FlaskConical size={14} />} data-testid="experiments-tab-train">
            <Group gap={6} wrap="nowrap">
              Train
              {running > 0 && (
                <Badge size="xs" color="blue" circle>
                  {running}
                </Badge>
              )}
            </Group>
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>
      <Page route={route} />
    </Stack>
  );
}
