// The Requirements area: the document picker with import and export above tabs for the document view, the flat
// table, the lint report, pairs and the classifier.
import { Card, Group, Select, Stack, Tabs, Text } from '@mantine/core';
import { useEffect } from 'react';
import { ErrorBanner } from '../../components/error-banner';
import { formatCount } from '../../components/format';
import { useRequirements } from '../../stores';
import { ClassifierPage } from './classes/classifier-page';
import { PairsPage } from './classes/pairs-page';
import { DocumentPage } from './document-page';
import { LintReportPage } from './lint-report-page';
import { RequirementsExport, RequirementsExported, RequirementsImport, RequirementsImportStatus } from './requirements-exchange';
import { goToRequirements, type RequirementsRoute, type RequirementsTab } from './requirements-routes';
import { RequirementsTablePage } from './requirements-table-page';

function Empty() {
  return (
    <Text c="dimmed" size="sm" data-testid="requirements-empty">
      No requirements yet: import a ReqIF, ReqIFZ or CSV file above.
    </Text>
  );
}

function Page({ route, document }: { route: RequirementsRoute; document: string | null }) {
  switch (route.tab) {
    case 'document':
      return document === null ? <Empty /> : <DocumentPage document={document} selected={route.id} />;
    case 'table':
      return document === null ? <Empty /> : <RequirementsTablePage document={document} selected={route.id} />;
    case 'lint':
      return document === null ? <Empty /> : <LintReportPage />;
    case 'pairs':
      return <PairsPage document={document} />;
    case 'classifier':
      return <ClassifierPage />;
  }
}

const labels: Record<RequirementsTab, string> = { document: 'Document', table: 'Table', lint: 'Lint report', pairs: 'Duplicates & conflicts', classifier: 'Classifier' };

export function RequirementsArea({ route }: { route: RequirementsRoute }) {
  const documents = useRequirements((s) => s.documents);
  const documentsLoaded = useRequirements((s) => s.documentsLoaded);
  const loadDocuments = useRequirements((s) => s.loadDocuments);
  const loadRows = useRequirements((s) => s.loadRows);
  const error = useRequirements((s) => s.error);
  const dismissError = useRequirements((s) => s.dismissError);
  // the route names a document by identifier (or name); without one, the first document shows
  const document = documents.find((d) => d.id === route.document || d.name === route.document)?.id ?? documents[0]?.id ?? null;

  useEffect(() => {
    void loadDocuments();
  }, [loadDocuments]);
  useEffect(() => {
    if (document !== null) void loadRows(document);
  }, [document, loadRows]);

  return (
    <Stack gap="sm" data-testid="requirements-area">
      <Card withBorder padding="sm">
        <Stack gap="xs">
          <Group align="flex-end" gap="lg" wrap="nowrap">
            <Select
              size="sm"
              label="Document"
              placeholder={documentsLoaded ? 'none imported' : 'loading…'}
              data={documents.map((d) => ({ value: d.id, label: `${d.name} (${formatCount(d.requirements)})` }))}
              value={document}
              onChange={(id) => id && goToRequirements({ tab: route.tab, document: id })}
              allowDeselect={false}
              w={260}
              data-testid="requirements-document"
            />
            <RequirementsImport />
            <RequirementsExport document={document} />
          </Group>
          <RequirementsImportStatus />
          <RequirementsExported />
        </Stack>
      </Card>
      <ErrorBanner error={error} onClose={dismissError} />
      <Tabs value={route.tab} onChange={(tab) => tab && goToRequirements({ tab: tab as RequirementsTab, document: route.document })}>
        <Tabs.List>
          {(Object.keys(labels) as RequirementsTab[]).map((tab) => (
            <Tabs.Tab key={tab} value={tab} data-testid={`requirements-tab-${tab}`}>
              {labels[tab]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Page route={route} document={document} />
    </Stack>
  );
}
