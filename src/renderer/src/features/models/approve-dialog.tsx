// "Approve for alias…": who approves (a local user and the passphrase that unlocks their key, never stored), which
// alias, why, and which of this version's evaluations they viewed. A refusal (four eyes, a wrong passphrase) shows
// in one line and keeps the dialog open.
import { Button, Checkbox, Code, Group, Modal, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { EvaluationSummary } from '../../../../shared/evaluations';
import type { AppError } from '../../../../shared/errors';
import { aliasName } from '../../../../shared/models';
import { formatTime } from '../../components/format';
import { SignerFields } from '../../components/signer-fields';
import { useModels } from '../../stores';
import { OneLineError } from './one-line-error';

type AliasChoice = 'champion' | 'challenger' | 'custom';

export function ApproveDialog({
  opened,
  onClose,
  name,
  version,
  author,
  evaluations,
  alias: fixedAlias,
}: {
  opened: boolean;
  onClose: () => void;
  name: string;
  version: number;
  author: string;
  evaluations: EvaluationSummary[];
  /** the one alias this approval may move (the requirements classifier's), offered without a choice */
  alias?: string;
}) {
  const approve = useModels((s) => s.approve);
  const [choice, setChoice] = useState<AliasChoice>('champion');
  const [custom, setCustom] = useState('');
  const [user, setUser] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [reason, setReason] = useState('');
  const [evidence, setEvidence] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<AppError | null>(null);

  const alias = fixedAlias ?? (choice === 'custom' ? custom.trim() : choice);
  const aliasProblem = choice === 'custom' && custom.trim() !== '' ? (aliasName.safeParse(alias).error?.issues[0]?.message ?? null) : null;
  const ready = alias !== '' && aliasProblem === null && user.trim() !== '' && passphrase !== '' && reason.trim() !== '';

  const close = () => {
    // the passphrase is held only while the dialog is open
    setPassphrase('');
    setRefusal(null);
    onClose();
  };

  const submit = async () => {
    if (!ready || busy) return;
    setBusy(true);
    setRefusal(null);
    const outcome = await approve({ ref: `${name}@${version}`, alias, user: user.trim(), passphrase, reason: reason.trim(), evidence });
    setBusy(false);
    if (outcome.ok) {
      setReason('');
      setEvidence([]);
      close();
    } else {
      setRefusal(outcome.error);
    }
  };

  return (
    <Modal opened={opened} onClose={close} title={`Approve ${name} v${version} for an alias`} size="lg" data-testid="approve-dialog">
      <Stack gap="sm">
        <Text size="xs" c="dimmed">
          The approval is signed with the approver’s key over this version’s hash, the alias, the reason and the hashes of the evidence, and goes to the audit log. The
          approver must not be the version’s author ({author}).
        </Text>
        <div>
          <Text size="sm" fw={500} mb={4}>
            Alias
          </Text>
          {fixedAlias !== undefined ? (
            <Code data-testid="approve-fixed-alias">{fixedAlias}</Code>
          ) : (
            <Group gap="xs" wrap="nowrap">
              <SegmentedControl
                size="xs"
                value={choice}
                onChange={(v) => setChoice(v as AliasChoice)}
                data={[
                  { value: 'champion', label: 'champion' },
                  { value: 'challenger', label: 'challenger' },
                  { value: 'custom', label: 'custom…' },
                ]}
                data-testid="approve-alias"
              />
              {choice === 'custom' && (
                <TextInput size="xs" placeholder="shadow" value={custom} onChange={(e) => setCustom(e.currentTarget.value)} error={aliasProblem} aria-label="custom alias" data-testid="approve-custom-alias" />
              )}
            </Group>
          )}
        </div>
        <SignerFields userLabel="Approver" passphraseHint="Unlocks the approver’s key; never stored" user={user} passphrase={passphrase} onUserChange={setUser} onPassphraseChange={setPassphrase} testIdPrefix="approve" />
        <Textarea label="Reason" autosize minRows={2} maxRows={6} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="approve-reason" />
        <div>
          <Text size="sm" fw={500}>
            Evidence viewed
          </Text>
          <Text size="xs" c="dimmed" mb={4}>
            Cited by hash: the approval proves which reports the approver saw.
          </Text>
          {evaluations.length === 0 ? (
            <Text size="xs" c="dimmed" data-testid="approve-no-evidence">
              This version has no evaluation yet (score, benchmark, explain or compare it in the Evaluate tab).
            </Text>
          ) : (
            <Checkbox.Group value={evidence} onChange={setEvidence}>
              <Stack gap={4} data-testid="approve-evidence">
                {evaluations.map((e) => (
                  <Checkbox
                    key={e.id}
                    value={e.id}
                    size="xs"
                    label={
                      <Text size="xs" span>
                        {e.kind} · {e.title} · {formatTime(e.createdAt)} <Code fz={10}>{e.sha256.slice(0, 12)}</Code>
                      </Text>
                    }
                    data-testid="approve-evidence-item"
                  />
                ))}
              </Stack>
            </Checkbox.Group>
          )}
        </div>
        {refusal && <OneLineError error={refusal} testId="approve-refused" />}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" size="xs" onClick={close}>
            Cancel
          </Button>
          <Button size="xs" disabled={!ready} loading={busy} onClick={() => void submit()} data-testid="approve-submit">
            Sign and move {alias || 'alias'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
