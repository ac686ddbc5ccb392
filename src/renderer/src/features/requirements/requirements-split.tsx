// The list (document view or table) with the selected requirement's editor beside it, which loads with the selection.
import { Box, Group } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';
import { useRequirements } from '../../stores';
import { RequirementEditor } from './requirement-editor';

const EDITOR_WIDTH = 460;

export function RequirementsSplit({ selected, children }: { selected: string | null; children: ReactNode }) {
  const select = useRequirements((s) => s.select);
  useEffect(() => {
    void select(selected);
  }, [selected, select]);
  return (
    <Group align="flex-start" gap="sm" wrap="nowrap">
      <Box style={{ flex: 1, minWidth: 0 }}>{children}</Box>
      {selected !== null && (
        <Box w={EDITOR_WIDTH} style={{ flex: 'none', maxHeight: 'calc(100vh - 230px)', overflowY: 'auto' }}>
          <RequirementEditor />
        </Box>
      )}
    </Group>
  );
}
