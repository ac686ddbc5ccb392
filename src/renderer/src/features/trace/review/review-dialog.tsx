// Clear a suspect link (it still holds: say why) or re-verify it (new evidence, or the same target looked at again:
// say what it shows). Both re-stamp the link against both sides as they are now; a refusal stays in the dialog.
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { AppError } from '../../../../../shared/errors';
import type { TraceLinkInfo, TraceTarget } from '../../../../../shared/trace';
import { TRACE_TARGET_KINDS } from '../../../../../shared/trace-matrix';
import { useTraceReview } from '../../../stores';
import { OneLineError } from '../../models/one-line-error';
import { TargetPicker } from './target-picker';

export type ReviewMode = 'clear' | 'reverify';

function ReviewForm({ link, mode, onDone }: { link: TraceLinkInfo; mode: ReviewMode; onDone: () => void }) {
  const clear = useTraceReview((s) => s.clear);
  const reverify = useTraceReview((s) => s.reverify);
  const busy = useTraceReview((s) => s.busy);
  const [reason, setReason] = useState('');
  const [evidence, setEvidence] = useState<TraceTarget | null>(null);
  const [refusal, setRefusal] = useState<AppError | null>(null);
  const submit = async () => {
    setRefusal(null);
    const outcome = mode === 'clear' ? await clear(link.id, reason) : await reverify(link.id, evidence, reason);
    if (outcome.ok) onDone();
    else setRefusal(outcome.error);
  };
  return (
    <Stack gap="xs">
      <Text size="sm">
        {link.requirement} <b>{link.type}</b> {link.targetLabel}
      </Text>
      {mode === 'reverify' && (
        <TargetPicker
          kinds={TRACE_TARGET_KINDS}
          value={evidence}
          onChange={setEvidence}
          label="New evidence (empty: the same target, looked at again)"
          placeholder="search evaluations, drift reports, models…"
          testId="reverify-evidence"
        />
      )}
      <Textarea
        size="xs"
        label={mode === 'clear' ? 'Why the link still holds' : 'What the evidence shows'}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        autosize
        minRows={2}
        data-testid="review-reason"
      />
      {refusal && <OneLineError error={refusal} onClose={() => setRefusal(null)} testId="review-refused" />}
      <Group justify="flex-end" gap="xs">
        <Button size="xs" variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button size="xs" onClick={() => void submit()} loading={busy} disabled={reason.trim() === ''} data-testid="review-submit">
          {mode === 'clear' ? 'Clear' : 'Re-verify'}
        </Button>
      </Group>
    </Stack>
  );
}

/** `link` and `mode` stay set while the dialog closes, so its title and body do not change as it fades out */
export function ReviewDialog({ opened, link, mode, onClose }: { opened: boolean; link: TraceLinkInfo | null; mode: ReviewMode; onClose: () => void }) {
  return (
    <Modal opened={opened && link !== null} onClose={onClose} title={mode === 'clear' ? 'Clear the suspect link' : 'Re-verify the link'} size="lg" data-testid="review-dialog">
      {link && <ReviewForm key={`${link.id}:${mode}`} link={link} mode={mode} onDone={onClose} />}
    </Modal>
  );
}
