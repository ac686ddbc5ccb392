// Why a link is suspect, one line per cause: the requirement's (or the target requirement's) text changed, with the
// word diff between the revision the link was stamped against and the newest, or a newer version superseded its target.
import { Stack, Text } from '@mantine/core';
import type { SuspectCause, TraceLinkInfo } from '../../../../../shared/trace';
import { RevisionWordDiff } from './word-diff';

function Cause({ link, cause }: { link: TraceLinkInfo; cause: SuspectCause }) {
  switch (cause.kind) {
    case 'requirement-changed':
    case 'target-changed': {
      const changed = cause.kind === 'requirement-changed' ? link.requirement : link.target.id;
      return (
        <Stack gap={2} data-testid="suspect-cause" data-kind={cause.kind}>
          <Text size="xs">
            {changed} changed from revision {cause.fromRevision} to {cause.toRevision}:
          </Text>
          <RevisionWordDiff requirement={changed} from={cause.fromRevision} to={cause.toRevision} />
        </Stack>
      );
    }
    case 'superseded':
      return (
        <Text size="xs" data-testid="suspect-cause" data-kind={cause.kind}>
          superseded by <b>{cause.label}</b>
        </Text>
      );
  }
}

export function SuspectCauses({ link }: { link: TraceLinkInfo }) {
  if (link.suspect.length === 0) return null;
  return (
    <Stack gap={4} pl="xs" style={{ borderLeft: '2px solid var(--mantine-color-orange-4)' }}>
      {link.suspect.map((cause, i) => (
        <Cause key={i} link={link} cause={cause} />
      ))}
    </Stack>
  );
}
