// Export of the shown dataset version as CSV: a button that starts the export job, its progress with Cancel, and
// what came of it (with the file's SHA-256, as the audit log records it).
import { Alert, Button, Code } from '@mantine/core';
import { Download } from 'lucide-react';
import { ErrorBanner } from '../../components/error-banner';
import { formatBytes, formatCount } from '../../components/format';
import { Progress } from '../../components/progress';
import { useExports } from '../../stores';

export function ExportButton({ dataset, version }: { dataset: string; version: number }) {
  const busy = useExports((s) => s.task !== null);
  const start = useExports((s) => s.start);
  return (
    <Button leftSection={<Download size={16} />} variant="default" onClick={() => void start(dataset, version)} disabled={busy} data-testid="export-start">
      Export CSV
    </Button>
  );
}

export function ExportStatus() {
  const task = useExports((s) => s.task);
  const outcome = useExports((s) => s.outcome);
  const cancel = useExports((s) => s.cancel);
  const dismiss = useExports((s) => s.dismiss);
  if (task) {
    return (
      <Progress
        testId="export-progress"
        label={`Exporting ${task.dataset} v${task.version}`}
        fraction={task.job?.fraction ?? 0}
        etaSeconds={task.job?.etaSeconds ?? null}
        message={task.job?.message}
        cancelling={task.cancelling}
        onCancel={() => void cancel()}
      />
    );
  }
  if (!outcome) return null;
  if (outcome.kind === 'failed') return <ErrorBanner error={outcome.error} onClose={dismiss} />;
  if (outcome.kind === 'cancelled') {
    return (
      <Alert color="orange" variant="light" withCloseButton onClose={dismiss} data-testid="export-cancelled" title="Export cancelled">
        No file was written for {outcome.label}.
      </Alert>
    );
  }
  const r = outcome.result;
  return (
    <Alert color="teal" variant="light" withCloseButton onClose={dismiss} data-testid="export-succeeded" title={r.downloadId ? 'Exported: see your downloads' : 'Exported'}>
      {r.destination} · {formatCount(r.rows)} rows · {formatBytes(r.bytes)} · sha256 <Code>{r.sha256.slice(0, 16)}</Code>
    </Alert>
  );
}
