// Handlers for reading and verifying the project's hash-chained audit log.
import type { HandlerMap } from '../handler-types';

export const auditHandlers: HandlerMap<'audit.list' | 'audit.verify'> = {
  'audit.list': ({ limit, beforeSeq }, { app }) => app.requireProject().store.audit.list(limit, beforeSeq),
  'audit.verify': (_input, { app }) => app.requireProject().store.audit.verify(),
};
