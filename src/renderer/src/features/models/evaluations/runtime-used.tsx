// What onnxruntime ran on for an evaluation: the provider, why it is not the one asked for, and outputs it skipped.
import { Alert, Group, Stack, Text } from '@mantine/core';
import type { RuntimeUsed } from '../../../../../shared/evaluations';

export function RuntimeUsedLine({ runtime }: { runtime: RuntimeUsed }) {
  return (
    <Stack gap={4} data-testid="evaluation-runtime">
      <Group gap="xs">
        <Text size="sm">
          Ran on <b>{runtime.provider}</b>
        </Text>
        {runtime.fallback && (
          <Text size="sm" c="orange" data-testid="evaluation-fallback">
            · fell back: {runtime.fallback}
          </Text>
        )}
      </Group>
      {runtime.skippedOutputs.length > 0 && (
        <Alert color="gray" variant="light" p="xs" data-testid="evaluation-skipped-outputs">
          {runtime.skippedOutputs.map((o) => (
            <Text key={o.name} size="xs">
              Output <b>{o.name}</b> not read: {o.why}
            </Text>
          ))}
        </Alert>
      )}
    </Stack>
  );
}
