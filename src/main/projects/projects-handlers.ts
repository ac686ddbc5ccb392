// Handlers for the app itself and for opening, creating and closing project folders.
import type { HandlerMap } from '../handler-types';
import { openSampleProject } from './sample-project';

export const appHandlers: HandlerMap<'app.info' | 'projects.recent' | 'projects.create' | 'projects.open' | 'projects.openSample' | 'projects.close'> = {
  'app.info': (_input, { app, host }) => ({ version: app.appVersion, host, project: app.project?.store.info() ?? null }),
  'projects.recent': (_input, { app }) => app.recent(),
  'projects.create': ({ path }, { app }) => app.createProject(path),
  'projects.open': ({ path }, { app }) => app.openProject(path),
  'projects.openSample': ({ path }, { app }) => openSampleProject(app, path),
  'projects.close': async (_input, { app }) => {
    await app.closeProject();
    return null;
  },
};
