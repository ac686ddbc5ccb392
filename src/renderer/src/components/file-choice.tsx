// The file an import starts from: a label with what it takes, a Choose button (the host's dialog in Electron, the
// browser's file input otherwise) and the chosen file's name and size.
import { Button, Group, Stack, Text } from '@mantine/core';
import { FileUp } from 'lucide-react';
import { useEffect, useRef } from 'react';
import type { StagedFile } from '../api';
import { formatBytes } from './format';

export type ChosenFile = File | StagedFile;

export interface FileChoiceProps {
  label: string;
  description: string;
  file: ChosenFile | null;
  onChoose: (file: ChosenFile) => void;
  disabled: boolean;
  /** the host's own dialog (Electron) picks the file; null where the browser's file input does */
  pickFile: (() => Promise<StagedFile | null>) | null;
  /** the browser dialog's file types; none: any file */
  accept?: string;
  /** the test ids' prefix: `<testId>-file` (the input), `<testId>-choose`, `<testId>-file-label` */
  testId: string;
}

export function FileChoice({ label, description, file, onChoose, disabled, pickFile, accept, testId }: FileChoiceProps) {
  const input = useRef<HTMLInputElement>(null);
  // once the caller lets the file go (an import started), the same file can be chosen again
  useEffect(() => {
    if (!file && input.current) input.current.value = '';
  }, [file]);
  const choose = (chosen: ChosenFile | null | undefined) => {
    if (chosen) onChoose(chosen);
  };
  return (
    <Stack gap={4} style={{ flex: '1 1 0', minWidth: 0 }}>
      <div>
        <Text size="sm" fw={500} lh={1.45}>
          {label}
        </Text>
        <Text size="xs" c="dimmed" lh={1.2}>
          {description}
        </Text>
      </div>
      <Group gap="xs" wrap="nowrap">
        <input ref={input} type="file" accept={accept} hidden onChange={(e) => choose(e.currentTarget.files?.[0])} data-testid={`${testId}-file`} />
        <Button
          variant="default"
          leftSection={<FileUp size={16} />}
          disabled={disabled}
          onClick={() => (pickFile ? void pickFile().then(choose) : input.current?.click())}
          data-testid={`${testId}-choose`}
        >
          Choose file…
        </Button>
        <Text size="sm" c={file ? undefined : 'dimmed'} truncate data-testid={`${testId}-file-label`}>
          {file ? (file instanceof File ? `${file.name} · ${formatBytes(file.size)}` : file.fileName) : 'No file chosen'}
        </Text>
      </Group>
    </Stack>
  );
}
