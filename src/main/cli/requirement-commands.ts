// `airlock req import|list|show|edit|diff|export`: the project's requirements store from the command line. Each
// command works on the store directly (no job: an import is one transaction, an export one atomic write).
import type { Command } from 'commander';
import path from 'node:path';
import { REQUIREMENT_LEVELS, type RequirementEdit, type RequirementRow } from '../../shared/requirements';
import { exportRequirements } from '../requirements/store/export-requirements';
import { importRequirements } from '../requirements/store/import-requirements';
import { diffRevisions, editRequirement, listRequirements, showRequirement } from '../requirements/store/requirements-service';
import type { ProjectStore } from '../store/project-store';
import { choiceArg, intArg } from './args';
import { jsonOption, projectOption, type CliShared, type ProjectOptions } from './options';
import { print, type CliSession } from './session';
import { table } from './table';

interface DocumentOptions extends ProjectOptions {
  document?: string;
}

interface EditOptions extends ProjectOptions {
  text?: string;
  title?: string;
  level?: string;
  status?: string;
  owner?: string;
}

const storeOf = (s: CliSession): ProjectStore => s.app.requireProject().store;

const shorten = (text: string, n = 70): string => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

function rowsTable(rows: readonly RequirementRow[]): string {
  return rows.length === 0 ? 'no requirements' : table([['ID', 'DOCUMENT', 'PARENT', 'LEVEL', 'TEXT'], ...rows.map((r) => [r.id, r.document, r.parent ?? '', r.level ?? '', shorten(r.text)])]);
}

function editOf(o: EditOptions): RequirementEdit {
  const edit: RequirementEdit = {};
  if (o.text !== undefined) edit.text = o.text;
  if (o.title !== undefined) edit.title = o.title;
  // an empty value clears the field
  if (o.level !== undefined) edit.level = o.level === '' ? null : choiceArg(o.level, REQUIREMENT_LEVELS, 'level');
  if (o.status !== undefined) edit.status = o.status === '' ? null : o.status;
  if (o.owner !== undefined) edit.owner = o.owner === '' ? null : o.owner;
  return edit;
}

export function register(program: Command, { io, withProject }: CliShared): void {
  const req = program.command('req').description('the requirements store: import and export ReqIF or CSV, list, show, edit, diff');

  req
    .command('import <file>')
    .description('import a .reqif, .reqifz or .csv file (CSV columns: id, text, and optional title, level, parent, status, owner, document)')
    .addOption(projectOption())
    .option('--document <name>', 'CSV: the document the rows go to (default: the file name)')
    .addOption(jsonOption())
    .action(async (file: string, o: DocumentOptions) => {
      const summary = await withProject(o.project, (s) => importRequirements(storeOf(s), path.resolve(file), { document: o.document }));
      print(io, !!o.json, summary, () =>
        [
          `${summary.requirements} requirements in ${summary.documents} documents (${summary.created} new, ${summary.revised} revised), ${summary.relations} relations, ${summary.hierarchy_nodes} hierarchy nodes`,
          ...summary.warnings.map((w) => `warning: ${w.message}`),
        ].join('\n'));
    });

  req
    .command('list')
    .description('every requirement at its latest revision, in document order')
    .addOption(projectOption())
    .option('--document <name>', 'only this document (its name or identifier)')
    .addOption(jsonOption())
    .action(async (o: DocumentOptions) => {
      const rows = await withProject(o.project, async (s) => listRequirements(storeOf(s), { document: o.document }));
      print(io, !!o.json, rows, () => rowsTable(rows));
    });

  req
    .command('show <id>')
    .description('one requirement, its attributes and (with --history) every revision')
    .addOption(projectOption())
    .option('--history', 'every revision, oldest first')
    .addOption(jsonOption())
    .action(async (id: string, o: ProjectOptions & { history?: boolean }) => {
      const r = await withProject(o.project, async (s) => showRequirement(storeOf(s), id, { history: o.history === true }));
      print(io, !!o.json, r, () =>
        [
          `${r.id} (revision ${r.revision}, ${r.document}${r.parent ? `, under ${r.parent}` : ''})`,
          r.title ? `title: ${r.title}` : '',
          `text: ${r.text}`,
          `level: ${r.level ?? '-'}  status: ${r.status ?? '-'}  owner: ${r.owner ?? '-'}`,
          ...(r.history ?? []).map((h) => `revision ${h.revision} ${h.createdAt} ${h.createdBy} ${h.fingerprint.slice(0, 12)}: ${shorten(h.text)}`),
        ].filter(Boolean).join('\n'));
    });

  req
    .command('edit <id>')
    .description('change a requirement: a new revision (an empty --level, --status or --owner clears it)')
    .addOption(projectOption())
    .option('--text <text>', 'the new text')
    .option('--title <title>', 'the new title')
    .option('--level <level>', REQUIREMENT_LEVELS.join(' | '))
    .option('--status <status>', 'the new status')
    .option('--owner <owner>', 'the new owner')
    .addOption(jsonOption())
    .action(async (id: string, o: EditOptions) => {
      const edit = editOf(o);
      const r = await withProject(o.project, async (s) => editRequirement(storeOf(s), id, edit));
      print(io, !!o.json, r, () => `${id}: revision ${r.revision}`);
    });

  req
    .command('diff <id> <from> <to>')
    .description("the word-level diff of a requirement's text between two revisions")
    .addOption(projectOption())
    .addOption(jsonOption())
    .action(async (id: string, from: string, to: string, o: ProjectOptions) => {
      const parts = await withProject(o.project, async (s) => diffRevisions(storeOf(s), id, intArg(from, 'from'), intArg(to, 'to')));
      print(io, !!o.json, parts, () => parts.map((p) => (p.op === 'same' ? p.text : p.op === 'added' ? `{+${p.text.trimEnd()}+} ` : `[-${p.text.trimEnd()}-] `)).join('').trimEnd());
    });

  req
    .command('export <out>')
    .description('write the requirements to OUT.reqif, OUT.reqifz or OUT.csv, keeping their identifiers')
    .addOption(projectOption())
    .option('--document <name>', 'only this document (its name or identifier)')
    .addOption(jsonOption())
    .action(async (out: string, o: DocumentOptions) => {
      const summary = await withProject(o.project, async (s) => exportRequirements(storeOf(s), path.resolve(out), { document: o.document }));
      print(io, !!o.json, summary, () => `${summary.file}: ${summary.requirements} requirements in ${summary.documents} documents, ${summary.relations} relations`);
    });
}
