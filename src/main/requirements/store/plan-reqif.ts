// A ReqIF document as the store holds it: each specification a document, each spec object a requirement placed where
// the hierarchy first shows it (an object in no hierarchy goes to the first specification, or to a document named
// after the file), and the frame (header, datatypes, spec types, relation groups, tool extensions) kept for export.
import type { ReqifDocument, ReqifHierarchyNode, ReqifSpecObject } from '../../../shared/reqif';
import type { DocumentRow, RequirementPlace } from '../../store/requirements-repo';
import type { ImportPlan, PlannedRequirement } from './import-plan';
import { definitionNames, enumNames, readRoles, roleDefinitions, textAndTitle } from './reqif-mapping';

/** What an export needs besides the documents, requirements and relations. */
export type ReqifFrame = Pick<ReqifDocument, 'member' | 'header' | 'datatypes' | 'specTypes' | 'relationGroups' | 'toolExtensions'>;

export const reqifSourceId = (doc: ReqifDocument): string => `reqif:${doc.header.identifier}`;

/** The node's own fields: what an export needs to write the SPEC-HIERARCHY element back. */
function nodeOwnFields({ children: _children, object: _object, ...own }: ReqifHierarchyNode): Omit<ReqifHierarchyNode, 'children' | 'object'> {
  return own;
}

function objectOwnFields({ values: _values, ...own }: ReqifSpecObject): Omit<ReqifSpecObject, 'values'> {
  return own;
}

export function planReqif(doc: ReqifDocument, fileName: string, attachments: ImportPlan['attachments'] = []): ImportPlan {
  const sourceId = reqifSourceId(doc);
  const { member, header, datatypes, specTypes, relationGroups, toolExtensions } = doc;
  const frame: ReqifFrame = { member, header, datatypes, specTypes, relationGroups, toolExtensions };
  const names = definitionNames(specTypes);
  const roles = roleDefinitions(names);
  const enums = enumNames(datatypes);
  const objects = new Map(doc.specObjects.map((o) => [o.identifier, o]));
  const warnings: ImportPlan['warnings'] = doc.warnings.map((w) => ({ ...w }));
  const documents: DocumentRow[] = doc.specifications.map(({ children: _children, ...spec }, position) => ({
    id: spec.identifier,
    name: spec.longName ?? spec.identifier,
    source_id: sourceId,
    position,
    spec_json: JSON.stringify(spec),
  }));

  const places = new Map<string, RequirementPlace>();
  let hierarchyNodes = 0;
  let position = 0;
  const place = (o: ReqifSpecObject, documentId: string, parent: string | null, node: ReqifHierarchyNode | null): void => {
    const { textDefinition, titleDefinition } = textAndTitle(o.values, names);
    places.set(o.identifier, {
      id: o.identifier,
      document_id: documentId,
      parent_id: parent,
      position: position++,
      node_json: node ? JSON.stringify(nodeOwnFields(node)) : null,
      object_json: JSON.stringify(objectOwnFields(o)),
      text_definition: textDefinition,
      title_definition: titleDefinition,
    });
  };
  const visit = (documentId: string, nodes: readonly ReqifHierarchyNode[], parent: string | null): void => {
    for (const node of nodes) {
      const o = objects.get(node.object);
      // a node showing a missing object was reported by the reader; its children still show objects of their own
      if (o === undefined) {
        visit(documentId, node.children, parent);
        continue;
      }
      if (places.has(o.identifier)) {
        warnings.push({ code: 'OBJECT_SHOWN_TWICE', identifier: node.identifier, message: `Spec object ${o.identifier} is shown again by hierarchy node ${node.identifier}; it stays where it was first shown.` });
        visit(documentId, node.children, parent);
        continue;
      }
      hierarchyNodes += 1;
      place(o, documentId, parent, node);
      visit(documentId, node.children, o.identifier);
    }
  };
  for (const spec of doc.specifications) visit(spec.identifier, spec.children, null);

  const unplaced = doc.specObjects.filter((o) => !places.has(o.identifier));
  if (unplaced.length > 0) {
    let home = documents[0]?.id;
    if (home === undefined) {
      home = sourceId;
      documents.push({ id: home, name: header.title ?? fileName, source_id: sourceId, position: 0, spec_json: null });
    }
    for (const o of unplaced) place(o, home, null, null);
  }

  const requirements: PlannedRequirement[] = [...places.values()].map((p) => {
    const o = objects.get(p.id);
    const values = o?.values ?? [];
    const { text, title, xhtml } = textAndTitle(values, names);
    return { place: p, content: { text, title, xhtml, ...readRoles(values, roles, enums), attributes: values } };
  });
  return {
    source: { id: sourceId, kind: 'reqif', frame_json: JSON.stringify(frame) },
    documents,
    requirements,
    relations: doc.specRelations.map((r) => ({ id: r.identifier, source_id: sourceId, type: r.type, source: r.source, target: r.target, relation_json: JSON.stringify(r) })),
    hierarchyNodes,
    attachments,
    ignored: new Set([...roles.status, ...roles.owner]),
    warnings,
  };
}
