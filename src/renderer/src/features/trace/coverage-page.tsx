// Traceability: coverage, the uncovered report and acceptance criteria. (stub: slice 6)
import { Text } from '@mantine/core';
import type { TraceRoute } from './trace-routes';

export function CoveragePage(_props: { route: TraceRoute }) {
  return <Text c="dimmed">Not built yet.</Text>;
}
