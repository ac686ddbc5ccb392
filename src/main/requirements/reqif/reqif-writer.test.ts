import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ReqifDocument } from '../../../shared/reqif';
import { readReqif } from './reqif-reader';
import { errorOf } from '../../test-support/app-error-of';
import { writeReqif, writeReqifz } from './reqif-writer';
import { sampleReqif, writeTemp } from './test-reqif';

async function roundTrip(doc: ReqifDocument): Promise<ReqifDocument> {
  const file = await readReqif(writeTemp('written.reqif', writeReqif(doc)));
  return file.documents[0];
}

/** A model made in code, not read from a file: what an export of edited requirements starts from. */
const MADE: ReqifDocument = {
  member: null,
  header: { identifier: 'h', title: 'Made <in> code & "quoted"' },
  datatypes: [
    { identifier: 'dt-s', kind: 'STRING', maxLength: 100 },
    { identifier: 'dt-e', kind: 'ENUMERATION', values: [{ identifier: 'v1', key: 1, longName: 'One' }] },
    { identifier: 'dt-x', kind: 'XHTML' },
  ],
  specTypes: [
    {
      identifier: 't',
      kind: 'specObject',
      attributes: [
        { identifier: 'a-s', kind: 'STRING', datatype: 'dt-s', longName: 'ReqIF.ForeignID' },
        { identifier: 'a-e', kind: 'ENUMERATION', datatype: 'dt-e', multiValued: true },
        { identifier: 'a-x', kind: 'XHTML', datatype: 'dt-x' },
      ],
    },
    { identifier: 'ts', kind: 'specification', attributes: [] },
  ],
  specObjects: [
    {
      identifier: 'o1',
      type: 't',
      values: [
        { kind: 'STRING', definition: 'a-s', value: 'tab\there, newline\nthere, <tag> & "quote"' },
        { kind: 'ENUMERATION', definition: 'a-e', values: [] },
        { kind: 'XHTML', definition: 'a-x', xhtml: '<div xmlns="http://www.w3.org/1999/xhtml">a <b>b</b></div>', text: 'a b', isSimplified: false },
      ],
    },
  ],
  specRelations: [],
  specifications: [{ identifier: 's', type: 'ts', values: [], children: [{ identifier: 'n', object: 'o1', isTableInternal: true, children: [] }] }],
  relationGroups: [],
  toolExtensions: [],
  warnings: [],
};

describe('writeReqif', () => {
  it('writes the hand-built document with every datatype so that reading it back gives the same model', async () => {
    const doc = (await readReqif(writeTemp('sample.reqif', sampleReqif()))).documents[0];
    expect(await roundTrip(doc)).toEqual(doc);
  });

  it('writes a model made in code, with quotes, tabs, line breaks and markup in values, so that it reads back identical', async () => {
    expect(await roundTrip(MADE)).toEqual(MADE);
  });

  it('keeps the identifiers, puts the tool extensions back and writes no script that the source held', async () => {
    const doc = (await readReqif(writeTemp('sample.reqif', sampleReqif()))).documents[0];
    const xml = writeReqif(doc);
    for (const id of ['hdr-1', 'dt-enum', 'asil-d', 't-req', 'obj-orphan', 'rel-ext', 'spec-1', 'h-4', 'grp-1']) expect(xml).toContain(`IDENTIFIER="${id}"`);
    expect(xml).toContain('<tool:SETTINGS tool:mode="strict"><tool:VIEW>columns</tool:VIEW></tool:SETTINGS>');
    expect(xml).not.toMatch(/script|onclick|<style/);
  });
});

describe('writeReqifz', () => {
  it('zips the documents and the attachments so that reading the .reqifz gives the same documents and lists the attachments', async () => {
    const doc = (await readReqif(writeTemp('sample.reqif', sampleReqif()))).documents[0];
    const image = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 9, 8, 7]);
    const zip = writeReqifz([{ ...doc, member: 'spec.reqif' }, MADE], new Map([['images/image.png', image]]));
    const back = await readReqif(writeTemp('out.reqifz', zip));
    expect(back.documents).toEqual([
      { ...doc, member: 'spec.reqif' },
      { ...MADE, member: 'document-2.reqif' },
    ]);
    expect(back.attachments).toEqual([{ name: 'images/image.png', size: image.length, sha256: createHash('sha256').update(image).digest('hex') }]);
  });

  it('refuses an attachment named like a ReqIF document', () => {
    const error = errorOf(() => writeReqifz([MADE], new Map([['other.reqif', new Uint8Array(1)]])));
    expect(error).toMatchObject({ code: 'BAD_INPUT', message: 'The attachment other.reqif would be read as a ReqIF document of the .reqifz.' });
  });
});
