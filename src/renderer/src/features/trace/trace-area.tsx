// The Traceability area: tabs for the matrix, the impact view, coverage, regulatory clauses and the audit package.
import { Stack, Tabs } from '@mantine/core';
import { ClausesPage } from './clauses-page';
import { CoveragePage } from './coverage-page';
import { ImpactPage } from './impact-page';
import { MatrixPage } from './matrix-page';
import { PackagePage } from './package-page';
import { goToTrace, traceTabs, type TraceRoute, type TraceTab } from './trace-routes';

const labels: Record<TraceTab, string> = { matrix: 'Matrix', impact: 'Impact', coverage: 'Coverage', clauses: 'Clauses', package: 'Audit package' };

function Page({ route }: { route: TraceRoute }) {
  switch (route.tab) {
    case 'matrix':
      return <MatrixPage route={route} />;
    case 'impact':
      return <ImpactPage route={route} />;
    case 'coverage':
      return <CoveragePage route={route} />;
    case 'clauses':
      return <ClausesPage route={route} />;
    case 'package':
      return <PackagePage route={route} />;
  }
}

export function TraceArea({ route }: { route: TraceRoute }) {
  return (
    <Stack gap="sm" data-testid="trace-area">
      <Tabs value={route.tab} onChange={(value) => {
        const tab = traceTabs.find((t) => t === value);
        if (tab) goToTrace({ tab, requirement: route.requirement, standard: route.standard });
      }}>
        <Tabs.List>
          {traceTabs.map((t) => (
            <Tabs.Tab key={t} value={t} data-testid={`trace-tab-${t}`}>
              {labels[t]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Page route={route} />
    </Stack>
  );
}
