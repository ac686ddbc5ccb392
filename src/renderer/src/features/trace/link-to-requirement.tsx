// "Link to requirement…" for any artifact page: the requirements that already link to this artifact (with status and
// Unlink), and a dialog to link one more: search the requirement, choose the link type, say why.
import { Badge, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { Link2 } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { AppError } from '../../../../shared/errors';
import type { TraceTarget } from '../../../../shared/trace';
import { TRACE_LINK_TYPES, type TraceLinkType } from '../../../../shared/trace-matrix';
import { useTraceReview } from '../../stores';
import { targetKey, type ReviewOutcome } from '../../stores/trace-review-store';
import { OneLineError } from '../models/one-line-error';
import { USUAL_LINK_TYPE } from './matrix/link-edits';
import { LinkCard } from './review/link-card';
import { REQUIREMENT_KINDS, TargetPicker } from './review/target-picker';
import { goToTrace } from './trace-routes';

function LinkForm({ target, onDone }: { target: TraceTarget; onDone: () => void }) {
  const link = useTraceReview((s) => s.link);
  const unlink = useTraceReview((s) => s.unlink);
  const busy = useTraceReview((s) => s.busy);
  const links = useTraceReview((s) => s.targetLinks[targetKey(target)]?.links ?? null);
  const [requirement, setRequirement] = useState<TraceTarget | null>(null);
  const [type, setType] = useState<TraceLinkType>(USUAL_LINK_TYPE[target.kind]);
  const [reason, setReason] = useState('');
  const [refusal, setRefusal] = useState<AppError | null>(null);
  const answer = (outcome: ReviewOutcome) => setRefusal(outcome.ok ? null : outcome.error);
  const submit = async () => {
    if (!requirement) return;
    const outcome = await link(requirement.id, target, type, reason);
    answer(outcome);
    if (outcome.ok) {
      setRequirement(null);
      setReason('');
    }
  };
  return (
    <Stack gap="xs">
      <TargetPicker kinds={REQUIREMENT_KINDS} value={requirement} onChange={setRequirement} label="Requirement" placeholder="search by id or title" testId="link-requirement" />
      <Group gap="xs" align="flex-end" grow>
        <Select
          size="xs"
          label="Link type"
          data={[...TRACE_LINK_TYPES]}
          value={type}
          onChange={(t) => {
            const picked = TRACE_LINK_TYPES.find((known) => known === t);
            if (picked) setType(picked);
          }}
          allowDeselect={false}
          data-testid="link-type"
        />
        <TextInput size="xs" label="Why (optional)" value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="link-reason" />
      </Group>
      {refusal && <OneLineError error={refusal} onClose={() => setRefusal(null)} testId="link-refused" />}
      <Group justify="flex-end" gap="xs">
        <Button size="xs" variant="default" onClick={onDone}>
          Close
        </Button>
        <Button size="xs" leftSection={<Link2 size={14} />} onClick={() => void submit()} loading={busy} disabled={requirement === null} data-testid="link-submit">
          Link
        </Button>
      </Group>
      <Text size="sm" fw={600}>
        Requirements linked here ({links?.length ?? '…'})
      </Text>
      <Stack gap={6} data-testid="target-links">
        {links?.map((l) => (
          <LinkCard
            key={l.id}
            link={l}
            actions={
              <>
                <Button size="compact-xs" variant="subtle" onClick={() => goToTrace({ tab: 'impact', requirement: l.requirement })} data-testid="link-open-impact">
                  Impact
                </Button>
                <Button size="compact-xs" variant="subtle" color="red" disabled={busy} onClick={() => void unlink(l.id).then(answer)} data-testid="link-unlink">
                  Unlink
                </Button>
              </>
            }
          />
        ))}
      </Stack>
    </Stack>
  );
}

export function LinkToRequirement({ target, label }: { target: TraceTarget; label: string }) {
  const [open, setOpen] = useState(false);
  const count = useTraceReview((s) => s.targetLinks[targetKey(target)]?.links.length ?? null);
  const loadTargetLinks = useTraceReview((s) => s.loadTargetLinks);
  const { kind, id } = target;
  useEffect(() => {
    void loadTargetLinks({ kind, id });
  }, [kind, id, loadTargetLinks]);
  return (
    <>
      <Button size="xs" variant="default" leftSection={<Link2 size={14} />} onClick={() => setOpen(true)} data-testid="link-to-requirement">
        Link to requirement…
        {count !== null && count > 0 && (
          <Badge size="xs" ml={6} variant="light" data-testid="link-to-requirement-count">
            {count}
          </Badge>
        )}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={`Link ${label} to a requirement`} size="xl" data-testid="link-dialog">
        {open && <LinkForm target={target} onDone={() => setOpen(false)} />}
      </Modal>
    </>
  );
}
