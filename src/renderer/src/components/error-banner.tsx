// Shows an AppError the way users should see one: what went wrong, where (file, line, column, field), and a hint.
import { Alert, Code, Group, Text } from '@mantine/core';
import { CircleAlert } from 'lucide-react';
import type { AppError, ErrorPlace } from '../../../shared/errors';

function describePlace(where: ErrorPlace): string {
  return [
    where.file,
    where.line !== undefined ? `line ${where.line}` : undefined,
    where.column !== undefined ? `column ${where.column}` : undefined,
    where.field !== undefined ? `field “${where.field}”` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

export function ErrorBanner({ error, onClose }: { error: AppError | null; onClose?: () => void }) {
  if (!error) return null;
  const place = error.where ? describePlace(error.where) : '';
  return (
    <Alert
      data-testid="error-banner"
      color="red"
      variant="light"
      icon={<CircleAlert size={18} />}
      withCloseButton={onClose !== undefined}
      onClose={onClose}
      title={
        <Group gap={8}>
          <span data-testid="error-message">{error.message}</span>
          <Code fz="xs">{error.code}</Code>
        </Group>
      }
    >
      {place && (
        <Text size="sm" data-testid="error-place">
          At {place}
        </Text>
      )}
      {error.hint && (
        <Text size="sm" c="dimmed" data-testid="error-hint">
          {error.hint}
        </Text>
      )}
    </Alert>
  );
}
