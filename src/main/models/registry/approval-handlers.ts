// Handlers for signed four-eyes approvals: moving an alias, and verifying every approval's signature offline.
// (Stub: the approvals slice replaces both handlers.)
import { fail } from '../../../shared/errors';
import type { HandlerMap } from '../../handler-types';

const todo = (): never => fail('INTERNAL', 'not built yet');

export const approvalHandlers: HandlerMap<'models.approve' | 'models.verifyApprovals'> = {
  'models.approve': todo,
  'models.verifyApprovals': todo,
};
