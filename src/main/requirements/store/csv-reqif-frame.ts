// The ReqIF frame Airlock writes for a document that came from CSV (which has no datatypes or spec types of its own):
// one string datatype, and a requirement type whose attributes are the standard ReqIF.Text and ReqIF.Name plus the
// level, status and owner the store keeps.
import type { RequirementRevision } from '../../../shared/requirements';
import type { ReqifAttributeDefinition, ReqifValue } from '../../../shared/reqif';
import type { ReqifFrame } from './plan-reqif';

const STRING_TYPE = 'airlock-dt-string';
export const CSV_OBJECT_TYPE = 'airlock-t-requirement';
export const CSV_SPECIFICATION_TYPE = 'airlock-t-specification';

/** field of the revision -> the attribute definition that carries it, with the name other tools know it by */
const FIELDS = [
  ['text', 'airlock-a-text', 'ReqIF.Text'],
  ['title', 'airlock-a-title', 'ReqIF.Name'],
  ['level', 'airlock-a-level', 'Level'],
  ['status', 'airlock-a-status', 'Status'],
  ['owner', 'airlock-a-owner', 'Owner'],
] as const;

const definition = ([, identifier, longName]: (typeof FIELDS)[number]): ReqifAttributeDefinition => ({ identifier, longName, kind: 'STRING', datatype: STRING_TYPE });

export function csvFrame(name: string, creationTime: string): ReqifFrame {
  return {
    member: null,
    header: { identifier: `airlock-${name.replace(/[^A-Za-z0-9_.-]/g, '_')}`, title: name, creationTime, reqifToolId: 'Airlock', reqifVersion: '1.0', sourceToolId: 'Airlock' },
    datatypes: [{ identifier: STRING_TYPE, longName: 'String', kind: 'STRING', maxLength: 65535 }],
    specTypes: [
      { identifier: CSV_OBJECT_TYPE, longName: 'Requirement', kind: 'specObject', attributes: FIELDS.map(definition) },
      { identifier: CSV_SPECIFICATION_TYPE, longName: 'Specification', kind: 'specification', attributes: [] },
    ],
    relationGroups: [],
    toolExtensions: [],
  };
}

/** A CSV requirement's fields as string values; empty fields are left out, as a tool leaves out unset attributes. */
export function csvValues(r: RequirementRevision): ReqifValue[] {
  return FIELDS.flatMap(([field, identifier]) => {
    const value = r[field];
    return value === null || value === '' ? [] : [{ kind: 'STRING' as const, definition: identifier, value }];
  });
}
