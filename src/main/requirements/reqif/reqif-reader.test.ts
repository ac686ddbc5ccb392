import { createHash } from 'node:crypto';
import { strToU8, Zip, ZipDeflate, ZipPassThrough, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ReqifDocument, ReqifValue } from '../../../shared/reqif';
import { rejectionOf } from '../../test-support/app-error-of';
import { readReqif } from './reqif-reader';
import { prefixedReqif, sampleReqif, writeTemp } from './test-reqif';

async function readOne(name: string, content: string | Uint8Array): Promise<ReqifDocument> {
  const file = await readReqif(writeTemp(name, content));
  expect(file.documents).toHaveLength(1);
  return file.documents[0];
}

function valueOf(doc: ReqifDocument, objectId: string, definition: string): ReqifValue | undefined {
  return doc.specObjects.find((o) => o.identifier === objectId)?.values.find((v) => v.definition === definition);
}

describe('readReqif on a ReqIF file built by hand', () => {
  it('reads the header and all seven datatypes with their bounds and enumeration values', async () => {
    const doc = await readOne('sample.reqif', sampleReqif());
    expect(doc.header).toEqual({
      identifier: 'hdr-1',
      comment: 'built by a test',
      creationTime: '2024-05-01T10:00:00+02:00',
      reqifToolId: 'Airlock tests',
      reqifVersion: '1.0',
      sourceToolId: 'hand',
      title: 'Brakes & lights',
    });
    expect(doc.datatypes.map((d) => d.kind)).toEqual(['BOOLEAN', 'DATE', 'ENUMERATION', 'INTEGER', 'REAL', 'STRING', 'XHTML']);
    const byId = new Map(doc.datatypes.map((d) => [d.identifier, d]));
    expect(byId.get('dt-enum')?.values).toEqual([
      { identifier: 'asil-a', longName: 'ASIL A', key: 0, otherContent: 'a' },
      { identifier: 'asil-d', longName: 'ASIL D', key: 3 },
    ]);
    // 64-bit bounds stay exact: they are kept as written
    expect(byId.get('dt-int')).toMatchObject({ min: '-9223372036854775808', max: '9223372036854775807' });
    expect(byId.get('dt-real')).toMatchObject({ accuracy: 3, min: '-1.5', max: '1e6' });
    expect(byId.get('dt-string')).toMatchObject({ maxLength: 255, desc: 'short text' });
  });

  it('reads spec types with attribute definitions, editability, multi-valued flags and default values', async () => {
    const doc = await readOne('sample.reqif', sampleReqif());
    expect(doc.specTypes.map((t) => [t.identifier, t.kind])).toEqual([
      ['t-req', 'specObject'],
      ['t-refines', 'specRelation'],
      ['t-spec', 'specification'],
      ['t-group', 'relationGroup'],
    ]);
    const attributes = doc.specTypes[0].attributes;
    expect(attributes.map((a) => `${a.kind}:${a.datatype}`)).toEqual([
      'BOOLEAN:dt-bool', 'DATE:dt-date', 'ENUMERATION:dt-enum', 'INTEGER:dt-int', 'REAL:dt-real', 'STRING:dt-string', 'XHTML:dt-xhtml',
    ]);
    expect(attributes[0].isEditable).toBe(true);
    expect(attributes[2]).toMatchObject({ multiValued: false, defaultValue: { kind: 'ENUMERATION', definition: 'a-asil', values: ['asil-a'] } });
    // a default value without DEFINITION belongs to the definition it sits in
    expect(attributes[3].defaultValue).toEqual({ kind: 'INTEGER', definition: 'a-prio', value: 3 });
  });

  it('reads a value of every kind, and dates with a time zone (an instant) and without one (none)', async () => {
    const doc = await readOne('sample.reqif', sampleReqif());
    expect(valueOf(doc, 'obj-1', 'a-safety')).toEqual({ kind: 'BOOLEAN', definition: 'a-safety', value: true });
    expect(valueOf(doc, 'obj-1', 'a-reviewed')).toEqual({ kind: 'DATE', definition: 'a-reviewed', value: '2024-05-01T10:00:00+02:00', instant: '2024-05-01T08:00:00.000Z' });
    expect(valueOf(doc, 'obj-2', 'a-reviewed')).toEqual({ kind: 'DATE', definition: 'a-reviewed', value: '2024-05-01T10:00:00', instant: null });
    expect(valueOf(doc, 'obj-1', 'a-asil')).toEqual({ kind: 'ENUMERATION', definition: 'a-asil', values: ['asil-d'] });
    expect(valueOf(doc, 'obj-1', 'a-prio')).toEqual({ kind: 'INTEGER', definition: 'a-prio', value: 42 });
    expect(valueOf(doc, 'obj-1', 'a-weight')).toEqual({ kind: 'REAL', definition: 'a-weight', value: 0.125 });
    // character references keep the quote and the line break an attribute would otherwise lose
    expect(valueOf(doc, 'obj-1', 'a-id')).toEqual({ kind: 'STRING', definition: 'a-id', value: 'SYS-1 "brakes"\nsecond line' });
    expect(doc.specObjects[0]).toMatchObject({ identifier: 'obj-1', type: 't-req', lastChange: '2024-05-01T10:00:00Z' });
  });

  it('keeps XHTML as sanitised XHTML without script, style, event attributes or javascript: links, and renders its plain text', async () => {
    const doc = await readOne('sample.reqif', sampleReqif());
    const text = valueOf(doc, 'obj-1', 'a-text');
    expect(text?.kind).toBe('XHTML');
    if (text?.kind !== 'XHTML') return;
    expect(text.xhtml).toBe(
      '<div xmlns="http://www.w3.org/1999/xhtml"><p>The brake ECU <b>shall</b> engage within 50 ms.</p>' +
        '<ul><li>first</li><li><a title="t">second</a></li></ul><object data="image.png" type="image/png">a diagram</object></div>',
    );
    expect(text.text).toBe('The brake ECU shall engage within 50 ms.\nfirst\nsecond\na diagram');
    expect(valueOf(doc, 'obj-2', 'a-text')).toMatchObject({ xhtml: '<div xmlns="http://www.w3.org/1999/xhtml">The lamp shall blink.</div>', text: 'The lamp shall blink.' });
  });

  it('reads a specification with its nested hierarchy, its relations and the relation group', async () => {
    const doc = await readOne('sample.reqif', sampleReqif());
    const [spec] = doc.specifications;
    expect(spec).toMatchObject({ identifier: 'spec-1', longName: 'System requirements', type: 't-spec' });
    expect(spec.values).toEqual([{ kind: 'STRING', definition: 'a-id', value: 'SPEC' }]);
    const shape = (nodes: typeof spec.children): unknown => nodes.map((n) => [n.identifier, n.object, shape(n.children)]);
    expect(shape(spec.children)).toEqual([
      ['h-1', 'obj-1', []],
      ['h-2', 'obj-2', [['h-3', 'obj-3', [['h-4', 'obj-missing', []]]]]],
    ]);
    expect(doc.specRelations.map((r) => [r.identifier, r.source, r.target, r.type])).toEqual([
      ['rel-1', 'obj-2', 'obj-1', 't-refines'],
      ['rel-ext', 'obj-3', 'ext-99', 't-refines'],
    ]);
    expect(spec.children[0].editableAttributes).toEqual([
      { kind: 'STRING', definition: 'a-id' },
      { kind: 'XHTML', definition: 'a-text' },
    ]);
    expect(doc.specObjects.find((o) => o.identifier === 'obj-3')?.alternativeId).toBe('DOORS-17');
    expect(doc.relationGroups).toEqual([
      { identifier: 'grp-1', type: 't-group', sourceSpecification: 'spec-1', targetSpecification: 'spec-1', relations: ['rel-1'] },
    ]);
  });

  it('warns, without failing, about a relation into another document, a node showing a missing object and an object in no hierarchy', async () => {
    const doc = await readOne('sample.reqif', sampleReqif());
    expect(doc.warnings.map((w) => [w.code, w.identifier])).toEqual([
      ['RELATION_OUTSIDE_DOCUMENT', 'rel-ext'],
      ['HIERARCHY_OBJECT_MISSING', 'h-4'],
      ['OBJECT_NOT_IN_HIERARCHY', 'obj-orphan'],
    ]);
    expect(doc.warnings[0].message).toContain('ext-99');
    expect(doc.specObjects.map((o) => o.identifier)).toContain('obj-orphan');
  });

  it('keeps a tool extension as opaque XML that declares every namespace it uses', async () => {
    const doc = await readOne('sample.reqif', sampleReqif());
    expect(doc.toolExtensions).toEqual([
      '<REQ-IF-TOOL-EXTENSION xmlns="http://www.omg.org/spec/ReqIF/20110401/reqif.xsd" xmlns:tool="urn:example:tool">' +
        '<tool:SETTINGS tool:mode="strict"><tool:VIEW>columns</tool:VIEW></tool:SETTINGS></REQ-IF-TOOL-EXTENSION>',
    ]);
  });
});

describe('readReqif matches elements by namespace URI, never by prefix', () => {
  it('reads a document whose ReqIF elements all carry a prefix exactly like the unprefixed one', async () => {
    const plain = await readOne('plain.reqif', sampleReqif());
    const prefixed = await readOne('prefixed.reqif', prefixedReqif('rq'));
    expect(prefixed.specObjects).toEqual(plain.specObjects);
    expect(prefixed.specifications).toEqual(plain.specifications);
    expect(prefixed.datatypes).toEqual(plain.datatypes);
  });

  it('ignores a SPEC-OBJECT and XHTML elements whose prefix is bound to another namespace', async () => {
    const xml = sampleReqif()
      .replace('xmlns:tool="urn:example:tool"', 'xmlns:tool="urn:example:tool" xmlns:other="urn:example:other"')
      .replace('<SPEC-OBJECTS>', '<SPEC-OBJECTS><other:SPEC-OBJECT IDENTIFIER="foreign"/>')
      .replace('<xhtml:div>The lamp shall blink.</xhtml:div>', '<xhtml:div xmlns:xhtml="urn:not-xhtml">hidden</xhtml:div><h:p xmlns:h="http://www.w3.org/1999/xhtml">shown</h:p>');
    const doc = await readOne('mixed.reqif', xml);
    expect(doc.specObjects.map((o) => o.identifier)).not.toContain('foreign');
    expect(valueOf(doc, 'obj-2', 'a-text')).toMatchObject({ xhtml: '<p xmlns="http://www.w3.org/1999/xhtml">shown</p>', text: 'shown' });
  });

  it('refuses a root REQ-IF element that is not in the ReqIF namespace', async () => {
    const error = await rejectionOf(readReqif(writeTemp('wrong-ns.reqif', sampleReqif().replace('xmlns="http://www.omg.org/spec/ReqIF/20110401/reqif.xsd"', 'xmlns="urn:lookalike"'))));
    expect(error.code).toBe('REQIF_INVALID');
    expect(error.message).toContain('<REQ-IF> (line 2) is not REQ-IF in the namespace');
  });
});

describe('readReqif decodes the encoding the file names', () => {
  const german = (xml: string): string => xml.replace('<TITLE>Brakes &amp; lights</TITLE>', '<TITLE>Bremsen für Prüfstände</TITLE>');

  it('reads UTF-8 with a byte order mark, UTF-16 with one, and ISO-8859-1 named by the XML declaration', async () => {
    const xml = german(sampleReqif());
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml.replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le')]);
    const latin1 = Buffer.from(xml.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), 'latin1');
    for (const [name, bytes] of [
      ['bom.reqif', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml)])],
      ['utf16.reqif', utf16],
      ['latin1.reqif', latin1],
    ] as const) {
      const doc = await readOne(name, bytes);
      expect(doc.header.title, name).toBe('Bremsen für Prüfstände');
      expect(doc.specObjects, name).toHaveLength(4);
    }
  });

  it('refuses bytes that are not valid in the encoding, and an encoding it cannot read', async () => {
    const latin1WithoutDeclaration = Buffer.from(german(sampleReqif()), 'latin1');
    expect((await rejectionOf(readReqif(writeTemp('mislabelled.reqif', latin1WithoutDeclaration)))).message).toBe('mislabelled.reqif holds bytes that are not valid utf-8.');
    const ebcdic = sampleReqif().replace('encoding="UTF-8"', 'encoding="EBCDIC-XYZ"');
    expect((await rejectionOf(readReqif(writeTemp('ebcdic.reqif', ebcdic)))).message).toBe('ebcdic.reqif declares the encoding "EBCDIC-XYZ", which Airlock cannot read.');
  });
});

describe('readReqif on a .reqifz', () => {
  it('parses the .reqif member and lists the other members as attachments with their size and SHA-256', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5]);
    const zip = zipSync({ 'spec.reqif': strToU8(sampleReqif()), 'images/image.png': png, 'images/': new Uint8Array(0) });
    const file = await readReqif(writeTemp('package.reqifz', zip));
    expect(file.container).toBe('reqifz');
    expect(file.documents.map((d) => [d.member, d.specObjects.length])).toEqual([['spec.reqif', 4]]);
    expect(file.attachments).toEqual([{ name: 'images/image.png', size: png.length, sha256: createHash('sha256').update(png).digest('hex') }]);
  });

  it('reads a zip written as a stream (sizes in data descriptors after each member), with a stored member', async () => {
    const parts: Uint8Array[] = [];
    const zip = new Zip((err, chunk) => {
      if (err) throw err;
      parts.push(chunk);
    });
    const document = new ZipDeflate('spec.reqif', { level: 6 });
    zip.add(document);
    document.push(strToU8(sampleReqif()), true);
    const stored = new ZipPassThrough('notes.txt');
    zip.add(stored);
    stored.push(strToU8('kept as is'), true);
    zip.end();
    const file = await readReqif(writeTemp('streamed.reqifz', Buffer.concat(parts)));
    expect(file.documents.map((d) => d.specObjects.length)).toEqual([4]);
    expect(file.attachments.map((a) => [a.name, a.size])).toEqual([['notes.txt', 10]]);
  });

  it('refuses a zip with no .reqif member', async () => {
    const error = await rejectionOf(readReqif(writeTemp('empty.reqifz', zipSync({ 'notes.txt': strToU8('hello') }))));
    expect(error).toMatchObject({ code: 'REQIF_INVALID', message: 'empty.reqifz holds no .reqif member: it is not a .reqifz file.' });
  });

  it('names the member, the line and the element when the XML inside is malformed', async () => {
    const zip = zipSync({ 'bad.reqif': strToU8(sampleReqif().replace('<TITLE>Brakes &amp; lights</TITLE>', '<TITLE>Brakes & lights</TITLE>')) });
    const error = await rejectionOf(readReqif(writeTemp('bad.reqifz', zip)));
    expect(error.code).toBe('REQIF_INVALID');
    // saxes sees a bad entity only at the next ';', so the element's own line is named too
    expect(error.message).toMatch(/^bad\.reqifz:bad\.reqif is not well-formed XML at line \d+, inside <TITLE> opened at line 3: disallowed character in entity name\.$/);
  });
});

describe('readReqif refuses what it cannot read, in one line naming the element and line', () => {
  it('refuses a mismatched closing tag', async () => {
    const xml = sampleReqif().replace('</SPEC-RELATIONS>', '</SPEC-RELATION>');
    const error = await rejectionOf(readReqif(writeTemp('broken.reqif', xml)));
    const lines = xml.split('\n');
    const line = lines.indexOf('</SPEC-RELATION>') + 1;
    const opened = lines.indexOf('<SPEC-RELATIONS>') + 1;
    expect(error.code).toBe('REQIF_INVALID');
    expect(error.message).toBe(`broken.reqif is not well-formed XML at line ${line}, inside <SPEC-RELATIONS> opened at line ${opened}: unexpected close tag.`);
    expect(error.message).not.toContain('\n');
    expect(error.where).toMatchObject({ file: 'broken.reqif', line });
  });

  it('refuses a file cut off in the middle, naming the element left open', async () => {
    const xml = sampleReqif();
    const cut = xml.slice(0, xml.indexOf('<SPEC-RELATIONS>'));
    const error = await rejectionOf(readReqif(writeTemp('cut.reqif', cut)));
    expect(error.code).toBe('REQIF_INVALID');
    expect(error.message).toMatch(/^cut\.reqif is not well-formed XML at line \d+, inside <REQ-IF-CONTENT> opened at line 4: unclosed tag: REQ-IF-CONTENT$/);
  });

  it('refuses an XML file that is not ReqIF, naming its root element', async () => {
    const error = await rejectionOf(readReqif(writeTemp('note.xml', '<?xml version="1.0"?>\n<note><to>you</to></note>\n')));
    expect(error.message).toBe(`note.xml is not a ReqIF file: its root element <note> (line 2) is not REQ-IF in the namespace http://www.omg.org/spec/ReqIF/20110401/reqif.xsd.`);
  });

  it('refuses a file with no XML at all', async () => {
    const error = await rejectionOf(readReqif(writeTemp('empty.reqif', '')));
    expect(error).toMatchObject({ code: 'REQIF_INVALID', message: 'empty.reqif holds no XML element: it is not a ReqIF file.' });
  });

  it('refuses a spec object without an IDENTIFIER, naming it and its line', async () => {
    const xml = sampleReqif().replace('<SPEC-OBJECT IDENTIFIER="obj-3"', '<SPEC-OBJECT');
    const line = xml.split('\n').findIndex((l) => l.includes('SYS-3')) + 1;
    const error = await rejectionOf(readReqif(writeTemp('noid.reqif', xml)));
    expect(error.message).toBe(`noid.reqif: <SPEC-OBJECT> at line ${line} has no IDENTIFIER.`);
  });

  it('expands no entity a DOCTYPE defines, so a file cannot grow itself in memory', async () => {
    const xml = sampleReqif()
      .replace('<REQ-IF ', '<!DOCTYPE REQ-IF [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<REQ-IF ')
      .replace('<TITLE>Brakes &amp; lights</TITLE>', '<TITLE>&b;</TITLE>');
    const error = await rejectionOf(readReqif(writeTemp('entities.reqif', xml)));
    expect(error.message).toBe('entities.reqif is not well-formed XML at line 4, inside <TITLE> opened at line 4: undefined entity.');
  });

  it('refuses a missing file', async () => {
    const error = await rejectionOf(readReqif('/nonexistent/airlock/spec.reqif'));
    expect(error.code).toBe('FILE_NOT_FOUND');
  });
});
