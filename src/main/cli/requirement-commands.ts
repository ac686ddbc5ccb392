// `airlock req import|list|show|edit|diff|export|lint|pairs`: the project's requirements store, its lint and its
// duplicate/conflict pairs from the command line. Each command works on the store directly (no job: an import is one
// transaction, an export one audited write).
import { Option, type Command } from 'commander';
import path from 'node:path';
import { fail } from '../../shared/errors';
import { REQUIREMENT_LEVELS, type RequirementEdit, type RequirementRow } from '../../shared/requirements';
import type { PairRelation, RequirementLintRow, RequirementPairRow } from '../../shared/requirements-lint';
import { exportRequirements } from '../requirements/store/export-requirements';
import { importRequirements } from '../requirements/store/import-requirements';
import { dismissPair, requirementPairs, restorePair } from '../requirements/store/requirement-pairs';
import { diffRevisions, editRequirement, listRequirements, showRequirement } from '../requirements/store/requirements-service';
import { lintRequirements } from '../requirements/store/requirements-table';
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
  attr?: string[];
}

interface PairsOptions extends DocumentOptions {
  all?: boolean;
  embeddings?: string;
  partners?: string;
}

interface PairOptions extends ProjectOptions {
  relation: PairRelation;
  reason?: string;
}

const PAIR_RELATIONS: readonly PairRelation[] = ['duplicate', 'conflict'];
const relationOption = (): Option => new Option('--relation <relation>', PAIR_RELATIONS.join(' | ')).choices(PAIR_RELATIONS).makeOptionMandatory();

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
  if (o.attr !== undefined) edit.attributes = attributePairs(o.attr);
  return edit;
}

/** NAME=VALUE pairs, values kept as typed: the attribute's datatype reads them (typed-attributes.ts). */
function attributePairs(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    if (i <= 0) fail('BAD_INPUT', `'${pair}' is not NAME=VALUE.`, { where: { field: 'attr' } });
    out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}

function lintTable(rows: readonly RequirementLintRow[]): string {
  if (rows.length === 0) return 'no requirements';
  return table([
    ['ID', 'SCORE', 'EARS', 'FINDINGS'],
    ...rows.map((r) => [r.id, r.score.toFixed(2), r.ears.pattern, r.findings.map((f) => `${f.rule} "${f.text}"`).join('; ')]),
  ]);
}

function pairsTable(pairs: readonly RequirementPairRow[]): string {
  if (pairs.length === 0) return 'no duplicates or conflicts';
  return table([['A', 'B', 'RELATION', 'SCORE', 'REASON'], ...pairs.map((p) => [p.a, p.b, p.dismissed ? `${p.relation} (dismissed)` : p.relation, p.score.toFixed(2), p.reason])]);
}

export function register(program: Command, { io, withProject }: CliShared): void {
  const req = program.command('req').description('the requirements store: import and export ReqIF or CSV, list, show, edit, diff, lint, pairs');

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
    .option('--attr <name=value...>', 'a ReqIF attribute by its long name, read as its datatype (integer, real, true/false, date, enumeration value name, text); repeatable; NAME= removes it')
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
    .description('write the requirements to OUT.reqif, OUT.reqifz or OUT.csv, keeping their identifiers (audited with the file\'s SHA-256)')
    .addOption(projectOption())
    .option('--document <name>', 'only this document (its name or identifier)')
    .option('--force', 'replace OUT if it exists')
    .addOption(jsonOption())
    .action(async (out: string, o: DocumentOptions & { force?: boolean }) => {
      const summary = await withProject(o.project, async (s) => exportRequirements(storeOf(s), path.resolve(out), { document: o.document, overwrite: o.force === true }));
      print(io, !!o.json, summary, () => `${summary.file}: ${summary.requirements} requirements in ${summary.documents} documents, ${summary.relations} relations, sha256 ${summary.sha256}`);
    });

  req
    .command('lint')
    .description('the vague-wording lint of every requirement: score, EARS pattern and each finding with why and a rewrite')
    .addOption(projectOption())
    .option('--document <name>', 'only this document (its name or identifier)')
    .addOption(jsonOption())
    .action(async (o: DocumentOptions) => {
      const rows = await withProject(o.project, async (s) => lintRequirements(storeOf(s), { document: o.document }));
      print(io, !!o.json, rows, () => lintTable(rows));
    });

  const pairs = req.command('pairs').description('duplicate and conflicting requirements (`req pairs` lists them), and dismissals of pairs');

  // the listing is the default subcommand, so `req pairs --project DIR` lists and the parent holds no mandatory option
  // that `req pairs dismiss` would be asked for
  pairs
    .command('list', { isDefault: true })
    .description('duplicate and conflicting requirements, with a score and the reason; dismissed pairs only with --all')
    .addOption(projectOption())
    .option('--document <name>', 'only this document (its name or identifier)')
    .option('--all', 'list dismissed pairs too')
    .option('--embeddings <dir>', 'a sentence-embedding model folder (ONNX + tokenizer) for duplicates in other words')
    .option('--partners <k>', 'how many pairs each requirement lists, strongest first (default 10)')
    .addOption(jsonOption())
    .action(async (o: PairsOptions) => {
      const embeddings = o.embeddings === undefined ? undefined : path.resolve(o.embeddings);
      const rows = await withProject(o.project, (s) =>
        requirementPairs(storeOf(s), { document: o.document, dismissed: o.all === true, embeddings, partners: o.partners === undefined ? undefined : intArg(o.partners, 'partners') }),
      );
      print(io, !!o.json, rows, () => pairsTable(rows));
    });

  pairs
    .command('dismiss <a> <b>')
    .description('remember that A and B are not a duplicate (or conflict) while neither changes')
    .addOption(projectOption())
    .addOption(relationOption())
    .requiredOption('--reason <text>', 'why the pair is no duplicate or conflict')
    .addOption(jsonOption())
    .action(async (a: string, b: string, o: PairOptions) => {
      const reason = o.reason?.trim() ?? '';
      if (reason === '') fail('BAD_INPUT', 'Say why the pair is dismissed (--reason).', { where: { field: 'reason' } });
      const d = await withProject(o.project, async (s) => dismissPair(storeOf(s), { a, b, relation: o.relation, reason }));
      print(io, !!o.json, d, () => `${a} ${b}: ${d.relation} dismissed`);
    });

  pairs
    .command('restore <a> <b>')
    .description('forget a dismissal, so the pair is listed again')
    .addOption(projectOption())
    .addOption(relationOption())
    .addOption(jsonOption())
    .action(async (a: string, b: string, o: PairOptions) => {
      await withProject(o.project, async (s) => restorePair(storeOf(s), { a, b, relation: o.relation }));
      print(io, !!o.json, { a, b, relation: o.relation, restored: true }, () => `${a} ${b}: ${o.relation} restored`);
    });
}
