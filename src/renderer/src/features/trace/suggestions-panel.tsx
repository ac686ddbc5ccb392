// Suggested links for one requirement: each candidate with its link type, what it points at, its score and the reason
// (the terms it shares, and where the candidate carries them), accepted in place as a link or rejected for good with
// an optional reason. A child (a requirement of a lower level) is linked the other way round: it refines this one.
import { Badge, Button, Card, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { Check, Sparkles, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { AppError } from '../../../../shared/errors';
import type { TraceSuggestion } from '../../../../shared/trace';
import { useTraceSuggestions } from '../../stores';
import { suggestionKey, type SuggestionOutcome } from '../../stores/trace-suggestions-store';
import { OneLineError } from '../models/one-line-error';

function SuggestionRow({ requirement, suggestion }: { requirement: string; suggestion: TraceSuggestion }) {
  const accept = useTraceSuggestions((s) => s.accept);
  const reject = useTraceSuggestions((s) => s.reject);
  const acting = useTraceSuggestions((s) => s.acting);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [refusal, setRefusal] = useState<AppError | null>(null);
  const key = suggestionKey(suggestion);
  const busy = acting === key;
  const answer = (outcome: SuggestionOutcome) => setRefusal(outcome.ok ? null : outcome.error);
  const { target, type, reverse } = suggestion;
  return (
    <Card withBorder padding="xs" data-testid="suggestion" data-target={`${target.kind}:${target.id}`} data-type={type} data-reverse={reverse ? 'true' : 'false'}>
      <Stack gap={4}>
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          <Badge size="sm" variant="outline" style={{ flexShrink: 0 }} data-testid="suggestion-type">
            {reverse ? `child: ${type} ${requirement}` : type}
          </Badge>
          <Text size="sm" fw={600} truncate title={suggestion.label} data-testid="suggestion-label">
            {suggestion.label}
          </Text>
          <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
            {target.kind.replace('_', ' ')}
          </Text>
        </Group>
        {/* the reason and the choices share the second line, so a narrow panel (the editor's) keeps the label whole */}
        <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
          <Text size="xs" c="dimmed" style={{ minWidth: 0 }} data-testid="suggestion-reason">
            {suggestion.reason}
          </Text>
          <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
            <Text size="xs" c="dimmed" title="how much they share, from 0 to 1" data-testid="suggestion-score">
              {suggestion.score.toFixed(2)}
            </Text>
            <Button size="compact-xs" variant="light" leftSection={<Check size={12} />} loading={busy && !rejecting} disabled={acting !== null} onClick={() => void accept(suggestion).then(answer)} data-testid="suggestion-accept">
              Accept
            </Button>
            <Button size="compact-xs" variant="subtle" color="red" leftSection={<X size={12} />} disabled={acting !== null} onClick={() => setRejecting((open) => !open)} data-testid="suggestion-reject">
              Reject
            </Button>
          </Group>
        </Group>
        {rejecting && (
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput size="xs" style={{ flex: 1 }} placeholder="why it does not hold (optional)" value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="suggestion-reject-reason" />
            <Button size="xs" color="red" loading={busy} onClick={() => void reject(suggestion, reason).then(answer)} data-testid="suggestion-reject-confirm">
              Never suggest again
            </Button>
          </Group>
        )}
        {refusal && <OneLineError error={refusal} onClose={() => setRefusal(null)} testId="suggestion-refused" />}
      </Stack>
    </Card>
  );
}

export function SuggestionsPanel({ requirement }: { requirement: string }) {
  const load = useTraceSuggestions((s) => s.load);
  const shownFor = useTraceSuggestions((s) => s.requirement);
  const suggestions = useTraceSuggestions((s) => s.suggestions);
  const error = useTraceSuggestions((s) => s.error);
  const dismissError = useTraceSuggestions((s) => s.dismissError);
  useEffect(() => {
    void load(requirement);
  }, [requirement, load]);
  const list = shownFor === requirement ? suggestions : null;
  return (
    <Stack gap="xs" data-testid="suggestions-panel">
      <Group gap={6}>
        <Sparkles size={14} />
        <Text size="sm" fw={600}>
          Suggested links
        </Text>
        {list === null && <Loader size="xs" />}
      </Group>
      {error && <OneLineError error={error} onClose={dismissError} testId="suggestions-error" />}
      {list !== null && list.length === 0 && (
        <Text size="xs" c="dimmed" data-testid="suggestions-empty">
          Nothing to suggest: no requirement of another level or artifact shares its terms, or every candidate is linked or rejected.
        </Text>
      )}
      {list?.map((s) => <SuggestionRow key={suggestionKey(s)} requirement={requirement} suggestion={s} />)}
    </Stack>
  );
}
