import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ReqifDocument, ReqifHierarchyNode } from '../../../shared/reqif';
import { readReqif } from './reqif-reader';
import { writeReqif } from './reqif-writer';
import { writeTemp } from './test-reqif';

/** The parts of ../shared/data/reqif/expected.json (counted by an independent script) these tests compare. */
interface ExpectedDocument {
  member: string | null;
  header: Record<string, string | null>;
  counts: Record<string, number>;
  datatypes: Record<string, number>;
  integrity: Record<string, number | unknown[]>;
  specifications: { IDENTIFIER: string; 'LONG-NAME': string | null; hierarchy_nodes: number }[];
  spec_object_ids: { sha256_of_sorted_ids_joined_by_newline: string };
  tool_extensions: { children: number } | null;
  xhtml: { text_sample: { spec_object: string; definition_ref: string; text_alnum_first_100: string } | null };
}

interface ExpectedFile {
  file: string;
  zip_members?: { name: string; bytes: number }[];
  documents: ExpectedDocument[];
}

const REAL = path.resolve(__dirname, '../../../../../shared/data/reqif');
const real: ExpectedFile[] = fs.existsSync(path.join(REAL, 'expected.json'))
  ? (JSON.parse(fs.readFileSync(path.join(REAL, 'expected.json'), 'utf8')) as { files: ExpectedFile[] }).files
  : [];
if (real.length === 0) console.log(`skipping the real ReqIF exports: ${REAL}/expected.json is absent`);

function hierarchy(doc: ReqifDocument): { nodes: number; depth: number } {
  let nodes = 0;
  let depth = 0;
  const walk = (children: ReqifHierarchyNode[], level: number): void => {
    for (const node of children) {
      nodes += 1;
      depth = Math.max(depth, level);
      walk(node.children, level + 1);
    }
  };
  for (const spec of doc.specifications) walk(spec.children, 1);
  return { nodes, depth };
}

function countsOf(doc: ReqifDocument): Record<string, number> {
  const types = (kind: string): number => doc.specTypes.filter((t) => t.kind === kind).length;
  const { nodes, depth } = hierarchy(doc);
  return {
    spec_objects: doc.specObjects.length,
    spec_relations: doc.specRelations.length,
    specifications: doc.specifications.length,
    spec_hierarchy_nodes: nodes,
    hierarchy_max_depth: depth,
    relation_groups: doc.relationGroups.length,
    datatypes: doc.datatypes.length,
    enum_values: doc.datatypes.reduce((n, d) => n + (d.values?.length ?? 0), 0),
    spec_object_types: types('specObject'),
    spec_relation_types: types('specRelation'),
    specification_types: types('specification'),
    relation_group_types: types('relationGroup'),
    attribute_definitions: doc.specTypes.reduce((n, t) => n + t.attributes.length, 0),
    attribute_values: [...doc.specObjects, ...doc.specRelations, ...doc.specifications].reduce((n, x) => n + x.values.length, 0),
  };
}

function datatypeKinds(doc: ReqifDocument): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const d of doc.datatypes) kinds[`DATATYPE-DEFINITION-${d.kind}`] = (kinds[`DATATYPE-DEFINITION-${d.kind}`] ?? 0) + 1;
  return kinds;
}

function checkDocument(doc: ReqifDocument, expected: ExpectedDocument): void {
  expect(doc.member).toBe(expected.member);
  expect(countsOf(doc)).toEqual(expected.counts);
  expect(datatypeKinds(doc)).toEqual(expected.datatypes);
  const h = doc.header;
  expect({
    IDENTIFIER: h.identifier,
    'SOURCE-TOOL-ID': h.sourceToolId ?? null,
    'REQ-IF-TOOL-ID': h.reqifToolId ?? null,
    'REQ-IF-VERSION': h.reqifVersion ?? null,
    TITLE: h.title ?? null,
    'CREATION-TIME': h.creationTime ?? null,
    'REPOSITORY-ID': h.repositoryId ?? null,
    COMMENT: h.comment ?? null,
  }).toEqual(expected.header);
  expect(doc.specifications.map((s) => ({ IDENTIFIER: s.identifier, 'LONG-NAME': s.longName ?? null, hierarchy_nodes: hierarchy({ ...doc, specifications: [s] }).nodes }))).toEqual(
    expected.specifications,
  );
  const ids = doc.specObjects.map((o) => o.identifier).sort();
  expect(createHash('sha256').update(ids.join('\n')).digest('hex')).toBe(expected.spec_object_ids.sha256_of_sorted_ids_joined_by_newline);
  expect(doc.toolExtensions).toHaveLength(expected.tool_extensions?.children ?? 0);
  // these exports are clean: nothing dangles, so nothing is warned about
  expect(expected.integrity.relations_with_endpoint_not_in_file).toBe(0);
  expect(doc.warnings).toEqual([]);
  const sample = expected.xhtml.text_sample;
  if (sample) {
    const value = doc.specObjects.find((o) => o.identifier === sample.spec_object)?.values.find((v) => v.definition === sample.definition_ref);
    expect(value?.kind).toBe('XHTML');
    if (value?.kind === 'XHTML') expect(value.text.replace(/[^\p{L}\p{N}]/gu, '').slice(0, 100)).toBe(sample.text_alnum_first_100);
  }
}

describe.skipIf(real.length === 0)('readReqif on the real exports in ../shared/data/reqif', () => {
  it.each(real.map((f) => [f.file, f] as const))('%s matches the counts, header, identifiers and attachments of expected.json', async (_, expected) => {
    const file = await readReqif(path.join(REAL, expected.file));
    expect(file.documents).toHaveLength(expected.documents.length);
    expected.documents.forEach((e, i) => checkDocument(file.documents[i], e));
    const attachments = (expected.zip_members ?? []).filter((m) => !m.name.toLowerCase().endsWith('.reqif'));
    expect(file.attachments.map((a) => ({ name: a.name, bytes: a.size }))).toEqual(attachments);
    if (file.attachments.length > 0) {
      // hashed again from the whole zip read at once, not streamed
      const members = unzipSync(fs.readFileSync(path.join(REAL, expected.file)));
      for (const a of file.attachments) expect(a.sha256).toBe(createHash('sha256').update(members[a.name]).digest('hex'));
    }
  });

  it.each(real.map((f) => [f.file] as const))('%s reads back equal after writeReqif', async (name) => {
    const file = await readReqif(path.join(REAL, name));
    for (const doc of file.documents) {
      const again = await readReqif(writeTemp('again.reqif', writeReqif(doc)));
      expect(again.documents[0]).toEqual({ ...doc, member: null });
    }
  });
});
