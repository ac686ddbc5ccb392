// Handlers for listing, watching and cancelling jobs of the open project.
import type { HandlerMap } from '../handler-types';

export const jobsHandlers: HandlerMap<'jobs.list' | 'jobs.get' | 'jobs.cancel' | 'jobs.wait'> = {
  'jobs.list': (_input, { app }) => app.requireProject().jobs.list(),
  'jobs.get': ({ id }, { app }) => app.requireProject().jobs.get(id),
  'jobs.cancel': ({ id }, { app }) => app.requireProject().jobs.cancel(id),
  'jobs.wait': ({ id, timeoutMs }, { app }) => app.requireProject().jobs.wait(id, timeoutMs),
};
