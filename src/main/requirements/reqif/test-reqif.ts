// Test support: a small ReqIF document, written by hand as a tool would, with every datatype, a nested hierarchy,
// relations (one into another document), a relation group, XHTML with active content, and a tool extension.
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../test-support/temp-project';
import { REQIF_NS } from './reqif-model';

const definition = (kind: string, id: string, name: string, datatype: string, inner = '', extra = ''): string =>
  `<ATTRIBUTE-DEFINITION-${kind} IDENTIFIER="${id}" LONG-NAME="${name}"${extra}>${inner}<TYPE><DATATYPE-DEFINITION-${kind}-REF>${datatype}</DATATYPE-DEFINITION-${kind}-REF></TYPE></ATTRIBUTE-DEFINITION-${kind}>`;

const value = (kind: string, def: string, theValue: string): string =>
  `<ATTRIBUTE-VALUE-${kind} THE-VALUE="${theValue}"><DEFINITION><ATTRIBUTE-DEFINITION-${kind}-REF>${def}</ATTRIBUTE-DEFINITION-${kind}-REF></DEFINITION></ATTRIBUTE-VALUE-${kind}>`;

const xhtmlValue = (content: string): string =>
  `<ATTRIBUTE-VALUE-XHTML><DEFINITION><ATTRIBUTE-DEFINITION-XHTML-REF>a-text</ATTRIBUTE-DEFINITION-XHTML-REF></DEFINITION><THE-VALUE>${content}</THE-VALUE></ATTRIBUTE-VALUE-XHTML>`;

const object = (id: string, values: string): string =>
  `<SPEC-OBJECT IDENTIFIER="${id}" LAST-CHANGE="2024-05-01T10:00:00Z"><VALUES>${values}</VALUES><TYPE><SPEC-OBJECT-TYPE-REF>t-req</SPEC-OBJECT-TYPE-REF></TYPE></SPEC-OBJECT>`;

const relation = (id: string, source: string, target: string): string =>
  `<SPEC-RELATION IDENTIFIER="${id}"><SOURCE><SPEC-OBJECT-REF>${source}</SPEC-OBJECT-REF></SOURCE><TARGET><SPEC-OBJECT-REF>${target}</SPEC-OBJECT-REF></TARGET><TYPE><SPEC-RELATION-TYPE-REF>t-refines</SPEC-RELATION-TYPE-REF></TYPE></SPEC-RELATION>`;

const node = (id: string, objectId: string, children = ''): string =>
  `<SPEC-HIERARCHY IDENTIFIER="${id}">${children ? `<CHILDREN>${children}</CHILDREN>` : ''}<OBJECT><SPEC-OBJECT-REF>${objectId}</SPEC-OBJECT-REF></OBJECT></SPEC-HIERARCHY>`;

/** The XHTML of obj-1: a script, a style, an event attribute and a javascript: link that must not survive. */
export const ACTIVE_XHTML =
  '<xhtml:div><xhtml:p onclick="steal()">The brake ECU <xhtml:b>shall</xhtml:b> engage within 50 ms.</xhtml:p>' +
  '<xhtml:script>alert(1)</xhtml:script><xhtml:style>p{}</xhtml:style>' +
  '<xhtml:ul><xhtml:li>first</xhtml:li><xhtml:li><xhtml:a href=" java&#10;script:alert(2)" title="t">second</xhtml:a></xhtml:li></xhtml:ul>' +
  '<xhtml:object data="image.png" type="image/png">a diagram</xhtml:object></xhtml:div>';

export function sampleReqif(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<REQ-IF xmlns="${REQIF_NS}" xmlns:xhtml="http://www.w3.org/1999/xhtml" xmlns:tool="urn:example:tool">
<THE-HEADER><REQ-IF-HEADER IDENTIFIER="hdr-1"><COMMENT>built by a test</COMMENT><CREATION-TIME>2024-05-01T10:00:00+02:00</CREATION-TIME><REQ-IF-TOOL-ID>Airlock tests</REQ-IF-TOOL-ID><REQ-IF-VERSION>1.0</REQ-IF-VERSION><SOURCE-TOOL-ID>hand</SOURCE-TOOL-ID><TITLE>Brakes &amp; lights</TITLE></REQ-IF-HEADER></THE-HEADER>
<CORE-CONTENT><REQ-IF-CONTENT>
<DATATYPES>
<DATATYPE-DEFINITION-BOOLEAN IDENTIFIER="dt-bool" LONG-NAME="Boolean"/>
<DATATYPE-DEFINITION-DATE IDENTIFIER="dt-date" LONG-NAME="Date"/>
<DATATYPE-DEFINITION-ENUMERATION IDENTIFIER="dt-enum" LONG-NAME="ASIL"><SPECIFIED-VALUES>
<ENUM-VALUE IDENTIFIER="asil-a" LONG-NAME="ASIL A"><PROPERTIES><EMBEDDED-VALUE KEY="0" OTHER-CONTENT="a"/></PROPERTIES></ENUM-VALUE>
<ENUM-VALUE IDENTIFIER="asil-d" LONG-NAME="ASIL D"><PROPERTIES><EMBEDDED-VALUE KEY="3"/></PROPERTIES></ENUM-VALUE>
</SPECIFIED-VALUES></DATATYPE-DEFINITION-ENUMERATION>
<DATATYPE-DEFINITION-INTEGER IDENTIFIER="dt-int" MIN="-9223372036854775808" MAX="9223372036854775807"/>
<DATATYPE-DEFINITION-REAL IDENTIFIER="dt-real" ACCURACY="3" MIN="-1.5" MAX="1e6"/>
<DATATYPE-DEFINITION-STRING IDENTIFIER="dt-string" MAX-LENGTH="255" DESC="short text"/>
<DATATYPE-DEFINITION-XHTML IDENTIFIER="dt-xhtml"/>
</DATATYPES>
<SPEC-TYPES>
<SPEC-OBJECT-TYPE IDENTIFIER="t-req" LONG-NAME="Requirement"><SPEC-ATTRIBUTES>
${definition('BOOLEAN', 'a-safety', 'Safety relevant', 'dt-bool', '', ' IS-EDITABLE="true"')}
${definition('DATE', 'a-reviewed', 'Reviewed', 'dt-date')}
${definition('ENUMERATION', 'a-asil', 'ASIL', 'dt-enum', '<DEFAULT-VALUE><ATTRIBUTE-VALUE-ENUMERATION><DEFINITION><ATTRIBUTE-DEFINITION-ENUMERATION-REF>a-asil</ATTRIBUTE-DEFINITION-ENUMERATION-REF></DEFINITION><VALUES><ENUM-VALUE-REF>asil-a</ENUM-VALUE-REF></VALUES></ATTRIBUTE-VALUE-ENUMERATION></DEFAULT-VALUE>', ' MULTI-VALUED="false"')}
${definition('INTEGER', 'a-prio', 'Priority', 'dt-int', '<DEFAULT-VALUE><ATTRIBUTE-VALUE-INTEGER THE-VALUE="3"/></DEFAULT-VALUE>')}
${definition('REAL', 'a-weight', 'Weight', 'dt-real')}
${definition('STRING', 'a-id', 'ReqIF.ForeignID', 'dt-string')}
${definition('XHTML', 'a-text', 'ReqIF.Text', 'dt-xhtml')}
</SPEC-ATTRIBUTES></SPEC-OBJECT-TYPE>
<SPEC-RELATION-TYPE IDENTIFIER="t-refines" LONG-NAME="refines"/>
<SPECIFICATION-TYPE IDENTIFIER="t-spec" LONG-NAME="Specification"/>
<RELATION-GROUP-TYPE IDENTIFIER="t-group"/>
</SPEC-TYPES>
<SPEC-OBJECTS>
${object(
  'obj-1',
  value('BOOLEAN', 'a-safety', 'true') +
    value('DATE', 'a-reviewed', '2024-05-01T10:00:00+02:00') +
    '<ATTRIBUTE-VALUE-ENUMERATION><DEFINITION><ATTRIBUTE-DEFINITION-ENUMERATION-REF>a-asil</ATTRIBUTE-DEFINITION-ENUMERATION-REF></DEFINITION><VALUES><ENUM-VALUE-REF>asil-d</ENUM-VALUE-REF></VALUES></ATTRIBUTE-VALUE-ENUMERATION>' +
    value('INTEGER', 'a-prio', '42') +
    value('REAL', 'a-weight', '0.125') +
    value('STRING', 'a-id', 'SYS-1 &quot;brakes&quot;&#10;second line') +
    xhtmlValue(ACTIVE_XHTML),
)}
${object('obj-2', value('DATE', 'a-reviewed', '2024-05-01T10:00:00') + value('STRING', 'a-id', 'SYS-2') + xhtmlValue('<xhtml:div>The lamp shall blink.</xhtml:div>'))}
${object('obj-3', value('STRING', 'a-id', 'SYS-3')).replace('<VALUES>', '<ALTERNATIVE-ID><ALTERNATIVE-ID IDENTIFIER="DOORS-17"/></ALTERNATIVE-ID><VALUES>')}
${object('obj-orphan', value('STRING', 'a-id', 'SYS-4'))}
</SPEC-OBJECTS>
<SPEC-RELATIONS>
${relation('rel-1', 'obj-2', 'obj-1')}
${relation('rel-ext', 'obj-3', 'ext-99')}
</SPEC-RELATIONS>
<SPECIFICATIONS>
<SPECIFICATION IDENTIFIER="spec-1" LONG-NAME="System requirements"><VALUES>${value('STRING', 'a-id', 'SPEC')}</VALUES><CHILDREN>
${node('h-1', 'obj-1').replace('<OBJECT>', '<EDITABLE-ATTS><ATTRIBUTE-DEFINITION-STRING-REF>a-id</ATTRIBUTE-DEFINITION-STRING-REF><ATTRIBUTE-DEFINITION-XHTML-REF>a-text</ATTRIBUTE-DEFINITION-XHTML-REF></EDITABLE-ATTS><OBJECT>')}
${node('h-2', 'obj-2', node('h-3', 'obj-3', node('h-4', 'obj-missing')))}
</CHILDREN><TYPE><SPECIFICATION-TYPE-REF>t-spec</SPECIFICATION-TYPE-REF></TYPE></SPECIFICATION>
</SPECIFICATIONS>
<SPEC-RELATION-GROUPS>
<RELATION-GROUP IDENTIFIER="grp-1"><SOURCE-SPECIFICATION><SPECIFICATION-REF>spec-1</SPECIFICATION-REF></SOURCE-SPECIFICATION><SPEC-RELATIONS><SPEC-RELATION-REF>rel-1</SPEC-RELATION-REF></SPEC-RELATIONS><TARGET-SPECIFICATION><SPECIFICATION-REF>spec-1</SPECIFICATION-REF></TARGET-SPECIFICATION><TYPE><RELATION-GROUP-TYPE-REF>t-group</RELATION-GROUP-TYPE-REF></TYPE></RELATION-GROUP>
</SPEC-RELATION-GROUPS>
</REQ-IF-CONTENT></CORE-CONTENT>
<TOOL-EXTENSIONS><REQ-IF-TOOL-EXTENSION><tool:SETTINGS tool:mode="strict"><tool:VIEW>columns</tool:VIEW></tool:SETTINGS></REQ-IF-TOOL-EXTENSION></TOOL-EXTENSIONS>
</REQ-IF>
`;
}

/** The same document with every ReqIF element written with the prefix `prefix`, bound to the ReqIF namespace. */
export function prefixedReqif(prefix: string): string {
  return sampleReqif()
    .replace(/<(\/?)([A-Z][A-Z-]*)/g, `<$1${prefix}:$2`)
    .replace(`xmlns="${REQIF_NS}"`, `xmlns:${prefix}="${REQIF_NS}"`);
}

/** Writes `content` to a new file named `name` in a temporary folder and returns its path. */
export function writeTemp(name: string, content: string | Uint8Array): string {
  const file = path.join(tempDir('airlock-reqif-'), name);
  fs.writeFileSync(file, content);
  return file;
}
