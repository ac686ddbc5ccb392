// Regulatory clause coverage: checklists, the gap report, suggested and confirmed mappings.
import type { HandlerMap } from '../../handler-types';
import { clauseReport, clauseSuggestions, mapClause, standards } from './clause-service';

export type ClauseChannels = 'trace.standards' | 'trace.clauses' | 'trace.suggestClauses' | 'trace.mapClause';

export const clauseHandlers: HandlerMap<ClauseChannels> = {
  'trace.standards': () => standards(),
  'trace.clauses': ({ standard, level }, { app }) => clauseReport(app.requireProject().store, standard, level ?? null),
  'trace.suggestClauses': ({ standard, target }, { app }) => clauseSuggestions(app.requireProject().store, standard, target),
  'trace.mapClause': (input, { app }) => {
    mapClause(app.requireProject().store, input);
    return null;
  },
};
