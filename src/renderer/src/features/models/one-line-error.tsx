// A refusal in one line, message and code, where a form stays open for the person to fix what they entered (four
// eyes, a wrong passphrase, a pickle instead of an .onnx file); the hint, when there is one, is the line's tooltip.
import { Alert, Code, Text } from '@mantine/core';
import type { AppError } from '../../../../shared/errors';

export function OneLineError({ error, onClose, testId }: { error: AppError; onClose?: () => void; testId: string }) {
  return (
    <Alert color="red" variant="light" p="xs" withCloseButton={onClose !== undefined} onClose={onClose} data-testid={testId}>
      <Text size="sm" title={error.hint} data-testid={`${testId}-message`}>
        {error.message} <Code fz="xs">{error.code}</Code>
      </Text>
    </Alert>
  );
}
