// First screen when no project is open: sample project, projects in the workspace roots (or, in the desktop app, any
// folder through the dialog), and recent projects.
import { Badge, Button, Card, Center, Divider, Group, Stack, Text, Title } from '@mantine/core';
import { FolderOpen, FolderPlus, Sparkles } from 'lucide-react';
import { ErrorBanner } from '../../components/error-banner';
import { useProject } from '../../stores';
import { RecentProjects } from './recent-projects';
import { WorkspaceProjects } from './workspace-projects';

/** Electron: create or open a project in any folder chosen in the native dialog. */
function DialogActions() {
  const busy = useProject((s) => s.busy);
  const canPick = useProject((s) => s.canPickFolder);
  const pickAndCreate = useProject((s) => s.pickAndCreate);
  const pickAndOpen = useProject((s) => s.pickAndOpen);
  if (!canPick) return null;
  return (
    <Group grow gap="xs">
      <Button leftSection={<FolderPlus size={16} />} variant="default" onClick={() => void pickAndCreate()} disabled={busy} data-testid="create-project-dialog">
        Create project…
      </Button>
      <Button leftSection={<FolderOpen size={16} />} variant="default" onClick={() => void pickAndOpen()} disabled={busy} data-testid="open-project-dialog">
        Open project…
      </Button>
    </Group>
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
              <DialogActions />
              <WorkspaceProjects />
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
