// Typed attribute edits: a ReqIF attribute value set by its definition's long name from the text a person typed,
// read as the definition's datatype (integer, real, boolean, date, enumeration by value name, string, XHTML from
// plain text) and checked against its bounds, so an export writes a value the other tool accepts.
import { fail } from '../../../shared/errors';
import type { RequirementAttributeField, RequirementAttributeRole } from '../../../shared/requirements';
import type { ReqifAttributeDefinition, ReqifDatatype, ReqifEnumValue, ReqifValue } from '../../../shared/reqif';
import { XHTML_NS } from '../reqif/xhtml-sanitize';
import { escapeText } from '../reqif/xml-tree';

/** The text as one XHTML paragraph: typed text has no formatting to keep. */
export const xhtmlOf = (text: string): string => `<div xmlns="${XHTML_NS}">${escapeText(text)}</div>`;

/** What the requirement's spec type declares: its attribute definitions and the datatypes they use. */
export interface AttributeSchema {
  definitions: readonly ReqifAttributeDefinition[];
  datatypes: readonly ReqifDatatype[];
}

/** what a person calls a definition or an enumeration value: its long name, else its identifier */
const nameOf = (d: ReqifAttributeDefinition | ReqifEnumValue): string => d.longName ?? d.identifier;

/** xsd:dateTime, with or without a zone: the form ReqIF DATE values take. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const ZONED = /(Z|[+-]\d{2}:\d{2})$/;

function bounded(value: number, type: ReqifDatatype | undefined, bad: (why: string) => never): number {
  if (type?.min !== undefined && value < Number(type.min)) bad(`is below the minimum ${type.min}`);
  if (type?.max !== undefined && value > Number(type.max)) bad(`is above the maximum ${type.max}`);
  return value;
}

/** `raw` as a value of `def`; `bad` fails with the reason, naming the attribute. */
function valueOf(def: ReqifAttributeDefinition, type: ReqifDatatype | undefined, raw: string, bad: (why: string) => never): ReqifValue {
  const definition = def.identifier;
  switch (def.kind) {
    case 'STRING':
      if (type?.maxLength !== undefined && raw.length > type.maxLength) bad(`is longer than its ${type.maxLength} characters`);
      return { kind: 'STRING', definition, value: raw };
    case 'XHTML':
      return { kind: 'XHTML', definition, xhtml: xhtmlOf(raw), text: raw };
    case 'INTEGER': {
      const value = /^[+-]?\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
      if (!Number.isSafeInteger(value)) bad('is not an integer');
      return { kind: 'INTEGER', definition, value: bounded(value, type, bad) };
    }
    case 'REAL': {
      const value = raw.trim() === '' ? NaN : Number(raw.trim());
      if (!Number.isFinite(value)) bad('is not a number');
      return { kind: 'REAL', definition, value: bounded(value, type, bad) };
    }
    case 'BOOLEAN': {
      const word = raw.trim().toLowerCase();
      if (word !== 'true' && word !== 'false') bad('is not true or false');
      return { kind: 'BOOLEAN', definition, value: word === 'true' };
    }
    case 'DATE': {
      const value = raw.trim();
      if (!DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) bad('is not a date and time like 2026-03-01T12:00:00Z');
      return { kind: 'DATE', definition, value, instant: ZONED.test(value) ? new Date(Date.parse(value)).toISOString() : null };
    }
    case 'ENUMERATION': {
      const choices = type?.values ?? [];
      const names = def.multiValued === true ? raw.split(',').map((n) => n.trim()) : [raw.trim()];
      if (def.multiValued !== true && names.length !== 1) bad('takes one value');
      const values = names.map(
        (n) => choices.find((c) => nameOf(c) === n)?.identifier ?? bad(`has no value "${n}" (values: ${choices.map(nameOf).join(', ')})`),
      );
      return { kind: 'ENUMERATION', definition, values };
    }
  }
}

/**
 * The values after setting each attribute `edits` names (by long name, or identifier) to its typed value; an empty
 * value removes it. `reserved` are the definitions other fields own (text, title): editing them here is refused.
 * Returns the new values and the definitions that changed.
 */
export function setAttributes(
  id: string,
  values: readonly ReqifValue[],
  edits: Readonly<Record<string, string>>,
  schema: AttributeSchema | null,
  reserved: ReadonlyMap<string, string>,
): { values: ReqifValue[]; changed: Set<string> } {
  let next: ReqifValue[] = [...values];
  const changed = new Set<string>();
  for (const [name, raw] of Object.entries(edits)) {
    const field = `attributes.${name}`;
    const def =
      schema?.definitions.find((d) => nameOf(d) === name) ??
      schema?.definitions.find((d) => d.identifier === name) ??
      fail('BAD_INPUT', `Requirement ${id} has no attribute "${name}".`, {
        where: { field },
        hint: schema === null ? 'A requirement imported from CSV has no typed attributes.' : `Its attributes: ${schema.definitions.map(nameOf).join(', ')}.`,
      });
    const owner = reserved.get(def.identifier);
    if (owner !== undefined) fail('BAD_INPUT', `Attribute "${name}" holds requirement ${id}'s ${owner}; edit the ${owner} instead.`, { where: { field } });
    const bad = (why: string): never => fail('BAD_INPUT', `Attribute "${name}" of requirement ${id}: "${raw}" ${why}.`, { where: { field } });
    const at = next.findIndex((v) => v.definition === def.identifier);
    if (raw === '') next = next.filter((v) => v.definition !== def.identifier);
    else {
      const value = valueOf(def, schema?.datatypes.find((t) => t.identifier === def.datatype), raw, bad);
      // in place, so an export lists the values in the order the file had them
      next = at === -1 ? [...next, value] : next.map((v, i) => (i === at ? value : v));
    }
    changed.add(def.identifier);
  }
  return { values: next, changed };
}

/** The text setAttributes reads back into `value`, so an editor shows what saving unchanged would store. */
function textOf(value: ReqifValue, choices: readonly ReqifEnumValue[]): string {
  switch (value.kind) {
    case 'STRING':
    case 'DATE':
      return value.value;
    case 'XHTML':
      return value.text;
    case 'INTEGER':
    case 'REAL':
    case 'BOOLEAN':
      return String(value.value);
    case 'ENUMERATION':
      return value.values
        .map((id) => {
          const choice = choices.find((c) => c.identifier === id);
          return choice === undefined ? id : nameOf(choice);
        })
        .join(', ');
  }
}

/** A bound as a number for a control; a 64-bit bound a double cannot hold exactly is still a fair limit to show. */
const boundOf = (raw: string | undefined): number | undefined => (raw === undefined || !Number.isFinite(Number(raw)) ? undefined : Number(raw));

/** Each attribute the schema defines with its value as an edit takes it, its datatype's choices and bounds, and its role. */
export function attributeFields(schema: AttributeSchema | null, values: readonly ReqifValue[], roles: ReadonlyMap<string, RequirementAttributeRole>): RequirementAttributeField[] {
  return (schema?.definitions ?? []).map((def) => {
    const type = schema?.datatypes.find((t) => t.identifier === def.datatype);
    const choices = type?.values ?? [];
    const value = values.find((v) => v.definition === def.identifier);
    const min = boundOf(type?.min);
    const max = boundOf(type?.max);
    return {
      name: nameOf(def),
      kind: def.kind,
      value: value === undefined ? '' : textOf(value, choices),
      role: roles.get(def.identifier) ?? null,
      ...(def.kind === 'ENUMERATION' ? { choices: choices.map(nameOf), multiValued: def.multiValued === true } : {}),
      ...(min !== undefined ? { min } : {}),
      ...(max !== undefined ? { max } : {}),
      ...(type?.maxLength !== undefined ? { maxLength: type.maxLength } : {}),
    };
  });
}
