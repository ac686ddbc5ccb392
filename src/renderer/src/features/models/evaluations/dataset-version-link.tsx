// A dataset version named `<name>@<version>`, as a link to that version in the Datasets area.
import { Anchor, Text } from '@mantine/core';
import { navigate, type DatasetTab } from '../../../app/routes';
import { splitVersionId } from '../models-routes';

export function DatasetVersionLink({ id, tab, testId }: { id: string; tab: DatasetTab; testId: string }) {
  const split = splitVersionId(id);
  if (!split) {
    return (
      <Text span size="sm">
        {id}
      </Text>
    );
  }
  return (
    <Anchor size="sm" onClick={() => navigate({ page: 'dataset', name: split.name, version: split.version, tab })} data-testid={testId}>
      {id}
    </Anchor>
  );
}
