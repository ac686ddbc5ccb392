// A link's status as a badge with colour AND a letter, so it reads without colour vision too.
import { Badge } from '@mantine/core';
import type { TraceLinkStatus } from '../../../../../shared/trace-matrix';

const looks: Record<TraceLinkStatus, { color: string; letter: string }> = {
  ok: { color: 'teal', letter: '✓' },
  suspect: { color: 'orange', letter: '!' },
  failing: { color: 'red', letter: '✗' },
  'no-evidence': { color: 'gray', letter: '?' },
};

export function LinkStatusBadge({ status }: { status: TraceLinkStatus }) {
  const { color, letter } = looks[status];
  return (
    <Badge size="sm" variant="light" color={color} data-testid="link-status" data-status={status}>
      {letter} {status}
    </Badge>
  );
}
