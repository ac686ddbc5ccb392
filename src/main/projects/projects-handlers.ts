// Handlers for the app itself and for opening, creating and closing project folders. Folders arrive as locations the
// host resolves (workspace root + name, recent id, dialog handle, or a CLI path), never as a path from the window.
import type { HandlerMap } from '../handler-types';
import { openSampleProject } from './sample-project';

export const appHandlers: HandlerMap<'app.info' | 'projects.recent' | 'projects.roots' | 'projects.create' | 'projects.open' | 'projects.openSample' | 'projects.close'> = {
  'app.info': (_input, { app, host }) => ({ version: app.appVersion, host, project: app.project?.store.info() ?? null }),
  'projects.recent': (_input, { app }) => app.recent(),
  'projects.roots': (_input, ctx) => ctx.workspaceRoots(),
  'projects.create': ({ location }, ctx) => ctx.app.createProject(ctx.resolveProject(location)),
  'projects.open': ({ location }, ctx) => ctx.app.openProject(ctx.resolveProject(location)),
  'projects.openSample': ({ location }, ctx) => openSampleProject(ctx.app, location ? ctx.resolveProject(location) : undefined),
  'projects.close': async (_input, { app }) => {
    await app.closeProject();
    return null;
  },
};
