// The parsed model of a ReqIF 1.2 exchange file (.reqif, or the .reqif members of a .reqifz), as the reader returns it and the writer takes it.

/** The seven ReqIF datatypes; attribute definitions and values carry the same kind as their datatype. */
export type ReqifKind = 'BOOLEAN' | 'DATE' | 'ENUMERATION' | 'INTEGER' | 'REAL' | 'STRING' | 'XHTML';

export const REQIF_KINDS: readonly ReqifKind[] = ['BOOLEAN', 'DATE', 'ENUMERATION', 'INTEGER', 'REAL', 'STRING', 'XHTML'];

/** What every ReqIF element with an IDENTIFIER carries (absent attributes stay absent, so a round trip writes none). */
export interface ReqifIdentifiable {
  identifier: string;
  longName?: string;
  desc?: string;
  /** xsd:dateTime as written */
  lastChange?: string;
  /** ALTERNATIVE-ID: the identifier another tool knows the element by */
  alternativeId?: string;
}

export interface ReqifHeader {
  identifier: string;
  comment?: string;
  creationTime?: string;
  repositoryId?: string;
  reqifToolId?: string;
  reqifVersion?: string;
  sourceToolId?: string;
  title?: string;
}

export interface ReqifEnumValue extends ReqifIdentifiable {
  /** EMBEDDED-VALUE KEY: the value's order among its siblings */
  key: number;
  otherContent?: string;
}

export interface ReqifDatatype extends ReqifIdentifiable {
  kind: ReqifKind;
  /** STRING */
  maxLength?: number;
  /** INTEGER and REAL bounds as written, so 64-bit bounds survive a round trip */
  min?: string;
  max?: string;
  /** REAL: digits after the decimal point */
  accuracy?: number;
  /** ENUMERATION, in file order */
  values?: ReqifEnumValue[];
}

export interface ReqifAttributeDefinition extends ReqifIdentifiable {
  kind: ReqifKind;
  /** the DATATYPE-DEFINITION's identifier */
  datatype: string;
  isEditable?: boolean;
  /** ENUMERATION only: several values may be chosen */
  multiValued?: boolean;
  defaultValue?: ReqifValue;
}

export type ReqifSpecTypeKind = 'specObject' | 'specRelation' | 'specification' | 'relationGroup';

export interface ReqifSpecType extends ReqifIdentifiable {
  kind: ReqifSpecTypeKind;
  attributes: ReqifAttributeDefinition[];
}

/** An XHTML value kept as sanitised XHTML (no script, style, event attributes or javascript: URLs) plus its plain text. */
export interface ReqifXhtml {
  /** well-formed XML: each top-level element declares xmlns="http://www.w3.org/1999/xhtml", so it embeds as is in HTML and in ReqIF */
  xhtml: string;
  /** the text a reader sees: block elements end lines, runs of spaces collapse */
  text: string;
}

interface ValueBase {
  /** the ATTRIBUTE-DEFINITION's identifier */
  definition: string;
}

export type ReqifValue =
  | (ValueBase & { kind: 'BOOLEAN'; value: boolean })
  | (ValueBase & {
      kind: 'DATE';
      /** as written (xsd:dateTime, with or without a time zone) */
      value: string;
      /** the UTC instant when the value names its zone; null for a local time, whose instant the file does not say */
      instant: string | null;
    })
  | (ValueBase & { kind: 'ENUMERATION'; values: string[] })
  | (ValueBase & { kind: 'INTEGER'; value: number })
  | (ValueBase & { kind: 'REAL'; value: number })
  | (ValueBase & { kind: 'STRING'; value: string })
  | (ValueBase & ReqifXhtml & { kind: 'XHTML'; isSimplified?: boolean; original?: ReqifXhtml });

export interface ReqifSpecObject extends ReqifIdentifiable {
  type: string;
  values: ReqifValue[];
}

export interface ReqifSpecRelation extends ReqifIdentifiable {
  type: string;
  source: string;
  target: string;
  values: ReqifValue[];
}

export interface ReqifHierarchyNode extends ReqifIdentifiable {
  /** the SPEC-OBJECT it shows */
  object: string;
  isTableInternal?: boolean;
  isEditable?: boolean;
  /** EDITABLE-ATTS: the attributes that may be edited in this node */
  editableAttributes?: { kind: ReqifKind; definition: string }[];
  children: ReqifHierarchyNode[];
}

export interface ReqifSpecification extends ReqifIdentifiable {
  type: string;
  values: ReqifValue[];
  children: ReqifHierarchyNode[];
}

export interface ReqifRelationGroup extends ReqifIdentifiable {
  type: string;
  sourceSpecification: string;
  targetSpecification: string;
  relations: string[];
}

export type ReqifWarningCode = 'RELATION_OUTSIDE_DOCUMENT' | 'HIERARCHY_OBJECT_MISSING' | 'OBJECT_NOT_IN_HIERARCHY' | 'DATE_UNREADABLE';

/** Something real exports do that imports anyway: it is reported, never fatal. */
export interface ReqifWarning {
  code: ReqifWarningCode;
  message: string;
  /** the identifier of the element concerned */
  identifier: string;
}

/** One parsed .reqif document. */
export interface ReqifDocument {
  /** the zip member it came from; null for a plain .reqif file */
  member: string | null;
  header: ReqifHeader;
  datatypes: ReqifDatatype[];
  specTypes: ReqifSpecType[];
  specObjects: ReqifSpecObject[];
  specRelations: ReqifSpecRelation[];
  specifications: ReqifSpecification[];
  relationGroups: ReqifRelationGroup[];
  /** each REQ-IF-TOOL-EXTENSION as opaque, self-contained XML (every namespace it uses declared on it) */
  toolExtensions: string[];
  warnings: ReqifWarning[];
}

/** A non-ReqIF member of a .reqifz (images, OLE objects the XHTML points at). */
export interface ReqifAttachment {
  name: string;
  size: number;
  sha256: string;
}

/** What a .reqif or .reqifz file holds. */
export interface ReqifFile {
  container: 'reqif' | 'reqifz';
  documents: ReqifDocument[];
  attachments: ReqifAttachment[];
}
