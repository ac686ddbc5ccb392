// Traceability: the matrix editor. (stub: slice 5)
import { Text } from '@mantine/core';
import type { TraceRoute } from './trace-routes';

export function MatrixPage(_props: { route: TraceRoute }) {
  return <Text c="dimmed">Not built yet.</Text>;
}
