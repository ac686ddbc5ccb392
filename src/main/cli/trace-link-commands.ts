// `airlock trace link, unlink, links, targets`: make and remove links between requirements and artifacts (or other
// requirements), list them with their status, and list what a link can point at. Targets are written KIND:ID[@VERSION].
import { Option } from 'commander';
import { fail } from '../../shared/errors';
import { TARGET_KIND_WORDS, type TraceLinkInfo, type TraceTargetInfo } from '../../shared/trace';
import { TRACE_LINK_TYPES, TRACE_TARGET_KINDS, type TraceLinkType } from '../../shared/trace-matrix';
import type { ProjectStore } from '../store/project-store';
import { linkRequirement, liveLink, traceLinks, unlinkLink } from '../trace/links/links-service';
import { resolveTargetRef, targetKindOf, traceTargets } from '../trace/links/trace-targets';
import { jsonOption, projectOption, type ProjectOptions } from './options';
import { print, type CliSession } from './session';
import { table } from './table';
import type { RegisterTraceCommands } from './trace-commands';

interface LinkOptions extends ProjectOptions {
  type: TraceLinkType;
  reason?: string;
}

interface UnlinkOptions extends ProjectOptions {
  type?: TraceLinkType;
  reason?: string;
}

interface LinksOptions extends ProjectOptions {
  requirement?: string;
  target?: string;
}

const LINK_ID = /^lnk-[a-f0-9]{16}$/;
const KIND_WORDS = TRACE_TARGET_KINDS.map((k) => TARGET_KIND_WORDS[k]).join(' | ');

const storeOf = (s: CliSession): ProjectStore => s.app.requireProject().store;
const typeOption = (mandatory: boolean): Option => {
  const o = new Option('--type <type>', TRACE_LINK_TYPES.join(' | ')).choices(TRACE_LINK_TYPES);
  return mandatory ? o.makeOptionMandatory() : o;
};
const targetText = (l: TraceLinkInfo): string => `${TARGET_KIND_WORDS[l.target.kind]}:${l.target.id}${l.targetLabel === l.target.id ? '' : ` (${l.targetLabel})`}`;
const linkLine = (l: TraceLinkInfo): string => `${l.id} ${l.requirement} ${l.type} ${targetText(l)}: ${l.status}`;

function linksTable(links: readonly TraceLinkInfo[]): string {
  return links.length === 0 ? 'no links' : table([['ID', 'REQUIREMENT', 'TYPE', 'TARGET', 'STATUS', 'ORIGIN'], ...links.map((l) => [l.id, l.requirement, l.type, targetText(l), l.status, l.origin])]);
}

function targetsTable(targets: readonly TraceTargetInfo[]): string {
  return targets.length === 0 ? 'nothing to link to' : table([['TARGET', 'LABEL', 'CREATED'], ...targets.map((t) => [`${TARGET_KIND_WORDS[t.kind]}:${t.id}`, t.label, t.createdAt])]);
}

/** `unlink LINK_ID`, or `unlink REQ_ID KIND:ID --type T`: the live link either names. */
function linkToRemove(store: ProjectStore, first: string, target: string | undefined, type: TraceLinkType | undefined): string {
  if (target === undefined) {
    if (!LINK_ID.test(first)) fail('BAD_INPUT', `'${first}' is not a link id (lnk-...); to name a link by its ends write REQ_ID KIND:ID --type TYPE.`, { where: { field: 'link' } });
    return first;
  }
  if (type === undefined) fail('BAD_INPUT', 'Say which link between them to remove (--type).', { where: { field: 'type' } });
  return liveLink(store, first, type, resolveTargetRef(store, target)).id;
}

export const register: RegisterTraceCommands = (trace, { io, withProject }) => {
  trace
    .command('link <requirement> <target>')
    .description(`link a requirement to TARGET, written KIND:ID[@VERSION] (KIND: ${KIND_WORDS}); model:NAME@ALIAS and dataset:NAME (its newest version) work too`)
    .addOption(projectOption())
    .addOption(typeOption(true))
    .option('--reason <text>', 'why the link holds')
    .addOption(jsonOption())
    .action(async (requirement: string, target: string, o: LinkOptions) => {
      const info = await withProject(o.project, async (s) =>
        linkRequirement(storeOf(s), { requirement, target: resolveTargetRef(storeOf(s), target), type: o.type, reason: o.reason?.trim() || null, origin: 'manual' }),
      );
      print(io, !!o.json, info, () => linkLine(info));
    });

  trace
    .command('unlink <link> [target]')
    .description('remove a link, named by its id or by REQ_ID KIND:ID --type TYPE (kept as removed in the audit trail; link again to undo)')
    .addOption(projectOption())
    .addOption(typeOption(false))
    .option('--reason <text>', 'why it is removed')
    .addOption(jsonOption())
    .action(async (first: string, target: string | undefined, o: UnlinkOptions) => {
      const info = await withProject(o.project, async (s) => unlinkLink(storeOf(s), linkToRemove(storeOf(s), first, target, o.type), o.reason?.trim() || null));
      print(io, !!o.json, info, () => `removed ${linkLine(info)}`);
    });

  trace
    .command('links')
    .description('live links with their status now (ok, suspect, failing, no-evidence), of one requirement, of one target, or all')
    .addOption(projectOption())
    .option('--requirement <id>', 'only the links of this requirement')
    .option('--target <KIND:ID>', 'only the links to this target')
    .addOption(jsonOption())
    .action(async (o: LinksOptions) => {
      const links = await withProject(o.project, async (s) =>
        traceLinks(storeOf(s), { requirement: o.requirement, target: o.target === undefined ? undefined : resolveTargetRef(storeOf(s), o.target) }),
      );
      print(io, !!o.json, links, () => linksTable(links));
    });

  trace
    .command('targets')
    .description('everything a link can point at, with the label the window shows')
    .addOption(projectOption())
    .option('--kind <kind...>', `only these kinds (${KIND_WORDS})`)
    .addOption(jsonOption())
    .action(async (o: ProjectOptions & { kind?: string[] }) => {
      const kinds = o.kind?.map((k) => targetKindOf(k));
      const targets = await withProject(o.project, async (s) => traceTargets(storeOf(s), kinds));
      print(io, !!o.json, targets, () => targetsTable(targets));
    });
};
