// The versions of a dataset as a vertical timeline, newest on top; a click selects one.
import { Box, Text, Timeline, UnstyledButton } from '@mantine/core';
import type { DatasetVersionInfo } from '../../../../shared/domain';
import { formatCount, formatTime } from '../../components/format';

interface Props {
  versions: DatasetVersionInfo[];
  selected: number;
  onSelect: (version: number) => void;
}

export function VersionsTimeline({ versions, selected, onSelect }: Props) {
  const newestFirst = versions.slice().reverse();
  return (
    <Timeline active={-1} bulletSize={14} lineWidth={2} data-testid="versions-timeline">
      {newestFirst.map((v) => (
        <Timeline.Item
          key={v.version}
          bullet={v.version === selected ? <Box w={8} h={8} bg="indigo.6" style={{ borderRadius: '50%' }} /> : undefined}
          title={
            <UnstyledButton
              fz="sm"
              fw={v.version === selected ? 700 : 500}
              c={v.version === selected ? 'indigo.7' : undefined}
              onClick={() => onSelect(v.version)}
              data-testid="version-item"
              data-version={v.version}
              aria-current={v.version === selected}
            >
              Version {v.version}
            </UnstyledButton>
          }
        >
          <Text size="xs" c="dimmed">
            {formatCount(v.rows)} rows · {v.columns.length} cols
          </Text>
          <Text size="xs" c="dimmed">
            {formatTime(v.createdAt)}
          </Text>
          <Text size="xs" c="dimmed" ff="monospace" truncate title={v.sourceName}>
            {v.sourceName}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
