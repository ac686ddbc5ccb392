// "Register model…" on a finished run (a study's best trial is a run too): a run keeps its model as an artifact, and a
// person names the model it enters the registry as, a new one or the next version of an existing one.
import { Anchor, Autocomplete, Button, Group, Popover, Stack, Textarea } from '@mantine/core';
import { PackagePlus } from 'lucide-react';
import { useMemo, useState } from 'react';
import type { AppError } from '../../../../shared/errors';
import { useExperiments, useModels } from '../../stores';
import { AuthorInput } from './author-input';
import { OneLineError } from './one-line-error';
import { goToModels, splitVersionId } from './models-routes';

/** a model name to start from: the training data's name and the target, as the contract accepts a name */
export function suggestedModelName(datasetVersion: string | null, target: string | null): string {
  const dataset = datasetVersion ? (splitVersionId(datasetVersion)?.name ?? datasetVersion) : 'model';
  return `${dataset}-${target ?? 'model'}`
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .slice(0, 120);
}

export function RegisterModelAction({ runId, suggestedName, label = 'Register model…' }: { runId: string; suggestedName: string; label?: string }) {
  const register = useModels((s) => s.register);
  const list = useModels((s) => s.list);
  const names = useMemo(() => list.map((m) => m.name), [list]);
  const loadModels = useModels((s) => s.loadList);
  const registered = useModels((s) => s.registered[runId]);
  const reloadRun = useExperiments((s) => s.loadRun);
  const [opened, setOpened] = useState(false);
  const [name, setName] = useState(suggestedName);
  const [description, setDescription] = useState('');
  const [author, setAuthor] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<AppError | null>(null);

  const submit = async () => {
    if (!name.trim() || busy) return;
    setBusy(true);
    setRefusal(null);
    const outcome = await register(runId, name.trim(), { description: description.trim(), author: author.trim() });
    setBusy(false);
    if (outcome.ok) {
      setOpened(false);
      setDescription('');
      // the run page names the version its model was registered as
      void reloadRun(runId, true);
    } else {
      setRefusal(outcome.error);
    }
  };

  return (
    <Group gap={6} wrap="nowrap">
      {registered && (
        <Anchor
          size="sm"
          component="button"
          onClick={() => goToModels({ page: 'version', name: registered.name, version: registered.version, tab: 'overview' })}
          data-testid="register-model-done"
        >
          registered as {registered.name} v{registered.version}
        </Anchor>
      )}
      <Popover
        opened={opened}
        onChange={setOpened}
        position="bottom-end"
        width={360}
        shadow="md"
        trapFocus
        transitionProps={{ duration: 0 }}
        onOpen={() => void loadModels()}
      >
        <Popover.Target>
          <Button size="xs" variant="light" leftSection={<PackagePlus size={14} />} onClick={() => setOpened((o) => !o)} data-testid="register-model">
            {label}
          </Button>
        </Popover.Target>
        <Popover.Dropdown data-testid="register-model-form">
          <Stack gap="xs">
            <Autocomplete
              size="xs"
              label="Model name"
              description="A new model, or an existing one to add a version to"
              data={names}
              value={name}
              onChange={setName}
              data-testid="register-model-name"
            />
            <Textarea size="xs" label="Description" placeholder="Optional" autosize minRows={2} maxRows={5} value={description} onChange={(e) => setDescription(e.currentTarget.value)} data-testid="register-model-description" />
            <AuthorInput size="xs" value={author} onChange={setAuthor} testId="register-model-author" />
            {refusal && <OneLineError error={refusal} testId="register-model-refused" />}
            <Group justify="flex-end">
              <Button size="xs" disabled={!name.trim()} loading={busy} onClick={() => void submit()} data-testid="register-model-submit">
                Register
              </Button>
            </Group>
          </Stack>
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
}
