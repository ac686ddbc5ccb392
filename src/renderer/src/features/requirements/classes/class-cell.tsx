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

  const confidence = verdict !== null && row.confidence !== null ? percent(row.confidence) : null;
  return (
    <Group gap={4} wrap="nowrap" style={{ minWidth: 0 }} data-testid={`class-${row.id}`} data-class={row.class ?? ''} data-label={row.label ?? ''}>
      {row.label !== null && (
        <Tooltip label={verdict === null ? 'a person’s label' : overruled ? `a person’s correction of the classifier’s ${verdict} (${confidence})` : `a person accepted the classifier’s class (${confidence})`}>
          <Badge size="sm" tt="none" color="teal" variant="filled" leftSection={<UserCheck size={10} />} style={{ flexShrink: 0 }} data-testid="class-person">
            {row.label}
            {row.label === verdict && ` ${confidence}`}
          </Badge>
        </Tooltip>
      )}
      {overruled && (
        // the verdict a person overruled stays in view, struck through, so a reviewer sees what was corrected
        <Text size="xs" c="dimmed" td="line-through" truncate data-testid="class-model">
          {verdict} {confidence}
        </Text>
      )}
      {row.label === null && verdict !== null && (
        <Tooltip label={`the classifier’s class, ${confidence} probable`}>
          <Badge size="sm" tt="none" color="blue" variant="light" style={{ flexShrink: 0 }} data-testid="class-model">
            {verdict} {confidence}
          </Badge>
        </Tooltip>
      )}
      {row.label === null &&
        others.map((other) => (
          <Badge key={other} size="xs" tt="none" color="gray" variant="light" style={{ minWidth: 0 }} data-testid="class-other">
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
          <ActionIcon size="xs" variant="subtle" color="gray" loading={busy} style={{ flexShrink: 0 }} aria-label={`label ${row.id}`} data-testid={`class-menu-${row.id}`}>
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
