// First screen when no project is open: sample project, create or open a folder, and recent projects.
import { Badge, Button, Card, Center, Divider, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { FolderOpen, FolderPlus, Sparkles } from 'lucide-react';
import { useState } from 'react';
import { ErrorBanner } from '../../components/error-banner';
import { useProject } from '../../stores';
import { RecentProjects } from './recent-projects';

function FolderActions() {
  const busy = useProject((s) => s.busy);
  const canPick = useProject((s) => s.canPickFolder);
  const pickFolder = useProject((s) => s.pickFolder);
  const create = useProject((s) => s.create);
  const open = useProject((s) => s.open);
  const [path, setPath] = useState('');

  const withFolder = (action: (p: string) => Promise<void>) => async () => {
    const folder = canPick ? await pickFolder() : path.trim();
    if (folder) await action(folder);
  };

  return (
    <Stack gap="xs">
      {!canPick && (
        <TextInput
          label="Project folder"
          description="A folder on this machine; a new project creates it."
          placeholder="/home/me/projects/credit-risk"
          value={path}
          onChange={(e) => setPath(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && path.trim()) void open(path.trim());
          }}
          data-testid="project-path"
          spellCheck={false}
        />
      )}
      <Group grow gap="xs">
        <Button
          leftSection={<FolderPlus size={16} />}
          variant="default"
          onClick={withFolder(create)}
          disabled={busy || (!canPick && !path.trim())}
          data-testid="create-project"
        >
          Create project
        </Button>
        <Button
          leftSection={<FolderOpen size={16} />}
          variant="default"
          onClick={withFolder(open)}
          disabled={busy || (!canPick && !path.trim())}
          data-testid="open-project"
        >
          Open project
        </Button>
      </Group>
    </Stack>
  );
}

export function WelcomePage() {
  const busy = useProject((s) => s.busy);
  const error = useProject((s) => s.error);
  const dismissError = useProject((s) => s.dismissError);
  const openSample = useProject((s) => s.openSample);

  return (
    <Center mih="100vh" bg="gray.0" p="md" data-testid="welcome">
      <Stack w={860} gap="md">
        <Group justify="space-between" align="flex-end">
          <div>
            <Title order={2}>Airlock</Title>
            <Text c="dimmed" size="sm">
              Offline workbench for data, models and evidence. Nothing leaves this machine.
            </Text>
          </div>
          <Badge variant="light" color="teal">
            offline
          </Badge>
        </Group>
        <ErrorBanner error={error} onClose={dismissError} />
        <Group align="stretch" grow gap="md">
          <Card withBorder padding="lg">
            <Stack gap="md">
              <div>
                <Text fw={600}>Start</Text>
                <Text size="sm" c="dimmed">
                  A project is a folder you can copy across the air gap.
                </Text>
              </div>
              <Button
                size="md"
                leftSection={<Sparkles size={18} />}
                onClick={() => void openSample()}
                loading={busy}
                data-testid="open-sample"
              >
                Open sample project
              </Button>
              <Divider label="or use a folder" labelPosition="center" />
              <FolderActions />
            </Stack>
          </Card>
          <Card withBorder padding="lg">
            <Text fw={600} mb="xs">
              Recent projects
            </Text>
            <RecentProjects />
          </Card>
        </Group>
      </Stack>
    </Center>
  );
}
