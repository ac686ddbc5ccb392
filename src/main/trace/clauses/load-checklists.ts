// Reads clause checklists (resources/standards/<id>.json) strictly: the format (zod), then the tree's rules (unique
// ids, parents that exist and come first, known levels, a child never applying where its parent does not, evidence
// kinds on every checklist item). Any break is BAD_INPUT naming the file, the clause and the field, never a lost clause.
import fs from 'node:fs';
import path from 'node:path';
import { fail } from '../../../shared/errors';
import { clauseChecklist, type ChecklistInfo, type ClauseChecklist } from '../../../shared/standards';
import { checklistTree } from './checklist-tree';
import { standardsFolder } from './standards-folder';

function bad(file: string, message: string, field?: string): never {
  return fail('BAD_INPUT', `${file}: ${message}`, { where: { file, ...(field ? { field } : {}) } });
}

/** "clauses.3.applies.1" -> "clause '5.1.4' applies.1", naming the clause by the id the file gives it. */
function fieldName(raw: unknown, issuePath: readonly PropertyKey[]): string {
  const [head, index, ...rest] = issuePath.map(String);
  if (head !== 'clauses' || index === undefined) return issuePath.map(String).join('.') || '(top)';
  const clauses = typeof raw === 'object' && raw !== null && 'clauses' in raw && Array.isArray(raw.clauses) ? raw.clauses : [];
  const entry: unknown = clauses[Number(index)];
  const id = typeof entry === 'object' && entry !== null && 'id' in entry && typeof entry.id === 'string' ? `'${entry.id}'` : `#${Number(index) + 1}`;
  return `clause ${id}${rest.length ? ` ${rest.join('.')}` : ''}`;
}

function checkTree(checklist: ClauseChecklist, file: string): void {
  const levels = new Set(checklist.levels);
  if (levels.size !== checklist.levels.length) bad(file, `a level is listed twice in ${checklist.levels.join(', ')}.`, 'levels');
  const seen = new Set<string>();
  for (const clause of checklist.clauses) {
    const field = `clause '${clause.id}'`;
    if (seen.has(clause.id)) bad(file, `the clause id '${clause.id}' is used twice.`, field);
    if (clause.parent !== undefined && !seen.has(clause.parent)) {
      const exists = checklist.clauses.some((c) => c.id === clause.parent);
      bad(file, `clause '${clause.id}' names the parent '${clause.parent}', which ${exists ? 'comes after it (a parent must come first)' : 'is not in the checklist'}.`, `${field} parent`);
    }
    seen.add(clause.id);
    for (const level of clause.applies ?? []) {
      if (!levels.has(level)) {
        const known = checklist.levels.length ? `the levels are ${checklist.levels.join(', ')}` : 'this checklist has no levels';
        bad(file, `clause '${clause.id}' applies at '${level}', which is not a level: ${known}.`, `${field} applies`);
      }
    }
  }
  const tree = checklistTree(checklist);
  for (const node of tree.nodes) {
    const field = `clause '${node.clause.id}'`;
    const parent = node.clause.parent === undefined ? undefined : tree.byId.get(node.clause.parent);
    const beyond = parent ? [...node.levels].filter((l) => !parent.levels.has(l)) : [];
    if (parent && beyond.length) bad(file, `clause '${node.clause.id}' applies at ${beyond.join(', ')}, where its parent '${parent.clause.id}' does not.`, `${field} applies`);
    if (node.children.length === 0 && node.clause.evidence === undefined) bad(file, `clause '${node.clause.id}' is a checklist item and lists no evidence kinds.`, `${field} evidence`);
  }
}

/** A checklist from a file's text; `file` names it in every error. */
export function parseChecklist(content: string, file: string): ClauseChecklist {
  let raw: unknown;
  try {
    raw = JSON.parse(content);
  } catch (e) {
    bad(file, `not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  const parsed = clauseChecklist.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = fieldName(raw, issue.path);
    bad(file, `${field}: ${issue.message}.`, field);
  }
  checkTree(parsed.data, file);
  return parsed.data;
}

/** Every <id>.json in a folder, sorted by id; a file whose name is not its checklist's id is refused. */
export function readChecklists(folder: string): ClauseChecklist[] {
  const names = fs
    .readdirSync(folder)
    .filter((n) => n.endsWith('.json'))
    .sort();
  return names.map((name) => {
    const file = path.join(folder, name);
    const checklist = parseChecklist(fs.readFileSync(file, 'utf8'), file);
    if (`${checklist.id}.json` !== name) bad(file, `the checklist's id is '${checklist.id}', so the file must be named ${checklist.id}.json.`, 'id');
    return checklist;
  });
}

/** The checklists Airlock ships. */
export function shippedChecklists(): ClauseChecklist[] {
  return readChecklists(standardsFolder());
}

/** One shipped checklist by id (the CLI's --standard); NOT_FOUND listing the ids there are. */
export function shippedChecklist(id: string): ClauseChecklist {
  const all = shippedChecklists();
  return (
    all.find((c) => c.id === id) ??
    fail('NOT_FOUND', `There is no clause checklist '${id}'; the standards are ${all.map((c) => c.id).join(', ')}.`, { where: { field: 'standard' } })
  );
}

export function checklistInfo(checklist: ClauseChecklist): ChecklistInfo {
  const { clauses, ...info } = checklist;
  return { ...info, clauses: clauses.length };
}
