// Import an .onnx file as a model (or as the next version of one): file, name, description, then the outcome. A file
// that runs code on load (pickle, joblib, .pt) is refused by the host, and the refusal shows in one line.
import { Alert, Anchor, Button, Card, Group, Stack, TextInput } from '@mantine/core';
import { Upload } from 'lucide-react';
import { useEffect, useState } from 'react';
import { fileNameOf } from '../../api';
import { FileChoice, type ChosenFile } from '../../components/file-choice';
import { Progress } from '../../components/progress';
import { useModels } from '../../stores';
import { AuthorInput } from './author-input';
import { goToModels } from './models-routes';
import { OneLineError } from './one-line-error';

/** a model name from a file name: its stem, with characters the contract refuses replaced */
function nameFromFile(fileName: string): string {
  return fileName
    .replace(/\.[^.]+$/, '')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .slice(0, 120);
}

function ImportOutcome() {
  const outcome = useModels((s) => s.importOutcome);
  const dismiss = useModels((s) => s.dismissImportOutcome);
  if (!outcome) return null;
  if (outcome.kind === 'failed') return <OneLineError error={outcome.error} onClose={dismiss} testId="model-import-refused" />;
  const r = outcome.result;
  return (
    <Alert color="teal" variant="light" withCloseButton onClose={dismiss} data-testid="model-import-succeeded" title={r.reused ? 'Already imported' : 'Imported'}>
      <Anchor size="sm" component="button" onClick={() => goToModels({ page: 'version', name: r.model, version: r.version, tab: 'overview' })} data-testid="model-import-open">
        {r.model} v{r.version}
      </Anchor>{' '}
      · {r.inputs.length} input{r.inputs.length === 1 ? '' : 's'} · {r.outputs.length} output{r.outputs.length === 1 ? '' : 's'}
      {r.opset !== null && ` · opset ${r.opset}`}
      {r.reused && ' · identical to the latest version, so no new version was made'}
    </Alert>
  );
}

export function ModelImportPanel() {
  const task = useModels((s) => s.importTask);
  const hostPicksFiles = useModels((s) => s.hostPicksFiles);
  const pickFile = useModels((s) => s.pickFile);
  const importModel = useModels((s) => s.importModel);
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [author, setAuthor] = useState('');
  const busy = task !== null;
  const dismissOutcome = useModels((s) => s.dismissImportOutcome);
  // an outcome belongs to the visit that started it: coming back later shows the list, not an old refusal
  useEffect(() => dismissOutcome, [dismissOutcome]);

  const choose = (chosen: ChosenFile) => {
    setFile(chosen);
    if (!name.trim()) setName(nameFromFile(fileNameOf(chosen)));
  };

  const submit = () => {
    if (!file || !name.trim()) return;
    void importModel(name.trim(), { description: description.trim(), author: author.trim() }, file);
    setFile(null);
    setName('');
    setDescription('');
  };

  return (
    <Card withBorder padding="sm" data-testid="model-import-panel">
      <Stack gap="sm">
        <Group align="flex-end" gap="sm" wrap="nowrap">
          {/* any file may be picked, so a pickle is refused with the host's reason rather than hidden by the dialog */}
          <FileChoice
            label="ONNX file, from any exporter"
            description="pickle, joblib and .pt files are refused"
            file={file}
            onChoose={choose}
            disabled={busy}
            pickFile={hostPicksFiles ? pickFile : null}
            testId="model-import"
          />
          <TextInput
            label="Model name"
            description="An existing name adds a version"
            placeholder="churn"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            disabled={busy}
            w={220}
            data-testid="model-import-name"
          />
          <TextInput
            label="Description"
            description="Optional"
            placeholder="what it predicts"
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Enter' && submit()}
            disabled={busy}
            w={220}
            data-testid="model-import-description"
          />
          <AuthorInput value={author} onChange={setAuthor} disabled={busy} w={170} testId="model-import-author" />
          <Button leftSection={<Upload size={16} />} onClick={submit} disabled={busy || !file || !name.trim()} data-testid="model-import-start">
            Import
          </Button>
        </Group>
        {task && (
          <Progress
            testId="model-import-progress"
            label={task.phase === 'uploading' ? `Uploading ${task.fileName}` : `Inspecting ${task.fileName} as “${task.name}”`}
            fraction={task.uploadFraction}
            etaSeconds={null}
            message={task.phase === 'uploading' ? 'Sending the file to the host' : 'Validating and storing'}
          />
        )}
        <ImportOutcome />
      </Stack>
    </Card>
  );
}
