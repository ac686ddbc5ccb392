// A searchable choice among the requirements and artifacts a link can point at (trace.targets), limited to some kinds:
// the impact page's requirement picker, the re-verify dialog's new evidence, "Link to requirement…"'s requirement.
import { Select } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import type { TraceTarget } from '../../../../../shared/trace';
import type { TraceTargetKind } from '../../../../../shared/trace-matrix';
import { useTraceReview } from '../../../stores';
import { targetKey } from '../../../stores/trace-review-store';
import { kindName } from './kind-name';

/** the picker's kinds when it picks a requirement */
export const REQUIREMENT_KINDS = ['requirement'] as const;

/** how many matches the list shows at once: the catalogue may hold tens of thousands of requirements */
const SHOWN_MATCHES = 50;

export function TargetPicker({
  kinds,
  value,
  onChange,
  label,
  placeholder,
  testId,
}: {
  kinds: readonly TraceTargetKind[];
  value: TraceTarget | null;
  onChange: (target: TraceTarget | null) => void;
  label?: string;
  placeholder: string;
  testId: string;
}) {
  const targets = useTraceReview((s) => s.targets);
  const loadTargets = useTraceReview((s) => s.loadTargets);
  useEffect(() => {
    if (targets === null) void loadTargets();
  }, [targets, loadTargets]);
  const choices = useMemo(() => (targets ?? []).filter((t) => kinds.includes(t.kind)), [targets, kinds]);
  const byKey = useMemo(() => new Map(choices.map((t) => [targetKey(t), t])), [choices]);
  return (
    <Select
      size="xs"
      label={label}
      placeholder={targets === null ? 'reading…' : placeholder}
      data={choices.map((t) => ({ value: targetKey(t), label: t.kind === 'requirement' ? t.label : `${kindName(t.kind)}: ${t.label}` }))}
      value={value ? targetKey(value) : null}
      onChange={(key) => {
        const picked = key === null ? undefined : byKey.get(key);
        onChange(picked ? { kind: picked.kind, id: picked.id } : null);
      }}
      searchable
      clearable
      limit={SHOWN_MATCHES}
      nothingFoundMessage="nothing matches"
      data-testid={testId}
    />
  );
}
