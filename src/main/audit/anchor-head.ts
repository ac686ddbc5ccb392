// Signs the audit log's head with a user's key and keeps the signed anchor twice: in the project (audit_anchors, so
// audit packages carry it) and in the user's own data folder (so rewriting the project file cannot rewrite it).
import { fail } from '../../shared/errors';
import { AnchorsRepo } from '../store/anchors-repo';
import type { ProjectStore } from '../store/project-store';
import type { SignedAnchor } from '../users/anchor-signature';
import { signAnchor } from '../users/anchor-signature';
import { LocalAnchors } from '../users/local-anchors';
import type { UnlockedUser, UserProfiles } from '../users/user-profiles';

export interface AnchorResult {
  anchor: SignedAnchor;
  /** the user's copy, in their data folder */
  localFile: string;
  /** true when this anchor recorded the user's public key in the project (their first act in it) */
  keyRecorded: boolean;
}

/**
 * Signs the head as it stands inside the transaction, so no entry can slip in between reading and signing. The
 * anchor's own audit entry follows the head it signs: the log records who anchored it and when.
 */
export function anchorHead(store: ProjectStore, user: UnlockedUser, profiles: UserProfiles): AnchorResult {
  store.assertWritable();
  const project = store.projectId();
  if (!project) fail('INTERNAL', `The project in ${store.dir} has no id to anchor.`, { where: { file: store.dir } });
  const repo = new AnchorsRepo(store);
  const { profile } = user;
  const signed = store.mutate(
    (r: { anchor: SignedAnchor; keyRecorded: boolean }) => ({
      action: 'audit.anchor',
      target: `audit:${r.anchor.seq}`,
      details: { seq: r.anchor.seq, hash: r.anchor.hash, user: profile.name, signer: profile.fingerprint, keyRecorded: r.keyRecorded },
    }),
    () => {
      const keyRecorded = repo.user(profile.fingerprint) === undefined;
      if (keyRecorded) repo.recordUser({ fingerprint: profile.fingerprint, name: profile.name, publicKey: profile.publicKey, firstSeen: store.now().toISOString() });
      const head = store.audit.head();
      const anchor = signAnchor({ project, seq: head.seq, hash: head.hash, at: store.now().toISOString(), signer: profile.fingerprint }, user.privateKey);
      repo.addAnchor(anchor);
      return { anchor, keyRecorded };
    },
  );
  return { ...signed, localFile: new LocalAnchors(profiles).save(profile.name, signed.anchor) };
}
