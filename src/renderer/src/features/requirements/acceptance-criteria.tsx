// The requirement editor's acceptance-criteria section: one line per criterion, checked as it is typed (the parse
// error with its column under the line), each stored one with its verdict badge (pass, fail, no evidence) and the
// reason naming the evidence; add and remove lines, then Save replaces them all.
import { ActionIcon, Badge, Button, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { Plus, Save, X } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import type { CriterionStatus } from '../../../../shared/acceptance-criteria';
import type { AppError } from '../../../../shared/errors';
import type { RequirementCriteriaInfo } from '../../../../shared/trace';
import { formatInstant } from '../../components/format';
import { useAcceptanceCriteria } from '../../stores';
import { OneLineError } from '../models/one-line-error';
import { checkLines, textsToSave, type DraftLine } from './criteria-draft';

/** colour AND a sign, so a verdict reads without colour vision too */
const looks: Record<CriterionStatus, { color: string; label: string }> = {
  pass: { color: 'teal', label: '✓ pass' },
  fail: { color: 'red', label: '✗ fail' },
  'no-evidence': { color: 'gray', label: '? no evidence' },
};

function VerdictBadge({ status, testId }: { status: CriterionStatus; testId: string }) {
  return (
    <Badge size="sm" variant="light" color={looks[status].color} data-testid={testId} data-status={status} style={{ flexShrink: 0 }}>
      {looks[status].label}
    </Badge>
  );
}

function CriterionLine({ line, disabled, onChange, onRemove }: { line: DraftLine; disabled: boolean; onChange: (text: string) => void; onRemove: () => void }) {
  return (
    <Stack gap={2} data-testid="criterion" data-status={line.result?.status ?? (line.error ? 'invalid' : 'unsaved')}>
      <Group gap={6} wrap="nowrap">
        {line.result ? (
          <VerdictBadge status={line.result.status} testId="criterion-verdict" />
        ) : (
          <Badge size="sm" variant="outline" color={line.error ? 'red' : 'gray'} data-testid="criterion-verdict" data-status="unsaved" style={{ flexShrink: 0 }}>
            {line.error ? 'invalid' : 'not saved'}
          </Badge>
        )}
        <TextInput
          size="xs"
          style={{ flex: 1 }}
          value={line.text}
          placeholder="recall >= 0.98 on dataset holdout"
          error={line.error !== null}
          disabled={disabled}
          onChange={(e) => onChange(e.currentTarget.value)}
          aria-label="acceptance criterion"
          data-testid="criterion-input"
        />
        <ActionIcon size="sm" variant="subtle" color="gray" onClick={onRemove} disabled={disabled} aria-label="remove criterion" data-testid="criterion-remove">
          <X size={14} />
        </ActionIcon>
      </Group>
      {line.error !== null ? (
        <Text size="xs" c="red" data-testid="criterion-error">
          {line.error}
        </Text>
      ) : (
        line.result && (
          <Text size="xs" c="dimmed" data-testid="criterion-reason">
            {line.result.reason}
          </Text>
        )
      )}
    </Stack>
  );
}

function CriteriaEditor({ info }: { info: RequirementCriteriaInfo }) {
  const save = useAcceptanceCriteria((s) => s.save);
  const saving = useAcceptanceCriteria((s) => s.saving);
  const [texts, setTexts] = useState<string[]>(() => info.criteria.map((c) => c.text));
  const [refusal, setRefusal] = useState<AppError | null>(null);
  const lines = useMemo(() => checkLines(texts, info.criteria), [texts, info.criteria]);
  const toSave = textsToSave(lines, info.criteria);
  const edit = (i: number, text: string) => setTexts((all) => all.map((t, j) => (j === i ? text : t)));
  const submit = async () => {
    if (toSave === null) return;
    setRefusal(null);
    const outcome = await save(toSave);
    if (!outcome.ok) setRefusal(outcome.error);
  };
  return (
    <Stack gap={6}>
      {lines.length === 0 && (
        <Text size="xs" c="dimmed" data-testid="criteria-none">
          No acceptance criteria. Add one a link's evidence can be checked against, such as “recall &gt;= 0.98 on dataset holdout”, “p95 latency &lt;= 20 ms on provider cpu”
          or “no drift in column age in the last window”.
        </Text>
      )}
      {lines.map((line, i) => (
        <CriterionLine key={i} line={line} disabled={saving} onChange={(text) => edit(i, text)} onRemove={() => setTexts((all) => all.filter((_, j) => j !== i))} />
      ))}
      {refusal && <OneLineError error={refusal} onClose={() => setRefusal(null)} testId="criteria-save-refused" />}
      <Group justify="space-between">
        <Button size="compact-xs" variant="subtle" leftSection={<Plus size={12} />} onClick={() => setTexts((all) => [...all, ''])} disabled={saving} data-testid="criterion-add">
          Add criterion
        </Button>
        <Button size="compact-xs" leftSection={<Save size={12} />} onClick={() => void submit()} loading={saving} disabled={toSave === null} data-testid="criteria-save">
          Save criteria
        </Button>
      </Group>
    </Stack>
  );
}

export function AcceptanceCriteria({ requirement }: { requirement: string }) {
  const info = useAcceptanceCriteria((s) => (s.requirement === requirement ? s.info : null));
  const error = useAcceptanceCriteria((s) => s.error);
  const load = useAcceptanceCriteria((s) => s.load);
  const dismissError = useAcceptanceCriteria((s) => s.dismissError);
  useEffect(() => {
    void load(requirement);
  }, [requirement, load]);
  return (
    <Stack gap={6} data-testid="acceptance-criteria" data-status={info?.status ?? 'none'}>
      <Group gap="xs">
        <Text size="sm" fw={600}>
          Acceptance criteria
        </Text>
        {info?.status && <VerdictBadge status={info.status} testId="criteria-status" />}
        {info?.setAt && (
          <Text size="xs" c="dimmed">
            set by {info.setBy}, {formatInstant(info.setAt)}
          </Text>
        )}
      </Group>
      {error && <OneLineError error={error} onClose={dismissError} testId="criteria-error" />}
      {/* a save starts the lines afresh from what is stored; new verdicts only restyle the lines being typed */}
      {info ? <CriteriaEditor key={`${requirement}|${info.setAt}`} info={info} /> : <Loader size="xs" />}
    </Stack>
  );
}
