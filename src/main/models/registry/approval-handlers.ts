// Handlers for signed four-eyes approvals: moving an alias, and verifying every approval's signature offline.
import type { HandlerMap } from '../../handler-types';
import { UserProfiles } from '../../users/user-profiles';
import { approve, verifyApprovals } from './approvals';

export const approvalHandlers: HandlerMap<'models.approve' | 'models.verifyApprovals'> = {
  'models.approve': (input, { app }) => approve(app.requireProject().store, new UserProfiles(app.dataDir), input),
  'models.verifyApprovals': (_input, { app }) => verifyApprovals(app.requireProject().store),
};
