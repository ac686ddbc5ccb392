// Duplicates and conflicts: each pair with its score and reason and both requirements side by side; a person dismisses
// a pair with a reason (remembered until either side's normative text changes), sees dismissed pairs on request and
// restores them.
import { Badge, Button, Card, Group, SegmentedControl, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { EyeOff, Undo2 } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { AppError } from '../../../../../shared/errors';
import type { PairRelation, RequirementPairRow } from '../../../../../shared/requirements-lint';
import { PageHeader } from '../../../app/page-header';
import { ErrorBanner } from '../../../components/error-banner';
import { useClassifier } from '../../../stores';
import type { PairSide } from '../../../stores/classifier-store';
import { OneLineError } from '../../models/one-line-error';
import { goToRequirements } from '../requirements-routes';

type RelationFilter = 'all' | PairRelation;

/** pairs shown at first and added by each "Show more": a large specification has thousands, each a card */
const PAGE = 100;

function Side({ side, id }: { side: PairSide | undefined; id: string }) {
  return (
    <Stack gap={2} data-testid="pair-side">
      <Text
        size="xs"
        ff="monospace"
        c="blue"
        style={{ cursor: 'pointer' }}
        onClick={() => goToRequirements({ tab: 'document', document: side?.document ?? null, id })}
        data-testid="pair-side-id"
      >
        {id}
        {side?.title ? ` · ${side.title}` : ''}
      </Text>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="pair-side-text">
        {side?.text ?? '(not in this document)'}
      </Text>
    </Stack>
  );
}

function DismissForm({ pair, onDone }: { pair: RequirementPairRow; onDone: () => void }) {
  const dismissPair = useClassifier((s) => s.dismissPair);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<AppError | null>(null);

  const submit = async () => {
    setBusy(true);
    const outcome = await dismissPair(pair, reason.trim());
    setBusy(false);
    if (outcome.ok) onDone();
    else setRefusal(outcome.error);
  };

  return (
    <Stack gap={4}>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput
          size="xs"
          style={{ flex: 1 }}
          label="Why is this not a real duplicate or conflict?"
          placeholder="different subsystems; both bounds hold"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && reason.trim() !== '' && void submit()}
          data-testid="pair-dismiss-reason"
          autoFocus
        />
        <Button size="xs" disabled={reason.trim() === ''} loading={busy} onClick={() => void submit()} data-testid="pair-dismiss-confirm">
          Dismiss
        </Button>
        <Button size="xs" variant="default" onClick={onDone}>
          Cancel
        </Button>
      </Group>
      {refusal && <OneLineError error={refusal} testId="pair-dismiss-refused" />}
    </Stack>
  );
}

function PairCard({ pair, sides }: { pair: RequirementPairRow; sides: Record<string, PairSide> }) {
  const restorePair = useClassifier((s) => s.restorePair);
  const [dismissing, setDismissing] = useState(false);
  return (
    <Card withBorder padding="sm" opacity={pair.dismissed ? 0.6 : 1} data-testid="pair" data-a={pair.a} data-b={pair.b} data-relation={pair.relation} data-dismissed={String(pair.dismissed)}>
      <Group justify="space-between" mb={6} wrap="nowrap">
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <Badge color={pair.relation === 'conflict' ? 'red' : 'blue'} variant="light" data-testid="pair-relation">
            {pair.relation}
          </Badge>
          <Text size="xs" ff="monospace" data-testid="pair-score">
            {pair.score.toFixed(2)}
          </Text>
          <Text size="sm" truncate title={pair.reason} data-testid="pair-reason">
            {pair.reason}
          </Text>
        </Group>
        {pair.dismissed ? (
          <Group gap="xs" wrap="nowrap">
            <Badge size="xs" color="gray" variant="outline" data-testid="pair-dismissed">
              dismissed
            </Badge>
            <Button size="compact-xs" variant="default" leftSection={<Undo2 size={12} />} onClick={() => void restorePair(pair)} data-testid="pair-restore">
              Restore
            </Button>
          </Group>
        ) : (
          !dismissing && (
            <Button size="compact-xs" variant="default" leftSection={<EyeOff size={12} />} onClick={() => setDismissing(true)} data-testid="pair-dismiss">
              Dismiss…
            </Button>
          )
        )}
      </Group>
      <SimpleGrid cols={2} spacing="md">
        <Side id={pair.a} side={sides[pair.a]} />
        <Side id={pair.b} side={sides[pair.b]} />
      </SimpleGrid>
      {dismissing && !pair.dismissed && (
        <div style={{ marginTop: 8 }}>
          <DismissForm pair={pair} onDone={() => setDismissing(false)} />
        </div>
      )}
    </Card>
  );
}

export function PairsPage({ document }: { document: string | null }) {
  const pairs = useClassifier((s) => s.pairs);
  const sides = useClassifier((s) => s.sides);
  const loaded = useClassifier((s) => s.pairsLoaded);
  const showDismissed = useClassifier((s) => s.showDismissed);
  const loadPairs = useClassifier((s) => s.loadPairs);
  const setShowDismissed = useClassifier((s) => s.setShowDismissed);
  const error = useClassifier((s) => s.error);
  const dismissError = useClassifier((s) => s.dismissError);
  const [relation, setRelation] = useState<RelationFilter>('all');

  useEffect(() => {
    void loadPairs(document);
  }, [document, loadPairs]);

  const [limit, setLimit] = useState(PAGE);
  const shown = pairs.filter((p) => relation === 'all' || p.relation === relation);
  const count = (r: PairRelation) => pairs.filter((p) => p.relation === r && !p.dismissed).length;

  return (
    <Stack gap="sm" data-testid="pairs-page">
      <PageHeader
        title="Duplicates & conflicts"
        subtitle="Requirements that say the same thing in other words, and those about one subject that contradict each other."
        actions={
          <Group gap="md">
            <SegmentedControl
              size="xs"
              value={relation}
              onChange={(v) => setRelation(v as RelationFilter)}
              data={[
                { value: 'all', label: 'All' },
                { value: 'duplicate', label: `Duplicates (${count('duplicate')})` },
                { value: 'conflict', label: `Conflicts (${count('conflict')})` },
              ]}
              data-testid="pairs-relation"
            />
            <Switch size="xs" label="Show dismissed" checked={showDismissed} onChange={(e) => void setShowDismissed(e.currentTarget.checked)} data-testid="pairs-show-dismissed" />
          </Group>
        }
      />
      <ErrorBanner error={error} onClose={dismissError} />
      {loaded && shown.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="pairs-empty">
          No {relation === 'all' ? 'duplicates or conflicts' : `${relation}s`}
          {showDismissed ? '' : ' left undismissed'}.
        </Text>
      )}
      {shown.slice(0, limit).map((pair) => (
        <PairCard key={`${pair.a}|${pair.b}|${pair.relation}`} pair={pair} sides={sides} />
      ))}
      {shown.length > limit && (
        <Group justify="center">
          <Button variant="default" size="xs" onClick={() => setLimit(limit + PAGE)} data-testid="pairs-more">
            Show {Math.min(PAGE, shown.length - limit)} more of {shown.length - limit}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
