// What one imported document becomes in the store, before anything is written: a plan is built from the file, then
// applied in one transaction, so a file that fails to read leaves the project as it was.
import type { RequirementImportWarning, RequirementRevision } from '../../../shared/requirements';
import type { DocumentRow, RelationRow, RequirementPlace, SourceRow } from '../../store/requirements-repo';

export type RequirementContent = Pick<RequirementRevision, 'title' | 'text' | 'level' | 'status' | 'owner' | 'attributes' | 'xhtml'>;

export interface PlannedRequirement {
  place: RequirementPlace;
  content: RequirementContent;
}

export interface ImportPlan {
  source: SourceRow;
  documents: DocumentRow[];
  requirements: PlannedRequirement[];
  relations: RelationRow[];
  hierarchyNodes: number;
  /** a .reqifz's non-ReqIF members, kept for export */
  attachments: { name: string; data: Uint8Array }[];
  /** attribute definitions left out of the fingerprint: those holding status and owner */
  ignored: ReadonlySet<string>;
  warnings: RequirementImportWarning[];
}
