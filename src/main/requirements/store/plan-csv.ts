// A requirements CSV as the store holds it: columns id and text, optionally title, level, parent, status, owner and
// document; any other column is kept as a string attribute named after it. Rows keep their file order.
import path from 'node:path';
import { fail } from '../../../shared/errors';
import { REQUIREMENT_LEVELS, type RequirementLevel } from '../../../shared/requirements';
import type { ReqifValue } from '../../../shared/reqif';
import type { DocumentRow } from '../../store/requirements-repo';
import { parseCsvStrict } from '../csv-strict';
import type { ImportPlan, PlannedRequirement } from './import-plan';

/** The columns the store reads itself; the order an export writes them in. */
export const CSV_COLUMNS = ['id', 'document', 'parent', 'title', 'text', 'level', 'status', 'owner'] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];

export const csvDocumentId = (name: string): string => `csv:${name}`;

function records(content: string, file: string): { line: number; fields: string[] }[] {
  try {
    return parseCsvStrict(content);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return fail('BAD_INPUT', `${file}: ${message}.`, { where: { file, line: Number(/^line (\d+)/.exec(message)?.[1] ?? 1) } });
  }
}

function level(value: string, file: string, line: number): RequirementLevel | null {
  if (value === '') return null;
  const found = REQUIREMENT_LEVELS.find((l) => l === value);
  if (found === undefined) fail('BAD_INPUT', `${file} line ${line}: level "${value}" is not one of ${REQUIREMENT_LEVELS.join(', ')}.`, { where: { file, line, field: 'level' } });
  return found;
}

/** `documentName` names the document of rows without a document column; the file is the source. */
export function planCsv(content: string, file: string, documentName: string, known: (id: string) => boolean): ImportPlan {
  const sourceId = `csv:${path.basename(file)}`;
  const [header, ...rows] = records(content, file);
  const columns = header?.fields ?? [];
  for (const required of ['id', 'text']) {
    if (!columns.includes(required)) fail('BAD_INPUT', `${file}: the header has no "${required}" column (it needs id and text).`, { where: { file, line: 1, field: required } });
  }
  const index = (c: CsvColumn): number => columns.indexOf(c);
  const extra = columns.map((name, i) => ({ name, i })).filter(({ name }) => !(CSV_COLUMNS as readonly string[]).includes(name));
  const documents = new Map<string, DocumentRow>();
  const seen = new Set<string>();
  const warnings: ImportPlan['warnings'] = [];
  const requirements: PlannedRequirement[] = rows.map(({ line, fields }, position) => {
    if (fields.length !== columns.length) fail('BAD_INPUT', `${file} line ${line}: ${fields.length} fields, the header has ${columns.length}.`, { where: { file, line } });
    const get = (c: CsvColumn): string => (index(c) < 0 ? '' : fields[index(c)]);
    const id = get('id').trim();
    if (id === '') fail('BAD_INPUT', `${file} line ${line}: the id is empty.`, { where: { file, line, field: 'id' } });
    if (seen.has(id)) fail('BAD_INPUT', `${file} line ${line}: the id ${id} is used twice.`, { where: { file, line, field: 'id' } });
    seen.add(id);
    const name = get('document') || documentName;
    const documentId = csvDocumentId(name);
    if (!documents.has(documentId)) documents.set(documentId, { id: documentId, name, source_id: sourceId, position: documents.size, spec_json: null });
    const attributes: ReqifValue[] = extra.map(({ name: definition, i }) => ({ kind: 'STRING', definition, value: fields[i] }));
    return {
      place: { id, document_id: documentId, parent_id: get('parent').trim() || null, position, node_json: null, object_json: null, text_definition: null, title_definition: null },
      content: { text: get('text'), title: get('title'), level: level(get('level'), file, line), status: get('status') || null, owner: get('owner') || null, attributes, xhtml: null },
    };
  });
  for (const r of requirements) {
    const parent = r.place.parent_id;
    if (parent !== null && !seen.has(parent) && !known(parent)) {
      warnings.push({ code: 'PARENT_MISSING', identifier: r.place.id, message: `Requirement ${r.place.id} names parent ${parent}, which neither the file nor the project holds; it is kept at the top level.` });
      r.place.parent_id = null;
    }
  }
  return {
    source: { id: sourceId, kind: 'csv', frame_json: null },
    documents: [...documents.values()],
    requirements,
    relations: [],
    hierarchyNodes: requirements.length,
    attachments: [],
    ignored: new Set(),
    warnings,
  };
}
