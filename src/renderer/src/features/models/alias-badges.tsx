// Aliases as badges: `champion` stands out, every other alias (challenger, custom) reads the same.
import { Badge, Group } from '@mantine/core';

export function AliasBadge({ alias, label = alias }: { alias: string; label?: string }) {
  const champion = alias === 'champion';
  return (
    <Badge size="xs" variant={champion ? 'filled' : 'light'} color={champion ? 'teal' : 'indigo'} tt="none" data-testid="model-alias" data-alias={alias}>
      {label}
    </Badge>
  );
}

/** a model's aliases, alias -> the version it points at */
export function AliasBadges({ aliases }: { aliases: Record<string, number> }) {
  return (
    <Group gap={4}>
      {Object.entries(aliases)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([alias, version]) => (
          <AliasBadge key={alias} alias={alias} label={`${alias} → v${version}`} />
        ))}
    </Group>
  );
}
