// The document view: the document's hierarchy in order, headings as headings and requirements indented by depth,
// each with its rich text, class and lint score; selecting one opens the editor beside it. Entries are virtualized
// (measured as they render), so a document of thousands of requirements scrolls like a short one.
import { Group, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { RequirementTableRow } from '../../../../shared/requirements';
import { useRequirements } from '../../stores';
import { ClassCell } from './classes/class-cell';
import { LintBadge } from './lint-badge';
import { isHeading } from './requirement-filters';
import { goToRequirements } from './requirements-routes';
import { RequirementsSplit } from './requirements-split';
import classes from './requirements.module.css';
import { XhtmlView } from './xhtml-view';

/** an entry's height before it is measured: a title and two lines of text */
const ESTIMATED_ENTRY_PX = 72;
const INDENT_PX = 18;

function Entry({ row, onChanged }: { row: RequirementTableRow; onChanged: () => void }) {
  const heading = isHeading(row);
  return (
    <div style={{ paddingLeft: row.depth * INDENT_PX }}>
      <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
        <div style={{ minWidth: 0, flex: 1 }}>
          <Group gap={6} wrap="nowrap">
            <span className={classes.entryId}>{row.id}</span>
            {row.title && !heading && (
              <Text size="sm" fw={600} truncate>
                {row.title}
              </Text>
            )}
          </Group>
          {heading ? (
            <div className={classes.heading} data-testid="document-heading">
              {row.title}
            </div>
          ) : (
            <XhtmlView xhtml={row.xhtml} text={row.text} />
          )}
        </div>
        {!heading && (
          // the class menu must not also select the entry
          <Group gap={6} wrap="nowrap" onClick={(e) => e.stopPropagation()}>
            <ClassCell row={row} onChanged={onChanged} />
            <LintBadge row={row} />
          </Group>
        )}
      </Group>
    </div>
  );
}

export function DocumentPage({ document, selected }: { document: string; selected: string | null }) {
  const rows = useRequirements((s) => s.rows);
  const refresh = useRequirements((s) => s.refresh);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ESTIMATED_ENTRY_PX,
    overscan: 6,
  });

  // a selection made elsewhere (the lint report, a link) scrolls into view
  useEffect(() => {
    if (selected === null) return;
    const index = rows.findIndex((r) => r.id === selected);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [selected, rows, virtualizer]);

  return (
    <RequirementsSplit selected={selected}>
      <div ref={scroller} className={classes.docScroller} style={{ height: 'calc(100vh - 230px)' }} data-testid="document-view">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            const isSelected = row.id === selected;
            return (
              <div
                key={row.id}
                ref={virtualizer.measureElement}
                data-index={item.index}
                className={`${classes.entry} ${isSelected ? classes.entrySelected : ''}`}
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={() => goToRequirements({ tab: 'document', document, id: row.id })}
                data-testid="document-entry"
                data-id={row.id}
              >
                <Entry row={row} onChanged={() => void refresh()} />
              </div>
            );
          })}
        </div>
      </div>
    </RequirementsSplit>
  );
}
