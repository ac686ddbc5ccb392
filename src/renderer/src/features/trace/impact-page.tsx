// Traceability: the impact view of one requirement: its links, suspect first, each with its causes and Clear /
// Re-verify, and everything the change reaches through the links and the lineage graph, grouped by kind.
import { Badge, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { TraceLinkInfo } from '../../../../shared/trace';
import { ErrorBanner } from '../../components/error-banner';
import { useTraceReview } from '../../stores';
import { AffectedItems } from './review/affected-items';
import { LinkCard } from './review/link-card';
import { ReviewDialog, type ReviewMode } from './review/review-dialog';
import { REQUIREMENT_KINDS, TargetPicker } from './review/target-picker';
import { SuggestionsPanel } from './suggestions-panel';
import { goToTrace, type TraceRoute } from './trace-routes';

function Impact({ requirement }: { requirement: string }) {
  const impact = useTraceReview((s) => (s.impactFor === requirement ? s.impact : null));
  const loadImpact = useTraceReview((s) => s.loadImpact);
  const [reviewing, setReviewing] = useState<{ link: TraceLinkInfo; mode: ReviewMode } | null>(null);
  const [reviewOpen, setReviewOpen] = useState(false);
  const review = (link: TraceLinkInfo, mode: ReviewMode) => {
    setReviewing({ link, mode });
    setReviewOpen(true);
  };
  useEffect(() => {
    void loadImpact(requirement);
  }, [requirement, loadImpact]);
  if (!impact) return <Loader size="sm" />;
  const suspect = impact.links.filter((l) => l.status === 'suspect').length;
  return (
    <Stack gap="sm" data-testid="impact" data-requirement={impact.requirement}>
      <Group gap="xs">
        <Text ff="monospace" size="sm" c="dimmed">
          {impact.requirement}
        </Text>
        <Title order={5}>{impact.title}</Title>
        <Badge size="sm" variant="default">
          revision {impact.revision}
        </Badge>
        {suspect > 0 && (
          <Badge size="sm" color="orange" data-testid="impact-suspect-count">
            {suspect} suspect
          </Badge>
        )}
      </Group>
      <Text size="sm" fw={600}>
        Links ({impact.links.length})
      </Text>
      {impact.links.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="impact-no-links">
          No link yet: link it from the matrix, from an artifact's page (“Link to requirement…”), or from its editor.
        </Text>
      )}
      <Stack gap={6} data-testid="impact-links">
        {impact.links.map((link) => (
          <LinkCard
            key={link.id}
            link={link}
            actions={
              <>
                {link.status === 'suspect' && (
                  <Button size="compact-xs" variant="light" color="orange" onClick={() => review(link, 'clear')} data-testid="link-clear">
                    Clear…
                  </Button>
                )}
                <Button size="compact-xs" variant="light" onClick={() => review(link, 'reverify')} data-testid="link-reverify">
                  Re-verify…
                </Button>
              </>
            }
          />
        ))}
      </Stack>
      <ReviewDialog opened={reviewOpen} link={reviewing?.link ?? null} mode={reviewing?.mode ?? 'clear'} onClose={() => setReviewOpen(false)} />
      <Text size="sm" fw={600}>
        Affected ({impact.affected.length})
      </Text>
      <AffectedItems items={impact.affected} truncated={impact.truncated} />
      <SuggestionsPanel requirement={requirement} />
    </Stack>
  );
}

export function ImpactPage({ route }: { route: TraceRoute }) {
  const error = useTraceReview((s) => s.error);
  const dismissError = useTraceReview((s) => s.dismissError);
  const requirement = route.requirement;
  return (
    <Stack gap="sm" data-testid="impact-page">
      <ErrorBanner error={error} onClose={dismissError} />
      <TargetPicker
        kinds={REQUIREMENT_KINDS}
        value={requirement === null ? null : { kind: 'requirement', id: requirement }}
        onChange={(picked) => goToTrace({ tab: 'impact', requirement: picked?.id ?? null })}
        label="Requirement"
        placeholder="search by id or title"
        testId="impact-requirement"
      />
      {requirement === null ? (
        <Text size="sm" c="dimmed">
          Pick a requirement to see its links and what a change to it affects.
        </Text>
      ) : (
        <Impact requirement={requirement} />
      )}
    </Stack>
  );
}
