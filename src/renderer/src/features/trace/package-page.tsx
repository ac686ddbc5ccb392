// Traceability: the signed audit package. Which standards to report on, which model versions to include, who signs
// (a local user and the passphrase that unlocks their key, sent once and never kept), then the export as a job with
// progress, ETA and Cancel, and the result: the file, its SHA-256, the signer, coverage per standard and every file
// inside. In browser mode the zip arrives as a download.
import { Badge, Button, Card, Checkbox, Code, Group, MultiSelect, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { AUDIT_STANDARDS, type AuditPackageResult, type AuditStandard } from '../../../../shared/trace';
import { ErrorBanner } from '../../components/error-banner';
import { JobTaskPanel } from '../../components/job-task-panel';
import { SignerFields } from '../../components/signer-fields';
import { useAuditPackage } from '../../stores';
import type { TraceRoute } from './trace-routes';

const STANDARD_NAMES: Record<AuditStandard, string> = {
  annex4: 'EU AI Act, Annex IV',
  iec62304: 'IEC 62304',
  iso26262: 'ISO 26262 part 6',
  do178c: 'DO-178C',
};

function PackageResult({ result }: { result: AuditPackageResult }) {
  return (
    <Card withBorder padding="sm" data-testid="package-result">
      <Stack gap="xs">
        <Text fw={600} data-testid="package-result-file">
          {result.shown}
        </Text>
        <Text size="sm">
          {result.files.length} files, {result.bytes.toLocaleString('en-US')} bytes, signed by {result.signer.user} (key <Code>{result.signer.fingerprint.slice(0, 16)}</Code>)
        </Text>
        <Text size="xs" c="dimmed">
          SHA-256 <Code data-testid="package-result-sha256">{result.sha256}</Code>
        </Text>
        {result.downloadId !== null && (
          <Text size="xs" c="dimmed">
            Sent to your browser's downloads. Check it offline with <Code>airlock audit verify {result.shown}</Code>.
          </Text>
        )}
        {result.standards.length > 0 && (
          <Group gap={6}>
            {result.standards.map((s) => (
              <Badge key={s.standard} variant="light" color={s.uncovered === 0 ? 'teal' : 'orange'} data-testid={`package-standard-${s.standard}`}>
                {STANDARD_NAMES[s.standard]}: {s.covered} covered, {s.uncovered} missing
              </Badge>
            ))}
          </Group>
        )}
        <ScrollArea.Autosize mah={320}>
          <Table verticalSpacing={2} fz="xs" data-testid="package-files">
            <Table.Tbody>
              {result.files.map((f) => (
                <Table.Tr key={f}>
                  <Table.Td>
                    <Code>{f}</Code>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      </Stack>
    </Card>
  );
}

export function PackagePage(_props: { route: TraceRoute }) {
  const models = useAuditPackage((s) => s.models);
  const load = useAuditPackage((s) => s.load);
  const exportPackage = useAuditPackage((s) => s.exportPackage);
  const cancel = useAuditPackage((s) => s.cancel);
  const dismiss = useAuditPackage((s) => s.dismiss);
  const task = useAuditPackage((s) => s.task);
  const outcome = useAuditPackage((s) => s.outcome);
  const error = useAuditPackage((s) => s.error);
  const [standards, setStandards] = useState<string[]>(['annex4']);
  const [chosen, setChosen] = useState<string[]>([]);
  const [user, setUser] = useState('');
  const [passphrase, setPassphrase] = useState('');
  // read again each time the page opens: a model registered since is offered at once
  useEffect(() => {
    void load();
  }, [load]);
  const ready = task === null && user.trim() !== '' && passphrase !== '';
  const submit = () => {
    const picked = AUDIT_STANDARDS.filter((s) => standards.includes(s));
    void exportPackage({ standards: picked, models: chosen, user: user.trim(), passphrase });
    // the passphrase has gone to the host; the window keeps no copy
    setPassphrase('');
  };
  return (
    <Stack gap="sm" data-testid="package-page">
      <ErrorBanner error={error} onClose={dismiss} />
      <Card withBorder padding="sm">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            One zip a reviewer can verify offline: model cards, datasheets, the trace matrix and uncovered report, evaluation and drift reports, signed approvals,
            the audit-log excerpt, the SOUP list, the requirements as ReqIF and a report per standard (HTML and PDF), with a manifest signed by you.
          </Text>
          <Checkbox.Group label="Standards to report on" value={standards} onChange={setStandards} data-testid="package-standards">
            <Group gap="md" mt={4}>
              {AUDIT_STANDARDS.map((s) => (
                <Checkbox key={s} value={s} label={STANDARD_NAMES[s]} data-testid={`package-standard-check-${s}`} />
              ))}
            </Group>
          </Checkbox.Group>
          <MultiSelect
            label="Model versions"
            description="None chosen: every version with an alias, else each model's newest"
            data={models.map((m) => ({ value: m.id, label: m.label }))}
            value={chosen}
            onChange={setChosen}
            searchable
            clearable
            data-testid="package-models"
          />
          <SignerFields userLabel="Signed by" passphraseHint="Unlocks the user's key for this export only" user={user} passphrase={passphrase} onUserChange={setUser} onPassphraseChange={setPassphrase} testIdPrefix="package" />
          <Group>
            <Button disabled={!ready} onClick={submit} data-testid="package-export">
              Export audit package
            </Button>
          </Group>
        </Stack>
      </Card>
      <JobTaskPanel task={task} outcome={outcome} onCancel={() => void cancel()} onDismiss={dismiss} testId="package" succeeded={(result) => <PackageResult result={result} />} />
    </Stack>
  );
}
