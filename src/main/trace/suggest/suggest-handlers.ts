// Suggested links: ranked candidates and remembered rejections. Each handler calls suggest-service.
import type { HandlerMap } from '../../handler-types';
import { rejectSuggestion, suggestLinks } from './suggest-service';

export type SuggestChannels = 'trace.suggest' | 'trace.reject';

export const suggestHandlers: HandlerMap<SuggestChannels> = {
  'trace.suggest': ({ requirement, limit }, { app }) => suggestLinks(app.requireProject().store, requirement, limit),
  'trace.reject': (input, { app }) => rejectSuggestion(app.requireProject().store, input),
};
