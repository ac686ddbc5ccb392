// One link as the review pages show it: status, type, what it points at (a link to its page), where it came from, the
// last review, the acceptance criteria judged on its evidence, and (suspect) every cause; the page adds its actions.
import { Anchor, Badge, Card, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { TraceLinkInfo } from '../../../../../shared/trace';
import { routeHash } from '../../../app/routes';
import { formatInstant } from '../../../components/format';
import { LinkStatusBadge } from './link-status-badge';
import { SuspectCauses } from './suspect-causes';
import { targetRoute } from './target-route';
import { kindName } from './kind-name';

export function LinkCard({ link, actions }: { link: TraceLinkInfo; actions?: ReactNode }) {
  const failing = link.criteria.filter((c) => c.status === 'fail');
  const route = targetRoute(link.target);
  return (
    <Card withBorder padding="xs" data-testid="trace-link" data-link={link.id} data-status={link.status} data-target={`${link.target.kind}:${link.target.id}`}>
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
          <Group gap={6} style={{ minWidth: 0 }}>
            <LinkStatusBadge status={link.status} />
            <Text size="sm" ff="monospace">
              {link.requirement}
            </Text>
            <Badge size="sm" variant="outline">
              {link.type}
            </Badge>
            {route ? (
              <Anchor size="sm" fw={600} href={routeHash(route)} data-testid="link-target">
                {link.targetLabel}
              </Anchor>
            ) : (
              <Text size="sm" fw={600} data-testid="link-target">
                {link.targetLabel}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {kindName(link.target.kind)}
            </Text>
          </Group>
          {actions && (
            <Group gap={4} wrap="nowrap">
              {actions}
            </Group>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {link.origin} link by {link.createdBy}, {formatInstant(link.createdAt)}, against revision {link.requirementRevision}
          {link.reason && ` · “${link.reason}”`}
        </Text>
        {link.reviewed && (
          <Text size="xs" c="dimmed" data-testid="link-reviewed">
            {link.reviewed.action} by {link.reviewed.by}, {formatInstant(link.reviewed.at)}: “{link.reviewed.reason}”
          </Text>
        )}
        {failing.map((c, i) => (
          <Text key={i} size="xs" c="red" data-testid="link-failing-criterion">
            fails: {c.reason}
          </Text>
        ))}
        <SuspectCauses link={link} />
      </Stack>
    </Card>
  );
}
