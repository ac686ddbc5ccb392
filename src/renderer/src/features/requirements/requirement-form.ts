// The editor's form over one requirement: its fields and typed attributes as typed, and the edit that holds only what
// changed, so one Save makes one revision and an unchanged form has nothing to save.
import type { RequirementAttributeField, RequirementAttributeRole, RequirementDetail, RequirementEdit, RequirementLevel } from '../../../../shared/requirements';

export interface RequirementForm {
  text: string;
  title: string;
  level: RequirementLevel | null;
  /** '' is no status (no owner) */
  status: string;
  owner: string;
  /** by attribute name, as requirements.edit takes them */
  attributes: Record<string, string>;
}

type RoleField = Extract<RequirementAttributeRole, 'level' | 'status' | 'owner'>;

/** an attribute of these kinds takes the field's words, so the field writes it; other kinds keep their own control */
const holdsWords = (f: RequirementAttributeField): boolean => f.kind === 'STRING' || f.kind === 'XHTML';

/** The attributes shown as controls of their own: not the text and title, nor a level, status or owner the field writes. */
export function attributeControls(fields: readonly RequirementAttributeField[]): RequirementAttributeField[] {
  return fields.filter((f) => f.role === null || (f.role !== 'text' && f.role !== 'title' && !holdsWords(f)));
}

/**
 * The level, status or owner an attribute of another kind (an enumeration) holds: the field is read from that attribute,
 * so it is edited there and the field is locked, mapped to the attribute's name.
 */
export function lockedRoles(fields: readonly RequirementAttributeField[]): Map<RoleField, string> {
  const locked = new Map<RoleField, string>();
  for (const f of fields) if ((f.role === 'level' || f.role === 'status' || f.role === 'owner') && !holdsWords(f)) locked.set(f.role, f.name);
  return locked;
}

export function formOf(detail: RequirementDetail): RequirementForm {
  return {
    text: detail.text,
    title: detail.title,
    level: detail.level,
    status: detail.status ?? '',
    owner: detail.owner ?? '',
    attributes: Object.fromEntries(attributeControls(detail.fields).map((f) => [f.name, f.value])),
  };
}

/** '' and spaces are no value */
const orNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/** The fields and attributes the form changed; empty when it changed nothing. */
export function editOf(detail: RequirementDetail, form: RequirementForm): RequirementEdit {
  const edit: RequirementEdit = {};
  if (form.text.trim() !== detail.text.trim()) edit.text = form.text.trim();
  if (form.title.trim() !== detail.title.trim()) edit.title = form.title.trim();
  if (form.level !== detail.level) edit.level = form.level;
  if (orNull(form.status) !== detail.status) edit.status = orNull(form.status);
  if (orNull(form.owner) !== detail.owner) edit.owner = orNull(form.owner);
  const before = formOf(detail).attributes;
  const attributes = Object.fromEntries(Object.entries(form.attributes).filter(([name, value]) => value !== before[name]));
  if (Object.keys(attributes).length > 0) edit.attributes = attributes;
  return edit;
}

export const changesNothing = (edit: RequirementEdit): boolean => Object.keys(edit).length === 0;
