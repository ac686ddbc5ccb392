// Impact analysis and the review of suspect links (clear with a reason, re-verify with new evidence).
import type { HandlerMap } from '../../handler-types';
import { told } from '../links/link-handlers';
import { impactReport } from './impact-report';
import { clearLink, reverifyLink } from './link-review';

export type ImpactChannels = 'trace.impact' | 'trace.clear' | 'trace.reverify';

export const impactHandlers: HandlerMap<ImpactChannels> = {
  'trace.impact': ({ requirement }, { app }) => impactReport(app.requireProject().store, requirement),
  'trace.clear': ({ link, reason }, { app }) => told(app, clearLink(app.requireProject().store, link, reason)),
  'trace.reverify': ({ link, evidence, reason }, { app }) => told(app, reverifyLink(app.requireProject().store, link, reason, evidence)),
};
