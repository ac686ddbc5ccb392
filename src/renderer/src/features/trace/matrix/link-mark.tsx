// How a link shows in a cell: its type's letter and its status's sign on the status's colour, so the status reads
// without colour too; and the legend that says what the letters and signs mean.
import { Group } from '@mantine/core';
import { TRACE_LINK_STATUSES, TRACE_LINK_TYPES, type TraceLinkStatus, type TraceLinkType } from '../../../../../shared/trace-matrix';
import classes from './matrix.module.css';

export const TYPE_LETTER: Readonly<Record<TraceLinkType, string>> = {
  satisfies: 'S',
  verifies: 'V',
  'trained-on': 'T',
  'evaluated-by': 'E',
  'monitored-by': 'M',
  'derived-from': 'D',
  refines: 'R',
};

export const STATUS_SIGN: Readonly<Record<TraceLinkStatus, string>> = { ok: '✓', suspect: '!', failing: '✗', 'no-evidence': '?' };

const statusClass: Readonly<Record<TraceLinkStatus, string>> = {
  ok: classes.ok,
  suspect: classes.suspect,
  failing: classes.failing,
  'no-evidence': classes.noEvidence,
};

export function LinkMark({ type, status }: { type: TraceLinkType; status: TraceLinkStatus }) {
  return (
    <span className={`${classes.link} ${statusClass[status]}`} data-testid="matrix-link" data-type={type} data-status={status}>
      {TYPE_LETTER[type]}
      {STATUS_SIGN[status]}
    </span>
  );
}

export function LinkLegend() {
  return (
    <Group gap="md" data-testid="matrix-legend">
      <Group gap={8}>
        {TRACE_LINK_TYPES.map((t) => (
          <span key={t} className={classes.legend}>
            <b>{TYPE_LETTER[t]}</b> {t}
          </span>
        ))}
      </Group>
      <Group gap={8}>
        {TRACE_LINK_STATUSES.map((s) => (
          <span key={s} className={classes.legend}>
            <span className={`${classes.link} ${statusClass[s]}`}>{STATUS_SIGN[s]}</span> {s}
          </span>
        ))}
      </Group>
    </Group>
  );
}
