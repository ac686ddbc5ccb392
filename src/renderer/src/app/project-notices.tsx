// Standing notices about the open project that a person must not miss: it is read-only, or its audit log was rewritten.
import { Alert, Stack } from '@mantine/core';
import { Lock, ShieldAlert } from 'lucide-react';
import { useProject } from '../stores';

export function ProjectNotices() {
  const readOnly = useProject((s) => s.project?.readOnly ?? false);
  const logAlert = useProject((s) => s.project?.logAlert);
  if (!readOnly && !logAlert) return null;
  return (
    <Stack gap="xs" mb="sm">
      {logAlert && (
        <Alert color="red" icon={<ShieldAlert size={18} />} title="The audit log was rewritten" data-testid="log-alert">
          {logAlert} Run <code>airlock verify-log</code> on this project for the first entry that no longer matches.
        </Alert>
      )}
      {readOnly && (
        <Alert color="gray" icon={<Lock size={18} />} title="Read-only project" data-testid="read-only-notice">
          This project's folder or database cannot be written: you can browse it and verify its log, but every change is refused.
        </Alert>
      )}
    </Stack>
  );
}
