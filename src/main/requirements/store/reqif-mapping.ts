// Which of a spec object's attribute values is its text and which its title: tools name them differently (ReqIF.Text,
// "Object Text", ReqIF.ChapterName, "Object Heading"), so the standard names win, then names that say so, then kinds.
import { REQUIREMENT_LEVELS, type RequirementLevel } from '../../../shared/requirements';
import type { ReqifDatatype, ReqifSpecType, ReqifValue } from '../../../shared/reqif';

export interface TextAndTitle {
  text: string;
  title: string;
  xhtml: string | null;
  textDefinition: string | null;
  titleDefinition: string | null;
}

/** attribute definition identifier -> its long name, over every spec type of the document */
export function definitionNames(specTypes: readonly ReqifSpecType[]): Map<string, string> {
  return new Map(specTypes.flatMap((t) => t.attributes.map((a): [string, string] => [a.identifier, a.longName ?? a.identifier])));
}

/** The plain text a reader sees in a value; '' for kinds that hold no words. */
export function plainText(v: ReqifValue): string {
  if (v.kind === 'XHTML') return v.text;
  if (v.kind === 'STRING') return v.value;
  return '';
}

const TEXT_NAMES = [/^ReqIF\.Text$/i, /^ReqIF\.Description$/i, /text|description|statement/i];
const TITLE_NAMES = [/^ReqIF\.ChapterName$/i, /^ReqIF\.Name$/i, /heading|title|^name$/i];

function pick(values: readonly ReqifValue[], names: ReadonlyMap<string, string>, patterns: readonly RegExp[], taken: string | null): ReqifValue | undefined {
  const words = values.filter((v) => (v.kind === 'XHTML' || v.kind === 'STRING') && v.definition !== taken);
  for (const pattern of patterns) {
    const found = words.find((v) => pattern.test(names.get(v.definition) ?? v.definition));
    if (found) return found;
  }
  return undefined;
}

/**
 * The definition a requirement's text (or title) would be read from by its name alone: where one without a value for
 * it (a heading has no text, a requirement no chapter name) still keeps that field.
 */
export function definitionNamed(names: ReadonlyMap<string, string>, field: 'text' | 'title'): string | null {
  for (const pattern of field === 'text' ? TEXT_NAMES : TITLE_NAMES) {
    const found = [...names].find(([, name]) => pattern.test(name));
    if (found) return found[0];
  }
  return null;
}

/** Values that identify rather than say anything: a fallback text never comes from them. */
const NOT_TEXT = /^ReqIF\.Foreign|^ID$|identifier/i;

export function textAndTitle(values: readonly ReqifValue[], names: ReadonlyMap<string, string>): TextAndTitle {
  const title = pick(values, names, TITLE_NAMES, null);
  const taken = title?.definition ?? null;
  // with no named text, the first XHTML value is the text (DOORS' "Object Text" may be named anything), else the first
  // string; a heading object (only a chapter name) has no text
  const fallback = (kind: ReqifValue['kind']): ReqifValue | undefined =>
    values.find((v) => v.kind === kind && v.definition !== taken && !NOT_TEXT.test(names.get(v.definition) ?? v.definition));
  const text = pick(values, names, TEXT_NAMES, taken) ?? fallback('XHTML') ?? fallback('STRING');
  return {
    text: text ? plainText(text) : '',
    title: title ? plainText(title) : '',
    xhtml: text?.kind === 'XHTML' ? text.xhtml : null,
    textDefinition: text?.definition ?? null,
    titleDefinition: taken,
  };
}

/** The attribute definitions that hold a requirement's level, status and owner, found by name ("Level", "ReqIF.Status"...). */
export interface RoleDefinitions {
  level: ReadonlySet<string>;
  status: ReadonlySet<string>;
  owner: ReadonlySet<string>;
}

export function roleDefinitions(names: ReadonlyMap<string, string>): RoleDefinitions {
  const named = (pattern: RegExp): Set<string> => new Set([...names].filter(([, name]) => pattern.test(name)).map(([id]) => id));
  return { level: named(/^(ReqIF\.)?level$/i), status: named(/^(ReqIF\.)?status$/i), owner: named(/^(ReqIF\.)?(owner|author)$/i) };
}

/** enum value identifier -> its long name, over every enumeration datatype */
export function enumNames(datatypes: readonly ReqifDatatype[]): Map<string, string> {
  return new Map(datatypes.flatMap((d) => (d.values ?? []).map((v): [string, string] => [v.identifier, v.longName ?? v.identifier])));
}

export interface Roles {
  level: RequirementLevel | null;
  status: string | null;
  owner: string | null;
}

export function readRoles(values: readonly ReqifValue[], roles: RoleDefinitions, enums: ReadonlyMap<string, string>): Roles {
  const read = (definitions: ReadonlySet<string>): string | null => {
    const v = values.find((x) => definitions.has(x.definition));
    if (v === undefined) return null;
    if (v.kind === 'ENUMERATION') return v.values.map((id) => enums.get(id) ?? id).join(', ') || null;
    return plainText(v).trim() || null;
  };
  const level = read(roles.level)?.toLowerCase().replace(/[\s_]+/g, '-');
  return { level: REQUIREMENT_LEVELS.find((l) => l === level) ?? null, status: read(roles.status), owner: read(roles.owner) };
}
