// Writes the ReqIF model back as ReqIF 1.2 XML (and a .reqifz zip of documents and attachments), in the schema's element order, with the same identifiers, datatypes,
// values, hierarchy, relations and tool extensions, so reading what it writes gives the same model.
import { zipSync } from 'fflate';
import { fail } from '../../../shared/errors';
import type {
  ReqifAttributeDefinition,
  ReqifDatatype,
  ReqifDocument,
  ReqifHeader,
  ReqifHierarchyNode,
  ReqifIdentifiable,
  ReqifRelationGroup,
  ReqifSpecification,
  ReqifSpecObject,
  ReqifSpecRelation,
  ReqifSpecType,
  ReqifValue,
} from '../../../shared/reqif';
import { REQIF_NS } from './reqif-model';
import { escapeAttribute, escapeText } from './xml-tree';

type Attributes = Record<string, string | number | boolean | undefined>;

const SPEC_TYPE_ELEMENTS: Readonly<Record<ReqifSpecType['kind'], string>> = {
  specObject: 'SPEC-OBJECT-TYPE',
  specRelation: 'SPEC-RELATION-TYPE',
  specification: 'SPECIFICATION-TYPE',
  relationGroup: 'RELATION-GROUP-TYPE',
};

/** An element with its attributes (absent ones left out) and already-written children; raw children are not escaped. */
function element(name: string, attributes: Attributes, children: string[] = []): string {
  const attrs = Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttribute(String(v))}"`)
    .join('');
  return children.length === 0 ? `<${name}${attrs}/>` : `<${name}${attrs}>\n${children.join('\n')}\n</${name}>`;
}

function textElement(name: string, text: string | undefined): string[] {
  return text === undefined ? [] : [`<${name}>${escapeText(text)}</${name}>`];
}

/** <container><ref>id</ref>...</container>, or nothing for no ids. */
function refs(container: string, refName: string, ids: string[]): string[] {
  return ids.length === 0 ? [] : [element(container, {}, ids.map((id) => `<${refName}>${escapeText(id)}</${refName}>`))];
}

/** An identifiable element: its identity attributes, then its ALTERNATIVE-ID (first in every such element), then `children`. */
function identified(name: string, x: ReqifIdentifiable, attributes: Attributes, children: string[]): string {
  const alternative = x.alternativeId === undefined ? [] : [element('ALTERNATIVE-ID', {}, [element('ALTERNATIVE-ID', { IDENTIFIER: x.alternativeId })])];
  return element(name, { IDENTIFIER: x.identifier, 'LONG-NAME': x.longName, DESC: x.desc, 'LAST-CHANGE': x.lastChange, ...attributes }, [...alternative, ...children]);
}

function writeHeader(h: ReqifHeader): string {
  const fields = [
    ...textElement('COMMENT', h.comment),
    ...textElement('CREATION-TIME', h.creationTime),
    ...textElement('REPOSITORY-ID', h.repositoryId),
    ...textElement('REQ-IF-TOOL-ID', h.reqifToolId),
    ...textElement('REQ-IF-VERSION', h.reqifVersion),
    ...textElement('SOURCE-TOOL-ID', h.sourceToolId),
    ...textElement('TITLE', h.title),
  ];
  return element('THE-HEADER', {}, [element('REQ-IF-HEADER', { IDENTIFIER: h.identifier }, fields)]);
}

function writeDatatype(d: ReqifDatatype): string {
  const values = d.values?.map((v) =>
    identified('ENUM-VALUE', v, {}, [
      element('PROPERTIES', {}, [element('EMBEDDED-VALUE', { KEY: v.key, 'OTHER-CONTENT': v.otherContent })]),
    ]),
  );
  const attributes = { ACCURACY: d.accuracy, 'MAX-LENGTH': d.maxLength, MIN: d.min, MAX: d.max };
  return identified(`DATATYPE-DEFINITION-${d.kind}`, d, attributes, values ? [element('SPECIFIED-VALUES', {}, values)] : []);
}

function writeAttributeDefinition(a: ReqifAttributeDefinition): string {
  return identified(`ATTRIBUTE-DEFINITION-${a.kind}`, a, { 'IS-EDITABLE': a.isEditable, 'MULTI-VALUED': a.multiValued }, [
    ...(a.defaultValue ? [element('DEFAULT-VALUE', {}, [writeValue(a.defaultValue)])] : []),
    ...refs('TYPE', `DATATYPE-DEFINITION-${a.kind}-REF`, [a.datatype]),
  ]);
}

function writeSpecType(t: ReqifSpecType): string {
  const attributes = t.attributes.map(writeAttributeDefinition);
  return identified(SPEC_TYPE_ELEMENTS[t.kind], t, {}, attributes.length ? [element('SPEC-ATTRIBUTES', {}, attributes)] : []);
}

function writeValue(v: ReqifValue): string {
  const name = `ATTRIBUTE-VALUE-${v.kind}`;
  const definition = refs('DEFINITION', `ATTRIBUTE-DEFINITION-${v.kind}-REF`, [v.definition]);
  switch (v.kind) {
    case 'ENUMERATION':
      return element(name, {}, [...definition, ...refs('VALUES', 'ENUM-VALUE-REF', v.values)]);
    case 'XHTML':
      // the sanitised XHTML is XML already, each top-level element declaring its namespace: it goes in as is
      return element(name, { 'IS-SIMPLIFIED': v.isSimplified }, [
        ...definition,
        ...(v.original ? [`<THE-ORIGINAL-VALUE>${v.original.xhtml}</THE-ORIGINAL-VALUE>`] : []),
        `<THE-VALUE>${v.xhtml}</THE-VALUE>`,
      ]);
    default:
      return element(name, { 'THE-VALUE': v.value }, definition);
  }
}

function writeValues(values: ReqifValue[]): string[] {
  return values.length === 0 ? [] : [element('VALUES', {}, values.map(writeValue))];
}

function writeSpecObject(o: ReqifSpecObject): string {
  return identified('SPEC-OBJECT', o, {}, [...writeValues(o.values), ...refs('TYPE', 'SPEC-OBJECT-TYPE-REF', [o.type])]);
}

function writeSpecRelation(r: ReqifSpecRelation): string {
  return identified('SPEC-RELATION', r, {}, [
    ...writeValues(r.values),
    ...refs('SOURCE', 'SPEC-OBJECT-REF', [r.source]),
    ...refs('TARGET', 'SPEC-OBJECT-REF', [r.target]),
    ...refs('TYPE', 'SPEC-RELATION-TYPE-REF', [r.type]),
  ]);
}

function writeChildren(nodes: ReqifHierarchyNode[]): string[] {
  return nodes.length === 0 ? [] : [element('CHILDREN', {}, nodes.map(writeHierarchyNode))];
}

function writeHierarchyNode(n: ReqifHierarchyNode): string {
  const editable = n.editableAttributes?.map((a) => `<ATTRIBUTE-DEFINITION-${a.kind}-REF>${escapeText(a.definition)}</ATTRIBUTE-DEFINITION-${a.kind}-REF>`);
  return identified('SPEC-HIERARCHY', n, { 'IS-EDITABLE': n.isEditable, 'IS-TABLE-INTERNAL': n.isTableInternal }, [
    ...writeChildren(n.children),
    ...(editable ? [element('EDITABLE-ATTS', {}, editable)] : []),
    ...refs('OBJECT', 'SPEC-OBJECT-REF', [n.object]),
  ]);
}

function writeSpecification(s: ReqifSpecification): string {
  return identified('SPECIFICATION', s, {}, [
    ...writeValues(s.values),
    ...writeChildren(s.children),
    ...refs('TYPE', 'SPECIFICATION-TYPE-REF', [s.type]),
  ]);
}

function writeRelationGroup(g: ReqifRelationGroup): string {
  return identified('RELATION-GROUP', g, {}, [
    ...refs('SOURCE-SPECIFICATION', 'SPECIFICATION-REF', [g.sourceSpecification]),
    ...refs('SPEC-RELATIONS', 'SPEC-RELATION-REF', g.relations),
    ...refs('TARGET-SPECIFICATION', 'SPECIFICATION-REF', [g.targetSpecification]),
    ...refs('TYPE', 'RELATION-GROUP-TYPE-REF', [g.type]),
  ]);
}

/** A section of REQ-IF-CONTENT, left out when it has nothing to hold. */
function section(name: string, items: string[]): string[] {
  return items.length === 0 ? [] : [element(name, {}, items)];
}

export function writeReqif(doc: ReqifDocument): string {
  const content = element('REQ-IF-CONTENT', {}, [
    ...section('DATATYPES', doc.datatypes.map(writeDatatype)),
    ...section('SPEC-TYPES', doc.specTypes.map(writeSpecType)),
    ...section('SPEC-OBJECTS', doc.specObjects.map(writeSpecObject)),
    ...section('SPEC-RELATIONS', doc.specRelations.map(writeSpecRelation)),
    ...section('SPECIFICATIONS', doc.specifications.map(writeSpecification)),
    ...section('SPEC-RELATION-GROUPS', doc.relationGroups.map(writeRelationGroup)),
  ]);
  const root = element('REQ-IF', { xmlns: REQIF_NS }, [
    writeHeader(doc.header),
    element('CORE-CONTENT', {}, [content]),
    // each extension declares every namespace it uses, so it needs nothing from here
    ...section('TOOL-EXTENSIONS', doc.toolExtensions),
  ]);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}

/** A .reqifz: each document as the member it was read from (or document-N.reqif), and each attachment under its name. */
export function writeReqifz(documents: readonly ReqifDocument[], attachments: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const members: Record<string, Uint8Array> = {};
  const encoder = new TextEncoder();
  documents.forEach((doc, i) => {
    members[doc.member ?? `document-${i + 1}.reqif`] = encoder.encode(writeReqif(doc));
  });
  for (const [name, data] of attachments) {
    // a reader takes every .reqif member for a document, so an attachment may not look like one or replace one
    if (name in members || name.toLowerCase().endsWith('.reqif')) {
      fail('BAD_INPUT', `The attachment ${name} would be read as a ReqIF document of the .reqifz.`, { where: { field: 'attachments' } });
    }
    members[name] = data;
  }
  return zipSync(members, { level: 6 });
}
