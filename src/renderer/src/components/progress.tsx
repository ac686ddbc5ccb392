// A progress bar for long work: percentage, ETA, what is happening, and a Cancel button.
import { Button, Group, Progress as Bar, Stack, Text } from '@mantine/core';
import { formatEta, formatPercent } from './format';

export interface ProgressProps {
  label: string;
  fraction: number;
  etaSeconds: number | null;
  message?: string;
  onCancel?: () => void;
  cancelling?: boolean;
  testId?: string;
}

export function Progress({ label, fraction, etaSeconds, message, onCancel, cancelling, testId }: ProgressProps) {
  return (
    <Stack gap={4} data-testid={testId}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" fw={500} truncate>
          {label}
        </Text>
        <Group gap="sm" wrap="nowrap">
          <Text size="sm" ff="monospace" data-testid="progress-percent">
            {formatPercent(fraction)}
          </Text>
          <Text size="xs" c="dimmed" data-testid="progress-eta">
            {formatEta(etaSeconds)}
          </Text>
          {onCancel && (
            <Button size="compact-xs" variant="default" onClick={onCancel} loading={cancelling} data-testid="progress-cancel">
              Cancel
            </Button>
          )}
        </Group>
      </Group>
      <Bar value={Math.min(100, fraction * 100)} size="sm" animated={fraction < 1} aria-label={label} />
      {message && (
        <Text size="xs" c="dimmed" truncate data-testid="progress-message">
          {message}
        </Text>
      )}
    </Stack>
  );
}
