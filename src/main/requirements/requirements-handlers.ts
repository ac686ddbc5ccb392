// The requirements store, lint and pairs channels: each reads or writes the open project's store through the services
// in store/, lint/ and pairs/. An import reads its file at once (one transaction, no job); an export is one write.
import { sourceName } from '../datasets/source-name';
import type { HandlerMap } from '../handler-types';
import { RequirementsRepo } from '../store/requirements-repo';
import { TraceLinksRepo } from '../store/trace-links-repo';
import { requirementsTouchedByEdit } from '../trace/criteria/touched-requirements';
import { lintRequirement } from './lint/lint-requirement';
import { exportRequirements } from './store/export-requirements';
import { importRequirements } from './store/import-requirements';
import { dismissPair, requirementPairs, restorePair } from './store/requirement-pairs';
import { diffRevisions, editRequirement, pickDocuments, requirementDocuments, showRequirement } from './store/requirements-service';
import { lintRequirements, requirementsTable } from './store/requirements-table';

export type RequirementsStoreChannels =
  | 'requirements.documents' | 'requirements.table' | 'requirements.get' | 'requirements.edit' | 'requirements.diff'
  | 'requirements.lintText' | 'requirements.lint' | 'requirements.pairs' | 'requirements.dismissPair' | 'requirements.restorePair'
  | 'requirements.import' | 'requirements.export';

export const requirementsHandlers: HandlerMap<RequirementsStoreChannels> = {
  'requirements.documents': (_input, { app }) => requirementDocuments(app.requireProject().store),
  'requirements.table': ({ document }, { app }) => requirementsTable(app.requireProject().store, { document }),
  'requirements.get': ({ id, history }, { app }) => showRequirement(app.requireProject().store, id, { history }),
  'requirements.edit': ({ id, ...edit }, { app }) => {
    const store = app.requireProject().store;
    const revision = editRequirement(store, id, edit);
    // a changed text makes its links (and links to it) suspect: the matrix and the impact view reload them
    app.traceChanged(requirementsTouchedByEdit(store, id));
    return revision;
  },
  'requirements.diff': ({ id, from, to }, { app }) => diffRevisions(app.requireProject().store, id, from, to),
  'requirements.lintText': ({ text, safetyCase }) => lintRequirement(text, { safetyCase }),
  'requirements.lint': ({ document }, { app }) => lintRequirements(app.requireProject().store, { document }),
  'requirements.pairs': ({ document, dismissed }, { app }) => requirementPairs(app.requireProject().store, { document, dismissed }),
  'requirements.dismissPair': (input, { app }) => dismissPair(app.requireProject().store, input),
  'requirements.restorePair': (input, { app }) => {
    restorePair(app.requireProject().store, input);
    return null;
  },
  'requirements.import': async ({ source, fileName, document }, ctx) => {
    const store = ctx.app.requireProject().store;
    const src = ctx.resolveSource(source);
    try {
      const summary = await importRequirements(store, src.path, { document, fileName: sourceName(fileName ?? src.fileName) });
      // new revisions may make links suspect, and the file's relations make and remove links
      ctx.app.traceChanged(new TraceLinksRepo(store.db).linkedRequirements());
      return summary;
    } finally {
      src.release?.();
    }
  },
  'requirements.export': ({ format, document, target, overwrite = false }, ctx) => {
    const store = ctx.app.requireProject().store;
    pickDocuments(new RequirementsRepo(store.db), document); // an unknown document fails here, before any file is reserved
    const out = ctx.resolveTarget(target, `${sourceName(document ?? 'requirements')}.${format}`);
    const written = exportRequirements(store, out.path, { document, format, overwrite: overwrite || out.overwriteConfirmed, shown: out.shown });
    return { shown: out.shown, bytes: written.bytes, sha256: written.sha256, downloadId: out.downloadId, documents: written.documents, requirements: written.requirements, relations: written.relations };
  },
};
