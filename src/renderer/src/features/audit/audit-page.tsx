// The Audit log page: the hash-chained entries, newest first, and a check that the chain is intact.
import { Alert, Button, Code, Stack, Table, Text } from '@mantine/core';
import { ShieldAlert, ShieldCheck } from 'lucide-react';
import { useEffect } from 'react';
import type { LogVerification } from '../../../../shared/domain';
import { PageHeader } from '../../app/page-header';
import { ErrorBanner } from '../../components/error-banner';
import { formatCount, formatTime } from '../../components/format';
import { useAudit } from '../../stores';

function VerificationResult({ result }: { result: LogVerification }) {
  if (result.ok) {
    return (
      <Alert color="teal" variant="light" py={8} icon={<ShieldCheck size={18} />} data-testid="audit-verify-result">
        <Text size="sm">
          <b>Chain intact</b> · all {formatCount(result.entries)} entries hash-link to their predecessors
          {result.anchors ? (
            `, and ${formatCount(result.anchors)} signed ${result.anchors === 1 ? 'anchor holds' : 'anchors hold'} (each signature checks and its entry is still in the log).`
          ) : (
            <>
              . No user has signed its head yet: <code>airlock audit anchor</code> signs it, so a rewrite of the whole file is caught too.
            </>
          )}
        </Text>
      </Alert>
    );
  }
  return (
    <Alert color="red" variant="light" py={8} icon={<ShieldAlert size={18} />} data-testid="audit-verify-result">
      <Text size="sm">
        <b>Chain broken</b> · first bad entry #{result.firstBad?.seq}: {result.firstBad?.reason}. Entries from there on cannot be trusted.
      </Text>
    </Alert>
  );
}

/** an entry's details on one line: key=value pairs for objects, the value itself otherwise */
function details(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object' || Array.isArray(value)) return JSON.stringify(value);
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k}=${typeof v === 'string' && /^[0-9a-f]{40,}$/.test(v) ? `${v.slice(0, 12)}…` : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join('  ');
}

export function AuditPage() {
  const entries = useAudit((s) => s.entries);
  const verification = useAudit((s) => s.verification);
  const load = useAudit((s) => s.load);
  const verify = useAudit((s) => s.verify);
  const error = useAudit((s) => s.error);
  const dismissError = useAudit((s) => s.dismissError);

  useEffect(() => {
    void load();
    void verify();
  }, [load, verify]);

  return (
    <Stack gap="md">
      <PageHeader
        title="Audit log"
        subtitle="Append-only and hash-chained: any edit of history is detectable."
        actions={
          <Button variant="default" size="xs" leftSection={<ShieldCheck size={14} />} onClick={() => void verify()} data-testid="audit-verify">
            Verify chain
          </Button>
        }
      />
      <ErrorBanner error={error} onClose={dismissError} />
      {verification && <VerificationResult result={verification} />}
      {entries.length === 0 ? (
        <Text size="sm" c="dimmed">
          No entries yet.
        </Text>
      ) : (
        <Table layout="fixed" striped highlightOnHover withTableBorder verticalSpacing={4} fz="xs" bg="white" data-testid="audit-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={60} ta="right">
                #
              </Table.Th>
              <Table.Th w={150}>When</Table.Th>
              <Table.Th w={110}>Actor</Table.Th>
              <Table.Th w={160}>Action</Table.Th>
              <Table.Th w={180}>Target</Table.Th>
              <Table.Th>Details</Table.Th>
              <Table.Th w={100}>Hash</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((e) => (
              <Table.Tr key={e.seq} data-testid="audit-row">
                <Table.Td ta="right" ff="monospace">
                  {e.seq}
                </Table.Td>
                <Table.Td>{formatTime(e.at)}</Table.Td>
                <Table.Td>{e.actor}</Table.Td>
                <Table.Td>
                  <Code fz="xs">{e.action}</Code>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }} title={e.target}>
                  {e.target}
                </Table.Td>
                <Table.Td ff="monospace" c="dimmed" style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }} title={JSON.stringify(e.details, null, 2)}>
                  {details(e.details)}
                </Table.Td>
                <Table.Td ff="monospace" title={e.hash}>
                  {e.hash.slice(0, 10)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
