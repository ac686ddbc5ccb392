// The Models area: the registry list with import, one model, one version, one evaluation report.
import { Anchor, Group, Stack } from '@mantine/core';
import { useEffect } from 'react';
import { ErrorBanner } from '../../components/error-banner';
import { useModels } from '../../stores';
import { EvaluationView } from './evaluations/evaluation-view';
import { ModelPage } from './model-page';
import { ModelsListPage } from './models-list-page';
import { goToModels, type ModelsRoute } from './models-routes';
import { VersionPage } from './version-page';

function Page({ route }: { route: ModelsRoute }) {
  switch (route.page) {
    case 'list':
      return <ModelsListPage />;
    case 'model':
      return <ModelPage name={route.name} />;
    case 'version':
      return <VersionPage name={route.name} version={route.version} tab={route.tab} />;
    case 'evaluation':
      return <EvaluationView id={route.id} />;
  }
}

/** the way back up: a version leads to its model, everything else to the list */
function BackLinks({ route }: { route: ModelsRoute }) {
  if (route.page === 'list') return null;
  return (
    <Group gap="xs">
      <Anchor size="xs" onClick={() => goToModels({ page: 'list' })} data-testid="models-back">
        ← Models
      </Anchor>
      {route.page === 'version' && (
        <Anchor size="xs" onClick={() => goToModels({ page: 'model', name: route.name })} data-testid="models-back-model">
          ← {route.name}
        </Anchor>
      )}
    </Group>
  );
}

export function ModelsArea({ route }: { route: ModelsRoute }) {
  const loadList = useModels((s) => s.loadList);
  const error = useModels((s) => s.error);
  const dismissError = useModels((s) => s.dismissError);
  useEffect(() => {
    void loadList();
  }, [loadList, route.page]);
  return (
    <Stack gap="sm" data-testid="models-area">
      <BackLinks route={route} />
      <ErrorBanner error={error} onClose={dismissError} />
      <Page route={route} />
    </Stack>
  );
}
