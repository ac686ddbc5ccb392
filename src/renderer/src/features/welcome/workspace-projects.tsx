// The workspace roots the app was started with: open a project inside one, or create one there by folder name.
import { Button, Group, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { FolderPlus } from 'lucide-react';
import { useState } from 'react';
import type { WorkspaceRoot } from '../../../../shared/domain';
import { useProject } from '../../stores';
import classes from './recent-projects.module.css';

function RootCard({ root }: { root: WorkspaceRoot }) {
  const busy = useProject((s) => s.busy);
  const createInRoot = useProject((s) => s.createInRoot);
  const openInRoot = useProject((s) => s.openInRoot);
  const [name, setName] = useState('');
  const create = () => {
    if (name.trim()) void createInRoot(root.id, name.trim());
  };

  return (
    <Stack gap={6} data-testid="workspace-root">
      <Text size="xs" c="dimmed" ff="monospace" truncate title={root.path}>
        {root.path}
      </Text>
      {root.projects.map((project) => (
        <UnstyledButton key={project} className={classes.item} disabled={busy} onClick={() => void openInRoot(root.id, project)} data-testid="workspace-project">
          <Text size="sm" fw={500} truncate>
            {project}
          </Text>
        </UnstyledButton>
      ))}
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput
          style={{ flex: 1 }}
          label="New project"
          description="A folder of this name is made here."
          placeholder="credit-risk"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') create();
          }}
          data-testid="new-project-name"
          spellCheck={false}
        />
        <Button leftSection={<FolderPlus size={16} />} variant="default" onClick={create} disabled={busy || !name.trim()} data-testid="create-project">
          Create
        </Button>
      </Group>
    </Stack>
  );
}

export function WorkspaceProjects() {
  const roots = useProject((s) => s.roots);
  const canPick = useProject((s) => s.canPickFolder);
  if (roots.length === 0) {
    return canPick ? null : (
      <Text size="sm" c="dimmed" data-testid="no-workspace">
        To create projects from this window, start Airlock with a workspace folder: <code>airlock serve --workspace DIR</code>.
      </Text>
    );
  }
  return (
    <Stack gap="md">
      {roots.map((root) => (
        <RootCard key={root.id} root={root} />
      ))}
    </Stack>
  );
}
