// A requirement's lint verdict as a badge: its quality score and, when it has any, how many findings.
import { Badge } from '@mantine/core';
import type { RequirementTableRow } from '../../../../shared/requirements';
import { formatPercent } from '../../components/format';

/** below this share of passed rules a requirement reads as poor (red) rather than needing a look (orange) */
const POOR_SCORE = 0.85;

export function LintBadge({ row }: { row: RequirementTableRow }) {
  return (
    <Badge size="sm" variant="light" color={row.findings === 0 ? 'teal' : row.lintScore < POOR_SCORE ? 'red' : 'orange'} data-testid={`lint-${row.id}`}>
      {formatPercent(row.lintScore)}
      {row.findings > 0 && ` · ${row.findings}`}
    </Badge>
  );
}
