// The workbench frame when a project is open: header (project switcher, jobs), left navigation, and the page.
import { AppShell, Badge, Group, NavLink, Text } from '@mantine/core';
import { Activity, Boxes, ClipboardList, Database, FlaskConical, ListChecks, Network, ScrollText } from 'lucide-react';
import { useEffect, type ReactNode } from 'react';
import { AuditPage } from '../features/audit/audit-page';
import { DatasetPage } from '../features/datasets/dataset-page';
import { DatasetsPage } from '../features/datasets/datasets-page';
import { ExperimentsArea } from '../features/experiments/experiments-area';
import { AlertsBadge, JobsIndicator } from '../features/jobs/jobs-indicator';
import { JobsPage } from '../features/jobs/jobs-page';
import { ModelsArea } from '../features/models/models-area';
import { RequirementsArea } from '../features/requirements/requirements-area';
import { TraceArea } from '../features/trace/trace-area';
import { MonitoringArea } from '../features/monitoring/monitoring-area';
import { ErrorBanner } from '../components/error-banner';
import { useDatasets, useJobs, useModels, useMonitoring, useProject } from '../stores';
import { isFinished } from '../stores/jobs-store';
import { openAlertCount } from '../stores/monitoring-store';
import { ProjectNotices } from './project-notices';
import { ProjectSwitcher } from './project-switcher';
import { navigate, useRoute, type Route } from './routes';

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'datasets':
      return <DatasetsPage />;
    case 'dataset':
      return <DatasetPage name={route.name} version={route.version} tab={route.tab} />;
    case 'jobs':
      return <JobsPage />;
    case 'audit':
      return <AuditPage />;
    case 'experiments':
      return <ExperimentsArea route={route.route} />;
    case 'monitoring':
      return <MonitoringArea route={route.route} />;
    case 'models':
      return <ModelsArea route={route.route} />;
    case 'requirements':
      return <RequirementsArea route={route.route} />;
    case 'trace':
      return <TraceArea route={route.route} />;
  }
}

function NavEntry({ label, icon, active, onClick, right, testId }: { label: string; icon: ReactNode; active: boolean; onClick: () => void; right?: ReactNode; testId: string }) {
  return <NavLink label={label} leftSection={icon} active={active} onClick={onClick} rightSection={right} data-testid={testId} />;
}

export function Shell() {
  const route = useRoute();
  const datasetCount = useDatasets((s) => s.list.length);
  const loadDatasets = useDatasets((s) => s.loadList);
  const modelCount = useModels((s) => s.list.length);
  const loadModels = useModels((s) => s.loadList);
  const running = useJobs((s) => s.jobs.filter((j) => !isFinished(j)).length);
  const loadJobs = useJobs((s) => s.load);
  const openAlerts = useMonitoring(openAlertCount);
  const projectError = useProject((s) => s.error);
  const dismissProjectError = useProject((s) => s.dismissError);

  useEffect(() => {
    void loadDatasets();
    void loadModels();
    void loadJobs();
  }, [loadDatasets, loadModels, loadJobs]);

  return (
    <AppShell header={{ height: 48 }} navbar={{ width: 172, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Text fw={800} size="md" c="indigo.8" lts={0.5}>
              AIRLOCK
            </Text>
            <ProjectSwitcher />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <AlertsBadge />
            <JobsIndicator />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p={6} data-testid="nav">
        <NavEntry
          label="Datasets"
          icon={<Database size={16} />}
          active={route.page === 'datasets' || route.page === 'dataset'}
          onClick={() => navigate({ page: 'datasets' })}
          right={datasetCount > 0 && <Badge size="xs" variant="light" circle>{datasetCount}</Badge>}
          testId="nav-datasets"
        />
        <NavEntry
          label="Experiments"
          icon={<FlaskConical size={16} />}
          active={route.page === 'experiments'}
          onClick={() => navigate({ page: 'experiments', route: { page: 'runs' } })}
          testId="nav-experiments"
        />
        <NavEntry
          label="Models"
          icon={<Boxes size={16} />}
          active={route.page === 'models'}
          onClick={() => navigate({ page: 'models', route: { page: 'list' } })}
          right={modelCount > 0 && <Badge size="xs" variant="light" circle>{modelCount}</Badge>}
          testId="nav-models"
        />
        <NavEntry
          label="Requirements"
          icon={<ClipboardList size={16} />}
          active={route.page === 'requirements'}
          onClick={() => navigate({ page: 'requirements', route: { tab: 'document', document: null, id: null } })}
          testId="nav-requirements"
        />
        <NavEntry
          label="Traceability"
          icon={<Network size={16} />}
          active={route.page === 'trace'}
          onClick={() => navigate({ page: 'trace', route: { tab: 'matrix', requirement: null, standard: null } })}
          testId="nav-trace"
        />
        <NavEntry
          label="Monitoring"
          icon={<Activity size={16} />}
          active={route.page === 'monitoring'}
          onClick={() => navigate({ page: 'monitoring', route: { page: 'overview' } })}
          right={openAlerts > 0 && <Badge size="xs" color="red" circle>{openAlerts}</Badge>}
          testId="nav-monitoring"
        />
        <NavEntry
          label="Jobs"
          icon={<ListChecks size={16} />}
          active={route.page === 'jobs'}
          onClick={() => navigate({ page: 'jobs' })}
          right={running > 0 && <Badge size="xs" color="blue" circle>{running}</Badge>}
          testId="nav-jobs"
        />
        <NavEntry label="Audit log" icon={<ScrollText size={16} />} active={route.page === 'audit'} onClick={() => navigate({ page: 'audit' })} testId="nav-audit" />
      </AppShell.Navbar>
      <AppShell.Main bg="gray.0">
        <ErrorBanner error={projectError} onClose={dismissProjectError} />
        <ProjectNotices />
        <Page route={route} />
      </AppShell.Main>
    </AppShell>
  );
}
