// Clauses a requirement may stand as evidence for, best first with the shared terms; Confirm maps it to the clause.
import { Button, Card, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { TraceTarget } from '../../../../../shared/trace';
import { formatPercent } from '../../../components/format';
import { useTraceReview } from '../../../stores';
import { REQUIREMENT_KINDS, TargetPicker } from './target-picker';

export function ClauseSuggestions({ standard, onConfirm }: { standard: string; onConfirm: (clause: string, requirement: string) => void }) {
  const [requirement, setRequirement] = useState<TraceTarget | null>(null);
  const suggestClauses = useTraceReview((s) => s.suggestClauses);
  const busy = useTraceReview((s) => s.busy);
  const shown = useTraceReview((s) =>
    s.clauseSuggestions && requirement && s.clauseSuggestions.standard === standard && s.clauseSuggestions.target.id === requirement.id ? s.clauseSuggestions.suggestions : null,
  );
  const pick = (target: TraceTarget | null) => {
    setRequirement(target);
    if (target) void suggestClauses(standard, target);
  };
  return (
    <Card withBorder padding="sm" data-testid="clause-suggestions">
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          Suggest clauses for a requirement
        </Text>
        <TargetPicker kinds={REQUIREMENT_KINDS} value={requirement} onChange={pick} placeholder="search by id or title" testId="clause-suggest-requirement" />
        {shown?.length === 0 && (
          <Text size="xs" c="dimmed">
            No clause to suggest: none shares its terms, or each one is decided for it.
          </Text>
        )}
        {requirement &&
          shown?.map((s) => (
            <Group key={s.clause} justify="space-between" wrap="nowrap" gap="xs" data-testid="clause-suggestion" data-clause={s.clause}>
              <div style={{ minWidth: 0 }}>
                <Text size="sm">
                  <Text span ff="monospace" c="dimmed">
                    {s.clause}
                  </Text>{' '}
                  {s.title} <Text span size="xs" c="dimmed">({formatPercent(s.score)})</Text>
                </Text>
                <Text size="xs" c="dimmed">
                  {s.reason}
                </Text>
              </div>
              <Button size="compact-xs" variant="light" disabled={busy} onClick={() => onConfirm(s.clause, requirement.id)} style={{ flexShrink: 0 }} data-testid="clause-suggestion-confirm">
                Confirm
              </Button>
            </Group>
          ))}
      </Stack>
    </Card>
  );
}
