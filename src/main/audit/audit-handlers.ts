// Handlers for reading and verifying the project's hash-chained audit log and the signed anchors of its head.
import type { HandlerMap } from '../handler-types';
import { UserProfiles } from '../users/user-profiles';
import { anchorHead } from './anchor-head';
import { verifyLog } from './log-verification';

export const auditHandlers: HandlerMap<'audit.list' | 'audit.verify' | 'audit.anchor'> = {
  'audit.list': ({ limit, beforeSeq }, { app }) => app.requireProject().store.audit.list(limit, beforeSeq),
  'audit.verify': (_input, { app }) => verifyLog(app.requireProject().store, new UserProfiles(app.dataDir)),
  'audit.anchor': ({ user, passphrase }, { app }) => {
    const profiles = new UserProfiles(app.dataDir);
    const { anchor, keyRecorded } = anchorHead(app.requireProject().store, profiles.unlock(user, passphrase), profiles);
    return { seq: anchor.seq, hash: anchor.hash, at: anchor.at, user, fingerprint: anchor.signer, keyRecorded };
  },
};
