// STUB (slice R5): the class of one requirement in the table, with accept / correct. The table (slice R4) renders it.
import type { RequirementTableRow } from '../../../../../shared/requirements';

export function ClassCell({ row }: { row: RequirementTableRow; onChanged: () => void }) {
  return <span data-testid={`class-${row.id}`}>{row.class ?? ''}</span>;
}
