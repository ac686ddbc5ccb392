// Traceability: regulatory clause coverage. (stub: slice 6)
import { Text } from '@mantine/core';
import type { TraceRoute } from './trace-routes';

export function ClausesPage(_props: { route: TraceRoute }) {
  return <Text c="dimmed">Not built yet.</Text>;
}
