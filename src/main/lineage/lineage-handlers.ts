// Handlers for the lineage graph: upstream and downstream of any versioned thing, for traceability and impact analysis.
import type { HandlerMap } from '../handler-types';
import { LineageRepo } from '../store/lineage-repo';

export const lineageHandlers: HandlerMap<'lineage.graph'> = {
  'lineage.graph': (query, { app }) => new LineageRepo(app.requireProject().store.db).graph(query),
};
