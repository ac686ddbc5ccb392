// Import a file as a dataset (or as a new version of one): file choice, name, live progress with Cancel, outcome.
import { Alert, Anchor, Button, Card, Group, Stack, TextInput } from '@mantine/core';
import { Upload } from 'lucide-react';
import { useState } from 'react';
import { fileNameOf } from '../../api';
import { navigate } from '../../app/routes';
import { ErrorBanner } from '../../components/error-banner';
import { FileChoice, type ChosenFile } from '../../components/file-choice';
import { formatCount } from '../../components/format';
import { Progress } from '../../components/progress';
import { useDatasets } from '../../stores';

/** a dataset name from a file name: its stem, with characters the contract refuses replaced */
function nameFromFile(fileName: string): string {
  return fileName
    .replace(/\.[^.]+$/, '')
    .replace(/[^\p{L}\p{N} ._-]+/gu, '_')
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .slice(0, 120);
}

function ImportProgress() {
  const task = useDatasets((s) => s.importTask);
  const cancel = useDatasets((s) => s.cancelImport);
  const [cancelling, setCancelling] = useState(false);
  if (!task) return null;
  const uploading = task.phase === 'uploading';
  return (
    <Progress
      testId="import-progress"
      label={uploading ? `Uploading ${task.fileName}` : `Importing ${task.fileName} as “${task.name}”`}
      fraction={uploading ? task.uploadFraction : (task.job?.fraction ?? 0)}
      etaSeconds={uploading ? null : (task.job?.etaSeconds ?? null)}
      message={uploading ? 'Sending the file to the host' : task.job?.message}
      cancelling={cancelling}
      onCancel={() => {
        setCancelling(true);
        void cancel().finally(() => setCancelling(false));
      }}
    />
  );
}

function ImportOutcome() {
  const outcome = useDatasets((s) => s.importOutcome);
  const dismiss = useDatasets((s) => s.dismissOutcome);
  if (!outcome) return null;
  if (outcome.kind === 'failed') return <ErrorBanner error={outcome.error} onClose={dismiss} />;
  if (outcome.kind === 'cancelled') {
    return (
      <Alert color="orange" variant="light" withCloseButton onClose={dismiss} data-testid="import-cancelled" title="Import cancelled">
        Nothing was stored for “{outcome.name}”.
      </Alert>
    );
  }
  const r = outcome.result;
  return (
    <Alert color="teal" variant="light" withCloseButton onClose={dismiss} data-testid="import-succeeded" title={r.reused ? 'Already imported' : 'Imported'}>
      <Anchor size="sm" component="button" onClick={() => navigate({ page: 'dataset', name: r.dataset, version: r.version, tab: 'profile' })}>
        {r.dataset} v{r.version}
      </Anchor>{' '}
      · {formatCount(r.rows)} rows · {r.columns} columns
      {r.reused && ' · identical to an existing version, so no new version was made'}
    </Alert>
  );
}

export function ImportPanel() {
  const busy = useDatasets((s) => s.importTask !== null);
  const hostPicksFiles = useDatasets((s) => s.hostPicksFiles);
  const pickFile = useDatasets((s) => s.pickFile);
  const startImport = useDatasets((s) => s.startImport);
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [name, setName] = useState('');

  const choose = (chosen: ChosenFile) => {
    setFile(chosen);
    if (!name.trim()) setName(nameFromFile(fileNameOf(chosen)));
  };

  const submit = () => {
    if (!file || !name.trim()) return;
    void startImport(name.trim(), file);
    setFile(null);
    setName('');
  };

  return (
    <Card withBorder padding="sm" data-testid="import-panel">
      <Stack gap="sm">
        <Group align="flex-end" gap="sm" wrap="nowrap">
          <FileChoice
            label="File"
            description="CSV, TSV or Parquet, any size"
            file={file}
            onChoose={choose}
            disabled={busy}
            pickFile={hostPicksFiles ? pickFile : null}
            accept=".csv,.tsv,.txt,.parquet"
            testId="import"
          />
          <TextInput
            label="Dataset name"
            description="An existing name adds a new version"
            placeholder="customers"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Enter' && submit()}
            disabled={busy}
            w={280}
            data-testid="import-name"
          />
          <Button leftSection={<Upload size={16} />} onClick={submit} disabled={busy || !file || !name.trim()} data-testid="import-start">
            Import
          </Button>
        </Group>
        <ImportProgress />
        <ImportOutcome />
      </Stack>
    </Card>
  );
}
