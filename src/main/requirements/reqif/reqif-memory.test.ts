import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-project';
import { REQIF_NS } from './reqif-model';
import { readReqif } from './reqif-reader';

const TARGET_BYTES = 20 * 1024 * 1024;

// a full collection before each reading, so growth measures this file and not earlier garbage
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/** Writes a ReqIF file of about 20 MB piece by piece (never as one string): objects with a STRING and an XHTML value, in sections of 50. */
function writeLargeReqif(file: string): number {
  const fd = fs.openSync(file, 'w');
  const put = (s: string): void => void fs.writeSync(fd, s);
  put(`<?xml version="1.0" encoding="UTF-8"?>\n<REQ-IF xmlns="${REQIF_NS}" xmlns:xhtml="http://www.w3.org/1999/xhtml"><THE-HEADER><REQ-IF-HEADER IDENTIFIER="big"/></THE-HEADER>`);
  put('<CORE-CONTENT><REQ-IF-CONTENT><DATATYPES><DATATYPE-DEFINITION-STRING IDENTIFIER="s" MAX-LENGTH="1000"/><DATATYPE-DEFINITION-XHTML IDENTIFIER="x"/></DATATYPES>');
  put('<SPEC-TYPES><SPEC-OBJECT-TYPE IDENTIFIER="t"><SPEC-ATTRIBUTES>');
  put('<ATTRIBUTE-DEFINITION-STRING IDENTIFIER="id"><TYPE><DATATYPE-DEFINITION-STRING-REF>s</DATATYPE-DEFINITION-STRING-REF></TYPE></ATTRIBUTE-DEFINITION-STRING>');
  put('<ATTRIBUTE-DEFINITION-XHTML IDENTIFIER="text"><TYPE><DATATYPE-DEFINITION-XHTML-REF>x</DATATYPE-DEFINITION-XHTML-REF></TYPE></ATTRIBUTE-DEFINITION-XHTML>');
  put('</SPEC-ATTRIBUTES></SPEC-OBJECT-TYPE><SPECIFICATION-TYPE IDENTIFIER="st"/></SPEC-TYPES><SPEC-OBJECTS>\n');
  const sentence = 'When the vehicle speed exceeds the configured limit, the brake controller shall reduce the engine torque within 100 ms. ';
  let n = 0;
  for (let bytes = 0; bytes < TARGET_BYTES; n++) {
    const object =
      `<SPEC-OBJECT IDENTIFIER="o-${n}" LAST-CHANGE="2024-05-01T10:00:00Z"><VALUES>` +
      `<ATTRIBUTE-VALUE-STRING THE-VALUE="REQ-${n}"><DEFINITION><ATTRIBUTE-DEFINITION-STRING-REF>id</ATTRIBUTE-DEFINITION-STRING-REF></DEFINITION></ATTRIBUTE-VALUE-STRING>` +
      `<ATTRIBUTE-VALUE-XHTML><DEFINITION><ATTRIBUTE-DEFINITION-XHTML-REF>text</ATTRIBUTE-DEFINITION-XHTML-REF></DEFINITION><THE-VALUE><xhtml:div><xhtml:p>${n}: ${sentence.repeat(5)}</xhtml:p></xhtml:div></THE-VALUE></ATTRIBUTE-VALUE-XHTML>` +
      `</VALUES><TYPE><SPEC-OBJECT-TYPE-REF>t</SPEC-OBJECT-TYPE-REF></TYPE></SPEC-OBJECT>\n`;
    put(object);
    bytes += object.length;
  }
  put('</SPEC-OBJECTS><SPECIFICATIONS><SPECIFICATION IDENTIFIER="spec"><CHILDREN>\n');
  for (let section = 0; section < n; section += 50) {
    const leaves = [];
    for (let i = section + 1; i < Math.min(section + 50, n); i++) leaves.push(`<SPEC-HIERARCHY IDENTIFIER="h-${i}"><OBJECT><SPEC-OBJECT-REF>o-${i}</SPEC-OBJECT-REF></OBJECT></SPEC-HIERARCHY>`);
    put(`<SPEC-HIERARCHY IDENTIFIER="h-${section}"><CHILDREN>${leaves.join('')}</CHILDREN><OBJECT><SPEC-OBJECT-REF>o-${section}</SPEC-OBJECT-REF></OBJECT></SPEC-HIERARCHY>\n`);
  }
  put('</CHILDREN><TYPE><SPECIFICATION-TYPE-REF>st</SPECIFICATION-TYPE-REF></TYPE></SPECIFICATION></SPECIFICATIONS></REQ-IF-CONTENT></CORE-CONTENT></REQ-IF>\n');
  fs.closeSync(fd);
  return n;
}

it('reads a generated 20 MB ReqIF file streaming: the model retains under 2.5x and the heap peaks under 6x the file size', async () => {
  const file = path.join(tempDir('airlock-reqif-big-'), 'big.reqif');
  const objects = writeLargeReqif(file);
  const size = fs.statSync(file).size;

  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  // the reader yields between file chunks, so a timer sees the heap while it parses
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 2);
  const started = performance.now();
  const result = await readReqif(file);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);

  const doc = result.documents[0];
  expect(doc.specObjects).toHaveLength(objects);
  expect(doc.specifications[0].children).toHaveLength(Math.ceil(objects / 50));
  expect(doc.warnings).toEqual([]);
  collectGarbage();
  const retainedMb = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  const growthMb = (peak - before) / 2 ** 20;
  const sizeMb = size / 2 ** 20;
  console.log(
    `${sizeMb.toFixed(1)} MB ReqIF, ${objects} objects: read in ${seconds.toFixed(2)} s, peak heap growth ${growthMb.toFixed(0)} MB, model retained ${retainedMb.toFixed(0)} MB`,
  );
  // the model itself holds every text twice (sanitised XHTML and plain text); streaming keeps the rest to a record at a time
  expect(retainedMb).toBeLessThan(2.5 * sizeMb);
  expect(growthMb).toBeLessThan(6 * sizeMb);
}, 60_000);
