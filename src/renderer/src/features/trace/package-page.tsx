// Traceability: the signed audit package export. (stub: slice 7)
import { Text } from '@mantine/core';
import type { TraceRoute } from './trace-routes';

export function PackagePage(_props: { route: TraceRoute }) {
  return <Text c="dimmed">Not built yet.</Text>;
}
