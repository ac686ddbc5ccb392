// The open project's name and folder, with a menu to switch to a recent project or close this one.
import { Button, Menu, Stack, Text } from '@mantine/core';
import { ChevronDown, FolderOpen, X } from 'lucide-react';
import { useProject } from '../stores';

export function ProjectSwitcher() {
  const project = useProject((s) => s.project);
  const recent = useProject((s) => s.recent);
  const openRecent = useProject((s) => s.openRecent);
  const close = useProject((s) => s.close);
  if (!project) return null;
  const others = recent.filter((r) => r.exists && r.path !== project.path).slice(0, 8);

  return (
    <Menu position="bottom-start" width={360} shadow="md">
      <Menu.Target>
        <Button variant="subtle" color="gray" rightSection={<ChevronDown size={14} />} h={38} px={8} data-testid="project-switcher">
          <Stack gap={0} align="flex-start">
            <Text size="sm" fw={600} lh={1.2} c="dark" data-testid="project-name">
              {project.name}
            </Text>
            <Text size="xs" c="dimmed" ff="monospace" lh={1.2} maw={420} truncate data-testid="project-path-label">
              {project.path}
            </Text>
          </Stack>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {others.length > 0 && <Menu.Label>Switch to</Menu.Label>}
        {others.map((r) => (
          <Menu.Item key={r.path} leftSection={<FolderOpen size={14} />} onClick={() => void openRecent(r.id)}>
            <Text size="sm">{r.name}</Text>
            <Text size="xs" c="dimmed" ff="monospace" truncate>
              {r.path}
            </Text>
          </Menu.Item>
        ))}
        {others.length > 0 && <Menu.Divider />}
        <Menu.Item leftSection={<X size={14} />} onClick={() => void close()} data-testid="close-project">
          Close project
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
