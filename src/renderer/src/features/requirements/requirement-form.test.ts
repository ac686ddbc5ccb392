import { describe, expect, it } from 'vitest';
import type { RequirementAttributeField, RequirementDetail } from '../../../../shared/requirements';
import { attributeControls, changesNothing, editOf, formOf, lockedRoles } from './requirement-form';

const field = (name: string, kind: RequirementAttributeField['kind'], value: string, role: RequirementAttributeField['role'] = null): RequirementAttributeField => ({ name, kind, value, role });

const fields = [
  field('ReqIF.Text', 'XHTML', 'The pump shall stop within 2 s.', 'text'),
  field('ReqIF.ChapterName', 'STRING', 'Pump', 'title'),
  field('ReqIF.Status', 'STRING', 'draft', 'status'),
  { ...field('Level', 'ENUMERATION', 'software', 'level'), choices: ['system', 'software'], multiValued: false },
  field('Priority', 'INTEGER', '3'),
];

const detail: RequirementDetail = {
  id: 'P-1',
  title: 'Pump',
  text: 'The pump shall stop within 2 s.',
  level: 'software',
  parent: null,
  document: 'pumps',
  status: 'draft',
  owner: null,
  revision: 1,
  class: null,
  fingerprint: 'f',
  attributes: [],
  fields,
  xhtml: null,
};

describe('the requirement form', () => {
  it('shows each attribute once: not the text, title or a status the field writes, but a level held by an enumeration', () => {
    expect(attributeControls(fields).map((f) => f.name)).toEqual(['Level', 'Priority']);
    expect([...lockedRoles(fields)]).toEqual([['level', 'Level']]);
  });

  it('has nothing to save until a field changes, and then only the changed fields and attributes', () => {
    const form = formOf(detail);
    expect(changesNothing(editOf(detail, form))).toBe(true);
    expect(changesNothing(editOf(detail, { ...form, text: ` ${form.text} ` }))).toBe(true);
    const edit = editOf(detail, { ...form, status: 'approved', owner: ' ', title: 'Pump stop', attributes: { ...form.attributes, Priority: '5' } });
    expect(edit).toEqual({ status: 'approved', title: 'Pump stop', attributes: { Priority: '5' } });
  });

  it('clears the status and the level as no value', () => {
    expect(editOf(detail, { ...formOf(detail), status: '  ', level: null })).toEqual({ status: null, level: null });
  });
});
