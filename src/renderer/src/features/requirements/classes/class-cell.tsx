// The class of one requirement in the table and the document view: a person's label (when given) set apart from the
// classifier's verdict with its confidence and other labels, and a menu to accept the verdict or correct it (a refusal
// shows in the cell, with its message on hover).
import { ActionIcon, Badge, Group, Menu, Text, Tooltip } from '@mantine/core';
import { ChevronDown, CircleAlert, UserCheck } from 'lucide-react';
import { useState } from 'react';
import type { AppError } from '../../../../../shared/errors';
import type { RequirementTableRow } from '../../../../../shared/requirements';
import { isRequirementClass, REQUIREMENT_CLASSES, type RequirementClass } from '../../../../../shared/requirements-classes';
import { useClassifier } from '../../../stores';

const percent = (p: number) => `${Math.round(p * 100)}%`;

export function ClassCell({ row, onChanged }: { row: RequirementTableRow; onChanged: () => void }) {
  const label = useClassifier((s) => s.label);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<AppError | null>(null);
  const verdict = row.class !== null && isRequirementClass(row.class) ? row.class : null;
  const overruled = row.label !== null && verdict !== null && row.label !== verdict;
  const others = row.labels.filter((l) => l !== row.class);

  const give = async (chosen: RequirementClass) => {
    setBusy(true);
    const outcome = await label(row.id, chosen);
    setBusy(false);
    setRefusal(outcome.ok ? null : outcome.error);
    if (outcome.ok) onChanged();
  };

  return (
    <Group gap={4} wrap="nowrap" data-testid={`class-${row.id}`} data-class={row.class ?? ''} data-label={row.label ?? ''}>
      {row.label !== null && (
        <Tooltip label={verdict === null ? 'a person’s label' : overruled ? `a person’s correction of the classifier’s ${verdict}` : 'a person accepted the classifier’s class'}>
          <Badge size="sm" color="teal" variant="filled" leftSection={<UserCheck size={10} />} data-testid="class-person">
            {row.label}
          </Badge>
        </Tooltip>
      )}
      {verdict !== null && row.confidence !== null && (
        <Tooltip label={`the classifier’s class, ${percent(row.confidence)} probable`}>
          <Badge size="sm" color="blue" variant={row.label === null ? 'light' : 'outline'} td={overruled ? 'line-through' : undefined} data-testid="class-model">
            {verdict} {percent(row.confidence)}
          </Badge>
        </Tooltip>
      )}
      {row.label === null &&
        others.map((other) => (
          <Badge key={other} size="xs" color="gray" variant="light" data-testid="class-other">
            {other}
          </Badge>
        ))}
      {row.label === null && verdict === null && (
        <Text size="xs" c="dimmed">
          unclassified
        </Text>
      )}
      {refusal && (
        <Tooltip label={`${refusal.message} (${refusal.code})`}>
          <CircleAlert size={14} color="var(--mantine-color-red-6)" aria-label={refusal.message} data-testid="class-refused" />
        </Tooltip>
      )}
      <Menu position="bottom-end" shadow="md" width={220} withinPortal>
        <Menu.Target>
          <ActionIcon size="xs" variant="subtle" color="gray" loading={busy} aria-label={`label ${row.id}`} data-testid={`class-menu-${row.id}`}>
            <ChevronDown size={12} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown mah={360} style={{ overflowY: 'auto' }}>
          {verdict !== null && (
            <Menu.Item leftSection={<UserCheck size={14} />} disabled={row.label === verdict} onClick={() => void give(verdict)} data-testid="class-accept">
              Accept {verdict}
            </Menu.Item>
          )}
          <Menu.Label>Correct to</Menu.Label>
          {REQUIREMENT_CLASSES.filter((c) => c !== (row.label ?? verdict)).map((c) => (
            <Menu.Item key={c} onClick={() => void give(c)} data-testid={`class-correct-${c}`}>
              {c}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
