// The requirement editor's Links section: every link of the requirement with its status, Unlink, and the way to its
// impact view, where suspect links are cleared or re-verified; below them, the suggested links to accept or reject.
import { Button, Group, Loader, Stack, Text } from '@mantine/core';
import { Network } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { AppError } from '../../../../../shared/errors';
import { useTraceReview } from '../../../stores';
import { OneLineError } from '../../models/one-line-error';
import { SuggestionsPanel } from '../suggestions-panel';
import { goToTrace } from '../trace-routes';
import { LinkCard } from './link-card';

/** `revision`: a new revision may make its links suspect, so the list is read again for it */
export function RequirementLinks({ requirement, revision }: { requirement: string; revision: number }) {
  const links = useTraceReview((s) => (s.requirementLinks?.requirement === requirement ? s.requirementLinks.links : null));
  const loadRequirementLinks = useTraceReview((s) => s.loadRequirementLinks);
  const unlink = useTraceReview((s) => s.unlink);
  const busy = useTraceReview((s) => s.busy);
  const [refusal, setRefusal] = useState<AppError | null>(null);
  useEffect(() => {
    void loadRequirementLinks(requirement);
  }, [requirement, revision, loadRequirementLinks]);
  return (
    <Stack gap={6} data-testid="requirement-links">
      <Group justify="space-between">
        <Text size="sm" fw={600}>
          Links {links && `(${links.length})`}
        </Text>
        <Button size="compact-xs" variant="light" leftSection={<Network size={12} />} onClick={() => goToTrace({ tab: 'impact', requirement })} data-testid="requirement-open-impact">
          Open impact
        </Button>
      </Group>
      {refusal && <OneLineError error={refusal} onClose={() => setRefusal(null)} testId="unlink-refused" />}
      {links === null ? (
        <Loader size="xs" />
      ) : links.length === 0 ? (
        <Text size="xs" c="dimmed">
          No link yet.
        </Text>
      ) : (
        links.map((link) => (
          <LinkCard
            key={link.id}
            link={link}
            actions={
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                disabled={busy}
                onClick={() => void unlink(link.id).then((outcome) => setRefusal(outcome.ok ? null : outcome.error))}
                data-testid="link-unlink"
              >
                Unlink
              </Button>
            }
          />
        ))
      )}
      <SuggestionsPanel requirement={requirement} />
    </Stack>
  );
}
