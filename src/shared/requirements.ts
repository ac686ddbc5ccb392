// The requirements store as the CLI (and later the API) sees it: documents, requirements with their revisions, and
// what an import did.
import type { ReqifKind, ReqifValue } from './reqif';

export const REQUIREMENT_LEVELS = ['system', 'software', 'hardware', 'ml-component'] as const;
export type RequirementLevel = (typeof REQUIREMENT_LEVELS)[number];

export interface RequirementDocumentInfo {
  /** the SPECIFICATION's IDENTIFIER, or csv:NAME for a CSV import */
  id: string;
  name: string;
  /** where it came from: reqif:HEADER-IDENTIFIER or csv:NAME */
  source: string;
  requirements: number;
}

/** One revision: revisions are append-only; the fingerprint covers the normative content only. */
export interface RequirementRevision {
  revision: number;
  title: string;
  text: string;
  level: RequirementLevel | null;
  status: string | null;
  owner: string | null;
  /** the requirement's typed attribute values, as ReqIF has them (a CSV requirement has none) */
  attributes: ReqifValue[];
  /** the text as sanitised XHTML when the source had it */
  xhtml: string | null;
  /** SHA-256 of text + title + level + attributes (not status or owner) */
  fingerprint: string;
  createdAt: string;
  createdBy: string;
}

/** A requirement at its latest revision, as `req list` prints it. */
export interface RequirementRow {
  id: string;
  title: string;
  text: string;
  level: RequirementLevel | null;
  parent: string | null;
  document: string;
  status: string | null;
  owner: string | null;
  revision: number;
  /** the classifier's primary class: not assigned by the store */
  class: string | null;
}

/** What a requirement's field an attribute holds: its text and title, or the level, status or owner read from it. */
export type RequirementAttributeRole = 'text' | 'title' | 'level' | 'status' | 'owner';

/** One attribute definition of a ReqIF requirement's spec type, as an editor needs it to offer a control. */
export interface RequirementAttributeField {
  /** the definition's long name (else its identifier): the key requirements.edit takes */
  name: string;
  kind: ReqifKind;
  /** the value as requirements.edit takes it back (enumeration value names joined by ", "); '' when it has none */
  value: string;
  role: RequirementAttributeRole | null;
  /** ENUMERATION: the value names in file order, and whether several may be chosen */
  choices?: string[];
  multiValued?: boolean;
  /** INTEGER and REAL bounds, STRING's longest length */
  min?: number;
  max?: number;
  maxLength?: number;
}

export interface RequirementDetail extends RequirementRow {
  fingerprint: string;
  attributes: ReqifValue[];
  /** the typed attributes an edit may set; empty for a CSV requirement */
  fields: RequirementAttributeField[];
  xhtml: string | null;
  /** every revision, oldest first, with --history */
  history?: RequirementRevision[];
}

export interface RequirementImportWarning {
  code: string;
  identifier: string;
  message: string;
}

export interface RequirementImportSummary {
  documents: number;
  requirements: number;
  relations: number;
  hierarchy_nodes: number;
  /** a .reqifz's members that are not ReqIF documents (images, OLE objects) */
  attachments: number;
  /** requirements that are new, and those that got a new revision because their content, status or owner changed */
  created: number;
  revised: number;
  warnings: RequirementImportWarning[];
}

export interface RequirementEdit {
  text?: string;
  title?: string;
  level?: RequirementLevel | null;
  status?: string | null;
  owner?: string | null;
  /** ReqIF attribute values by their definition's long name, typed as the datatype says; '' removes one */
  attributes?: Record<string, string>;
}

/** One run of a word diff: words both sides share, or words only the old or only the new side has. */
export interface WordDiffPart {
  op: 'same' | 'removed' | 'added';
  text: string;
}

/** A row of the requirements table in the window: the stored requirement with its class, its label and its lint verdict. */
export interface RequirementTableRow extends RequirementRow {
  /** the classifier's stored verdict for the latest revision; null until classified (or after an edit, until reclassified) */
  confidence: number | null;
  /** the multi-label verdict, most probable first; empty when unclassified */
  labels: string[];
  /** the label a person gave (accepting or correcting the class), or null */
  label: string | null;
  /** 0..1 lint quality score of the latest text, and the number of findings */
  lintScore: number;
  findings: number;
  ears: string;
  /** depth in the document's hierarchy (0 at the top), for the document view's headings and indentation */
  depth: number;
  /** the latest revision's sanitised XHTML when the source had it (the document view renders it), else null */
  xhtml: string | null;
}
