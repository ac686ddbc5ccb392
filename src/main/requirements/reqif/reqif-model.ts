// Builds the ReqIF model (src/shared/reqif.ts) from one record tree at a time, matching elements by namespace URI and
// local name only; at the end it reports what real exports do that still imports (dangling references, orphans).
import { fail } from '../../../shared/errors';
import {
  REQIF_KINDS,
  type ReqifAttributeDefinition,
  type ReqifDatatype,
  type ReqifDocument,
  type ReqifEnumValue,
  type ReqifHeader,
  type ReqifHierarchyNode,
  type ReqifIdentifiable,
  type ReqifKind,
  type ReqifRelationGroup,
  type ReqifSpecification,
  type ReqifSpecObject,
  type ReqifSpecRelation,
  type ReqifSpecType,
  type ReqifSpecTypeKind,
  type ReqifValue,
  type ReqifWarning,
} from '../../../shared/reqif';
import { sanitizeXhtml } from './xhtml-sanitize';
import { isElement, qualifiedName, serializeOpaque, textOf, type XmlElement } from './xml-tree';

/** ReqIF 1.0, 1.1 and 1.2 all use this one namespace. */
export const REQIF_NS = 'http://www.omg.org/spec/ReqIF/20110401/reqif.xsd';

export type RecordContainer =
  | 'THE-HEADER'
  | 'DATATYPES'
  | 'SPEC-TYPES'
  | 'SPEC-OBJECTS'
  | 'SPEC-RELATIONS'
  | 'SPECIFICATIONS'
  | 'SPEC-RELATION-GROUPS'
  | 'TOOL-EXTENSIONS';

const SPEC_TYPE_KINDS: Readonly<Record<string, ReqifSpecTypeKind>> = {
  'SPEC-OBJECT-TYPE': 'specObject',
  'SPEC-RELATION-TYPE': 'specRelation',
  'SPECIFICATION-TYPE': 'specification',
  'RELATION-GROUP-TYPE': 'relationGroup',
};

const HEADER_FIELDS: ReadonlyArray<[string, Exclude<keyof ReqifHeader, 'identifier'>]> = [
  ['COMMENT', 'comment'],
  ['CREATION-TIME', 'creationTime'],
  ['REPOSITORY-ID', 'repositoryId'],
  ['REQ-IF-TOOL-ID', 'reqifToolId'],
  ['REQ-IF-VERSION', 'reqifVersion'],
  ['SOURCE-TOOL-ID', 'sourceToolId'],
  ['TITLE', 'title'],
];

/** An xsd:dateTime that names its zone: Z or ±hh:mm at the end. */
const ZONED = /(Z|[+-]\d\d:\d\d)$/;

function reqifChildren(el: XmlElement, local?: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => isElement(c) && c.uri === REQIF_NS && (local === undefined || c.local === local));
}

function reqifChild(el: XmlElement, local: string): XmlElement | undefined {
  return reqifChildren(el, local)[0];
}

/** An attribute in no namespace, as ReqIF's own attributes are. */
function attribute(el: XmlElement, name: string): string | undefined {
  return el.attributes.find((a) => a.uri === '' && a.local === name)?.value;
}

function flag(el: XmlElement, name: string): boolean | undefined {
  const value = attribute(el, name);
  return value === undefined ? undefined : value === 'true' || value === '1';
}

/** Copies the optional fields that are present, so absent ones stay absent (and a round trip writes none). */
function optional<F extends Record<string, unknown>>(fields: F): { [K in keyof F]?: Exclude<F[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as { [K in keyof F]?: Exclude<F[K], undefined> };
}

export class ReqifModelBuilder {
  private header: ReqifHeader | null = null;
  private readonly datatypes: ReqifDatatype[] = [];
  private readonly specTypes: ReqifSpecType[] = [];
  private readonly specObjects: ReqifSpecObject[] = [];
  private readonly specRelations: ReqifSpecRelation[] = [];
  private readonly specifications: ReqifSpecification[] = [];
  private readonly relationGroups: ReqifRelationGroup[] = [];
  private readonly toolExtensions: string[] = [];
  private readonly warnings: ReqifWarning[] = [];

  constructor(private readonly source: string, private readonly member: string | null) {}

  /** One record: a direct child of a container element; children in other namespaces are another tool's and skipped. */
  add(container: RecordContainer, el: XmlElement): void {
    if (container === 'TOOL-EXTENSIONS') {
      this.toolExtensions.push(serializeOpaque(el));
      return;
    }
    if (el.uri !== REQIF_NS) return;
    switch (container) {
      case 'THE-HEADER':
        if (el.local === 'REQ-IF-HEADER') this.header = this.readHeader(el);
        return;
      case 'DATATYPES':
        this.datatypes.push(this.readDatatype(el));
        return;
      case 'SPEC-TYPES':
        this.specTypes.push(this.readSpecType(el));
        return;
      case 'SPEC-OBJECTS':
        this.specObjects.push({ ...this.identifiable(el), type: this.ref(el, 'TYPE', 'SPEC-OBJECT-TYPE-REF'), values: this.readValues(el) });
        return;
      case 'SPEC-RELATIONS':
        this.specRelations.push({
          ...this.identifiable(el),
          type: this.ref(el, 'TYPE', 'SPEC-RELATION-TYPE-REF'),
          source: this.ref(el, 'SOURCE', 'SPEC-OBJECT-REF'),
          target: this.ref(el, 'TARGET', 'SPEC-OBJECT-REF'),
          values: this.readValues(el),
        });
        return;
      case 'SPECIFICATIONS':
        this.specifications.push({
          ...this.identifiable(el),
          type: this.ref(el, 'TYPE', 'SPECIFICATION-TYPE-REF'),
          values: this.readValues(el),
          children: this.readHierarchy(el),
        });
        return;
      case 'SPEC-RELATION-GROUPS':
        this.relationGroups.push({
          ...this.identifiable(el),
          type: this.ref(el, 'TYPE', 'RELATION-GROUP-TYPE-REF'),
          sourceSpecification: this.ref(el, 'SOURCE-SPECIFICATION', 'SPECIFICATION-REF'),
          targetSpecification: this.ref(el, 'TARGET-SPECIFICATION', 'SPECIFICATION-REF'),
          relations: this.refs(el, 'SPEC-RELATIONS', 'SPEC-RELATION-REF'),
        });
        return;
    }
  }

  finish(): ReqifDocument {
    if (!this.header) fail('REQIF_INVALID', `${this.source} has no REQ-IF-HEADER inside THE-HEADER.`, { where: { file: this.source, field: 'THE-HEADER' } });
    return {
      member: this.member,
      header: this.header,
      datatypes: this.datatypes,
      specTypes: this.specTypes,
      specObjects: this.specObjects,
      specRelations: this.specRelations,
      specifications: this.specifications,
      relationGroups: this.relationGroups,
      toolExtensions: this.toolExtensions,
      warnings: [...this.warnings, ...this.integrityWarnings()],
    };
  }

  private integrityWarnings(): ReqifWarning[] {
    const objects = new Set(this.specObjects.map((o) => o.identifier));
    const warnings: ReqifWarning[] = [];
    for (const r of this.specRelations) {
      const outside = [r.source, r.target].filter((end) => !objects.has(end));
      if (outside.length > 0) {
        warnings.push({
          code: 'RELATION_OUTSIDE_DOCUMENT',
          identifier: r.identifier,
          message: `Relation ${r.identifier} points at ${outside.join(' and ')}, not in this document: it is kept as a link into another document.`,
        });
      }
    }
    const shown = new Set<string>();
    const visit = (nodes: ReqifHierarchyNode[]): void => {
      for (const node of nodes) {
        shown.add(node.object);
        if (!objects.has(node.object)) {
          warnings.push({
            code: 'HIERARCHY_OBJECT_MISSING',
            identifier: node.identifier,
            message: `Hierarchy node ${node.identifier} shows spec object ${node.object}, which this document does not hold.`,
          });
        }
        visit(node.children);
      }
    };
    for (const spec of this.specifications) visit(spec.children);
    for (const o of this.specObjects) {
      if (!shown.has(o.identifier)) {
        warnings.push({ code: 'OBJECT_NOT_IN_HIERARCHY', identifier: o.identifier, message: `Spec object ${o.identifier} is in no specification's hierarchy.` });
      }
    }
    return warnings;
  }

  private invalid(el: XmlElement, problem: string): never {
    fail('REQIF_INVALID', `${this.source}: <${qualifiedName(el)}> at line ${el.line} ${problem}.`, { where: { file: this.source, line: el.line, field: el.local } });
  }

  private identifiable(el: XmlElement): ReqifIdentifiable {
    const identifier = attribute(el, 'IDENTIFIER');
    if (!identifier) this.invalid(el, 'has no IDENTIFIER');
    // <ALTERNATIVE-ID><ALTERNATIVE-ID IDENTIFIER="..."/></ALTERNATIVE-ID>: the element and its one child share the name
    const holder = reqifChild(el, 'ALTERNATIVE-ID');
    const alternative = holder && reqifChild(holder, 'ALTERNATIVE-ID');
    return {
      identifier,
      ...optional({
        longName: attribute(el, 'LONG-NAME'),
        desc: attribute(el, 'DESC'),
        lastChange: attribute(el, 'LAST-CHANGE'),
        alternativeId: alternative && attribute(alternative, 'IDENTIFIER'),
      }),
    };
  }

  /** The identifier in <container><refName>ID</refName></container>. */
  private ref(el: XmlElement, container: string, refName: string): string {
    const id = this.refs(el, container, refName)[0];
    if (id === undefined) this.invalid(el, `has no ${container}/${refName}`);
    return id;
  }

  private refs(el: XmlElement, container: string, refName: string): string[] {
    const holder = reqifChild(el, container);
    return holder ? reqifChildren(holder, refName).map((r) => textOf(r).trim()) : [];
  }

  private kind(el: XmlElement, prefix: string, suffix = ''): ReqifKind {
    const kind = REQIF_KINDS.find((k) => el.local === `${prefix}${k}${suffix}`);
    if (!kind) this.invalid(el, `is not one of the seven ReqIF kinds (${REQIF_KINDS.map((k) => prefix + k + suffix).join(', ')})`);
    return kind;
  }

  private number(el: XmlElement, name: string): number | undefined {
    const text = attribute(el, name);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) this.invalid(el, `has ${name}="${text}", which is not a number`);
    return value;
  }

  private readHeader(el: XmlElement): ReqifHeader {
    const header: ReqifHeader = { identifier: this.identifiable(el).identifier };
    for (const [element, field] of HEADER_FIELDS) {
      const child = reqifChild(el, element);
      if (child) header[field] = textOf(child);
    }
    return header;
  }

  private readDatatype(el: XmlElement): ReqifDatatype {
    const kind = this.kind(el, 'DATATYPE-DEFINITION-');
    const datatype: ReqifDatatype = {
      ...this.identifiable(el),
      kind,
      ...optional({
        maxLength: kind === 'STRING' ? this.number(el, 'MAX-LENGTH') : undefined,
        min: kind === 'INTEGER' || kind === 'REAL' ? attribute(el, 'MIN') : undefined,
        max: kind === 'INTEGER' || kind === 'REAL' ? attribute(el, 'MAX') : undefined,
        accuracy: kind === 'REAL' ? this.number(el, 'ACCURACY') : undefined,
      }),
    };
    if (kind === 'ENUMERATION') {
      const specified = reqifChild(el, 'SPECIFIED-VALUES');
      datatype.values = specified ? reqifChildren(specified, 'ENUM-VALUE').map((v) => this.readEnumValue(v)) : [];
    }
    return datatype;
  }

  private readEnumValue(el: XmlElement): ReqifEnumValue {
    const properties = reqifChild(el, 'PROPERTIES');
    const embedded = properties && reqifChild(properties, 'EMBEDDED-VALUE');
    if (!embedded) this.invalid(el, 'has no PROPERTIES/EMBEDDED-VALUE');
    return { ...this.identifiable(el), key: this.number(embedded, 'KEY') ?? 0, ...optional({ otherContent: attribute(embedded, 'OTHER-CONTENT') }) };
  }

  private readSpecType(el: XmlElement): ReqifSpecType {
    const kind = SPEC_TYPE_KINDS[el.local];
    if (!kind) this.invalid(el, `is not a spec type (${Object.keys(SPEC_TYPE_KINDS).join(', ')})`);
    const holder = reqifChild(el, 'SPEC-ATTRIBUTES');
    return { ...this.identifiable(el), kind, attributes: holder ? reqifChildren(holder).map((a) => this.readAttributeDefinition(a)) : [] };
  }

  private readAttributeDefinition(el: XmlElement): ReqifAttributeDefinition {
    const kind = this.kind(el, 'ATTRIBUTE-DEFINITION-');
    const identity = this.identifiable(el);
    const defaultHolder = reqifChild(el, 'DEFAULT-VALUE');
    const defaultElement = defaultHolder && reqifChildren(defaultHolder)[0];
    return {
      ...identity,
      kind,
      datatype: this.ref(el, 'TYPE', `DATATYPE-DEFINITION-${kind}-REF`),
      ...optional({
        isEditable: flag(el, 'IS-EDITABLE'),
        multiValued: kind === 'ENUMERATION' ? flag(el, 'MULTI-VALUED') : undefined,
        // a default value may leave out its DEFINITION: it can only be the definition it sits in
        defaultValue: defaultElement ? this.readValue(defaultElement, identity.identifier) : undefined,
      }),
    };
  }

  private readValues(el: XmlElement): ReqifValue[] {
    const holder = reqifChild(el, 'VALUES');
    return holder ? reqifChildren(holder).map((v) => this.readValue(v)) : [];
  }

  private readValue(el: XmlElement, owner?: string): ReqifValue {
    const kind = this.kind(el, 'ATTRIBUTE-VALUE-');
    const definitionRef = this.refs(el, 'DEFINITION', `ATTRIBUTE-DEFINITION-${kind}-REF`)[0] ?? owner;
    if (definitionRef === undefined) this.invalid(el, `has no DEFINITION/ATTRIBUTE-DEFINITION-${kind}-REF`);
    const definition = definitionRef;
    const theValue = (): string => {
      const value = attribute(el, 'THE-VALUE');
      if (value === undefined) this.invalid(el, 'has no THE-VALUE');
      return value;
    };
    switch (kind) {
      case 'BOOLEAN':
        return { kind, definition, value: theValue() === 'true' || theValue() === '1' };
      case 'DATE':
        return { kind, definition, value: theValue(), instant: this.instant(el, theValue()) };
      case 'ENUMERATION':
        return { kind, definition, values: this.refs(el, 'VALUES', 'ENUM-VALUE-REF') };
      case 'INTEGER':
      case 'REAL':
        return { kind, definition, value: this.number(el, 'THE-VALUE') ?? this.invalid(el, 'has no THE-VALUE') };
      case 'STRING':
        return { kind, definition, value: theValue() };
      case 'XHTML': {
        const content = reqifChild(el, 'THE-VALUE');
        const original = reqifChild(el, 'THE-ORIGINAL-VALUE');
        return {
          kind,
          definition,
          ...sanitizeXhtml(content?.children ?? []),
          ...optional({
            isSimplified: flag(el, 'IS-SIMPLIFIED'),
            original: original ? sanitizeXhtml(original.children) : undefined,
          }),
        };
      }
    }
  }

  /** The UTC instant of a zoned date; a local time has none (the file does not say where it was). */
  private instant(el: XmlElement, value: string): string | null {
    if (!ZONED.test(value.trim())) return null;
    const time = Date.parse(value);
    if (Number.isNaN(time)) {
      this.warnings.push({
        code: 'DATE_UNREADABLE',
        identifier: this.refs(el, 'DEFINITION', 'ATTRIBUTE-DEFINITION-DATE-REF')[0] ?? '',
        message: `The date "${value}" at line ${el.line} is not an xsd:dateTime; it is kept as written.`,
      });
      return null;
    }
    return new Date(time).toISOString();
  }

  private readHierarchy(el: XmlElement): ReqifHierarchyNode[] {
    const holder = reqifChild(el, 'CHILDREN');
    if (!holder) return [];
    return reqifChildren(holder, 'SPEC-HIERARCHY').map((node) => {
      const editable = reqifChild(node, 'EDITABLE-ATTS');
      return {
        ...this.identifiable(node),
        object: this.ref(node, 'OBJECT', 'SPEC-OBJECT-REF'),
        ...optional({
          isTableInternal: flag(node, 'IS-TABLE-INTERNAL'),
          isEditable: flag(node, 'IS-EDITABLE'),
          editableAttributes: editable && reqifChildren(editable).map((ref) => ({ kind: this.kind(ref, 'ATTRIBUTE-DEFINITION-', '-REF'), definition: textOf(ref).trim() })),
        }),
        children: this.readHierarchy(node),
      };
    });
  }
}
