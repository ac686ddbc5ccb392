// Approvals as people read them: the signed history of a model's alias moves (approver, reason, evidence, time), and
// the offline check of every approval's signature with its verdict.
import { Alert, Anchor, Badge, Button, Card, Group, Stack, Table, Text } from '@mantine/core';
import { ShieldCheck } from 'lucide-react';
import type { ApprovalInfo } from '../../../../shared/models';
import { formatTime } from '../../components/format';
import { useModels } from '../../stores';
import { goToModels } from './models-routes';

export function ApprovalsTable({ approvals }: { approvals: ApprovalInfo[] }) {
  if (approvals.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="approvals-empty">
        No approval yet: an alias moves only when someone other than the version’s author approves it.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table fz="xs" verticalSpacing={4} data-testid="approvals-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Alias</Table.Th>
            <Table.Th>Version</Table.Th>
            <Table.Th>Approver</Table.Th>
            <Table.Th>Reason</Table.Th>
            <Table.Th>Evidence</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {approvals.map((a) => (
            <Table.Tr key={a.id} data-testid="approval-row" data-alias={a.alias}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(a.at)}</Table.Td>
              <Table.Td>
                <Badge size="xs" variant="light" tt="none">
                  {a.alias}
                </Badge>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Anchor size="xs" component="button" onClick={() => goToModels({ page: 'version', name: a.model, version: a.version, tab: 'overview' })}>
                  v{a.version}
                </Anchor>
                {a.previousVersion !== null && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    (was v{a.previousVersion})
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="xs" fw={600} span>
                  {a.approver}
                </Text>
                <Text size="10px" c="dimmed" ff="monospace" title={a.approverFingerprint}>
                  {a.approverFingerprint.slice(0, 16)}
                </Text>
              </Table.Td>
              <Table.Td maw={280}>{a.reason}</Table.Td>
              <Table.Td>
                {a.evidence.length === 0 ? (
                  <Text size="xs" c="dimmed">
                    none cited
                  </Text>
                ) : (
                  <Stack gap={0}>
                    {a.evidence.map((e) => (
                      <Anchor
                        key={e.id}
                        size="xs"
                        component="button"
                        ta="left"
                        onClick={() => e.kind !== 'drift' && goToModels({ page: 'evaluation', id: e.id })}
                        title={`SHA-256 ${e.sha256}`}
                        data-testid="approval-evidence"
                      >
                        {e.kind} · {e.sha256.slice(0, 12)}
                      </Anchor>
                    ))}
                  </Stack>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function VerificationResult() {
  const verification = useModels((s) => s.verification);
  if (!verification) return null;
  if (verification.ok) {
    return (
      <Alert color="teal" variant="light" p="xs" data-testid="verify-approvals-ok">
        {verification.checked === 0
          ? 'There is no approval to check yet.'
          : `All ${verification.checked} approval signature${verification.checked === 1 ? ' is' : 's are'} valid: each was signed by its approver’s key over the version hash, alias, reason and evidence.`}
      </Alert>
    );
  }
  const bad = verification.firstBad;
  return (
    <Alert color="red" variant="light" p="xs" data-testid="verify-approvals-bad">
      {bad
        ? `${bad.model}@${bad.version} → ${bad.alias}, approved by ${bad.approver}, fails: ${bad.problem ?? 'the signature does not verify'}`
        : 'An approval fails verification.'}{' '}
      ({verification.approvals.filter((a) => !a.ok).length} of {verification.checked} fail)
    </Alert>
  );
}

export function ApprovalsVerification() {
  const verify = useModels((s) => s.verify);
  const verifying = useModels((s) => s.verifying);
  return (
    <Card withBorder padding="sm" data-testid="verify-approvals">
      <Group justify="space-between" wrap="nowrap" mb={6}>
        <Text size="sm" c="dimmed">
          Check every approval in this project against its approver’s public key, offline.
        </Text>
        <Button size="xs" variant="default" leftSection={<ShieldCheck size={14} />} loading={verifying} onClick={() => void verify()} data-testid="verify-approvals-button">
          Verify approvals
        </Button>
      </Group>
      <VerificationResult />
    </Card>
  );
}
