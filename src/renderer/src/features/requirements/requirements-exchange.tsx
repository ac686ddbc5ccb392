// Import a .reqif, .reqifz or .csv file (uploaded in browser mode, the host's dialog in Electron) with what it did
// and its warnings; export the shown document as ReqIF, ReqIFZ or CSV (a download in browser mode).
import { Alert, Button, Group, List, Select, Text } from '@mantine/core';
import { Download, Upload } from 'lucide-react';
import { useEffect, useState } from 'react';
import { FileChoice, type ChosenFile } from '../../components/file-choice';
import { formatBytes, formatCount } from '../../components/format';
import { Progress } from '../../components/progress';
import { useRequirements } from '../../stores';
import type { ExchangeFormat } from '../../stores/requirements-store';
import { OneLineError } from '../models/one-line-error';

/** warnings listed one per line; the rest are counted */
const WARNINGS_SHOWN = 8;

const formats: { value: ExchangeFormat; label: string }[] = [
  { value: 'reqif', label: 'ReqIF (.reqif)' },
  { value: 'reqifz', label: 'ReqIFZ (with attachments)' },
  { value: 'csv', label: 'CSV' },
];

function ImportOutcome() {
  const outcome = useRequirements((s) => s.importOutcome);
  const dismiss = useRequirements((s) => s.dismissImportOutcome);
  if (!outcome) return null;
  if (outcome.kind === 'failed') return <OneLineError error={outcome.error} onClose={dismiss} testId="requirements-import-refused" />;
  const s = outcome.summary;
  return (
    <Alert color="teal" variant="light" p="xs" withCloseButton onClose={dismiss} data-testid="requirements-import-succeeded">
      <Text size="sm" data-testid="requirements-import-summary">
        {outcome.fileName}: {formatCount(s.documents)} document{s.documents === 1 ? '' : 's'}, {formatCount(s.requirements)} requirements ({formatCount(s.created)} new,{' '}
        {formatCount(s.revised)} revised), {formatCount(s.relations)} relations, {formatCount(s.hierarchy_nodes)} hierarchy nodes
        {s.attachments > 0 && `, ${formatCount(s.attachments)} attachments`}
      </Text>
      {s.warnings.length > 0 && (
        <List size="xs" mt={4} data-testid="requirements-import-warnings">
          {s.warnings.slice(0, WARNINGS_SHOWN).map((w, i) => (
            <List.Item key={i}>
              <b>{w.code}</b> {w.identifier}: {w.message}
            </List.Item>
          ))}
          {s.warnings.length > WARNINGS_SHOWN && <List.Item>and {formatCount(s.warnings.length - WARNINGS_SHOWN)} more</List.Item>}
        </List>
      )}
    </Alert>
  );
}

export function RequirementsImport() {
  const task = useRequirements((s) => s.importTask);
  const hostPicksFiles = useRequirements((s) => s.hostPicksFiles);
  const pickFile = useRequirements((s) => s.pickFile);
  const importFile = useRequirements((s) => s.importFile);
  const [file, setFile] = useState<ChosenFile | null>(null);
  const submit = () => {
    if (!file) return;
    void importFile(file);
    setFile(null);
  };
  return (
    <Group align="flex-end" gap="sm" wrap="nowrap" style={{ flex: '1 1 0', minWidth: 0 }}>
      <FileChoice
        label="Import requirements"
        description=".reqif, .reqifz or .csv (id, text; optional title, level, parent)"
        file={file}
        onChoose={setFile}
        disabled={task !== null}
        pickFile={hostPicksFiles ? pickFile : null}
        accept=".reqif,.reqifz,.csv,.xml"
        testId="requirements-import"
      />
      <Button leftSection={<Upload size={16} />} onClick={submit} disabled={task !== null || !file} data-testid="requirements-import-start">
        Import
      </Button>
    </Group>
  );
}

/** the running import's progress, then what it did */
export function RequirementsImportStatus() {
  const task = useRequirements((s) => s.importTask);
  const dismissOutcome = useRequirements((s) => s.dismissImportOutcome);
  // an outcome belongs to the visit that started it
  useEffect(() => dismissOutcome, [dismissOutcome]);
  return (
    <>
      {task && (
        <Progress
          testId="requirements-import-progress"
          label={task.phase === 'uploading' ? `Uploading ${task.fileName}` : `Reading ${task.fileName}`}
          fraction={task.uploadFraction}
          etaSeconds={null}
          message={task.phase === 'uploading' ? 'Sending the file to the host' : 'Storing its requirements as revisions'}
        />
      )}
      <ImportOutcome />
    </>
  );
}

export function RequirementsExport({ document }: { document: string | null }) {
  const exporting = useRequirements((s) => s.exporting);
  const exportDocument = useRequirements((s) => s.exportDocument);
  const [format, setFormat] = useState<ExchangeFormat>('reqif');
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <Select
        size="sm"
        label="Export"
        data={formats}
        value={format}
        onChange={(v) => setFormat(formats.find((f) => f.value === v)?.value ?? 'reqif')}
        allowDeselect={false}
        w={200}
        data-testid="requirements-export-format"
      />
      <Button variant="default" leftSection={<Download size={16} />} loading={exporting} disabled={document === null} onClick={() => void exportDocument(format, document)} data-testid="requirements-export-start">
        Export
      </Button>
    </Group>
  );
}

export function RequirementsExported() {
  const exported = useRequirements((s) => s.exported);
  if (!exported) return null;
  return (
    <Text size="xs" c="dimmed" data-testid="requirements-exported">
      Wrote {exported.shown} ({formatBytes(exported.bytes)}; {formatCount(exported.requirements)} requirements, {formatCount(exported.relations)} relations), SHA-256{' '}
      {exported.sha256.slice(0, 16)}…
    </Text>
  );
}
