// The Requirements area: tabs for the document view, the flat table, the lint report, pairs and the classifier.
import { Stack, Tabs } from '@mantine/core';
import { ClassifierPage } from './classes/classifier-page';
import { PairsPage } from './classes/pairs-page';
import { DocumentPage } from './document-page';
import { LintReportPage } from './lint-report-page';
import { goToRequirements, type RequirementsRoute, type RequirementsTab } from './requirements-routes';
import { RequirementsTablePage } from './requirements-table-page';

function Page({ route }: { route: RequirementsRoute }) {
  switch (route.tab) {
    case 'document':
      return <DocumentPage document={route.document} selected={route.id} />;
    case 'table':
      return <RequirementsTablePage document={route.document} selected={route.id} />;
    case 'lint':
      return <LintReportPage document={route.document} />;
    case 'pairs':
      return <PairsPage document={route.document} />;
    case 'classifier':
      return <ClassifierPage />;
  }
}

const labels: Record<RequirementsTab, string> = { document: 'Document', table: 'Table', lint: 'Lint report', pairs: 'Duplicates & conflicts', classifier: 'Classifier' };

export function RequirementsArea({ route }: { route: RequirementsRoute }) {
  return (
    <Stack gap="sm" data-testid="requirements-area">
      <Tabs value={route.tab} onChange={(tab) => tab && goToRequirements({ tab: tab as RequirementsTab, document: route.document })}>
        <Tabs.List>
          {(Object.keys(labels) as RequirementsTab[]).map((tab) => (
            <Tabs.Tab key={tab} value={tab} data-testid={`requirements-tab-${tab}`}>
              {labels[tab]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Page route={route} />
    </Stack>
  );
}
