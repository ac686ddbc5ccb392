// Links: make, remove, list, and the targets a link can point at. Each handler calls links-service or trace-targets.
import type { TraceLinkInfo } from '../../../shared/trace';
import type { Workbench } from '../../app';
import type { HandlerMap } from '../../handler-types';
import { linkRequirement, traceLinks, unlinkLink } from './links-service';
import { traceTargets } from './trace-targets';

/** Every window hears of a link made, removed or reviewed here: other windows' matrices and impact views reload. */
export function told(app: Workbench, link: TraceLinkInfo): TraceLinkInfo {
  app.traceChanged([link.requirement]);
  return link;
}

export type LinkChannels = 'trace.link' | 'trace.unlink' | 'trace.links' | 'trace.targets';

export const linkHandlers: HandlerMap<LinkChannels> = {
  'trace.link': ({ requirement, target, type, reason, suggested }, { app }) =>
    told(app, linkRequirement(app.requireProject().store, { requirement, target, type, reason, origin: suggested ? 'suggestion' : 'manual' })),
  'trace.unlink': ({ link, reason }, { app }) => told(app, unlinkLink(app.requireProject().store, link, reason ?? null)),
  'trace.links': (filter, { app }) => traceLinks(app.requireProject().store, filter),
  'trace.targets': ({ kinds }, { app }) => traceTargets(app.requireProject().store, kinds),
};
