// Coverage of the requirements by verifying evidence: how many there are, how many have an ok verifying link, the
// links by status, and the uncovered report. Headings (a title, no text) state nothing to verify and are left out.
import type { TraceCoverage } from '../../../shared/trace';
import { statusCounts } from '../matrix-export/matrix-index';
import { uncoveredReport } from '../matrix-export/uncovered-report';
import { buildMatrix } from './build-matrix';
import type { ProjectStore } from '../../store/project-store';

export function traceCoverage(store: ProjectStore, options: { document?: string } = {}): TraceCoverage {
  const { view, headings } = buildMatrix(store, { document: options.document });
  const report = uncoveredReport(view);
  const uncovered = { ...report, requirements: report.requirements.filter((r) => !headings.has(r.id)) };
  const requirements = view.rows.length - headings.size;
  return { requirements, covered: requirements - uncovered.requirements.length, links: statusCounts(view.cells), uncovered };
}
