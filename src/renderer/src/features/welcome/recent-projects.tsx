// The recent-projects list: one click reopens a project; folders that have gone are shown but not offered.
import { Badge, Group, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { formatTime } from '../../components/format';
import { useProject } from '../../stores';
import classes from './recent-projects.module.css';

export function RecentProjects() {
  const recent = useProject((s) => s.recent);
  const openRecent = useProject((s) => s.openRecent);
  const busy = useProject((s) => s.busy);

  if (recent.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="recent-empty">
        No recent projects yet.
      </Text>
    );
  }
  return (
    <ScrollArea.Autosize mah={300}>
      <Stack gap={2} data-testid="recent-list">
        {recent.map((p) => (
          <UnstyledButton
            key={p.path}
            className={classes.item}
            disabled={!p.exists || busy}
            onClick={() => void openRecent(p.id)}
            data-testid="recent-item"
            title={p.path}
          >
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text size="sm" fw={500} truncate>
                {p.name}
              </Text>
              {p.exists ? (
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {formatTime(p.openedAt)}
                </Text>
              ) : (
                <Badge size="xs" color="gray" variant="outline">
                  missing
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed" ff="monospace" truncate>
              {p.path}
            </Text>
          </UnstyledButton>
        ))}
      </Stack>
    </ScrollArea.Autosize>
  );
}
