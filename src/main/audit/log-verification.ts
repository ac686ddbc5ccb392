// Verifies a project's audit log as a whole: the hash chain (AuditLog.verify), then every signed anchor of its head,
// those in this machine's user folders (against the users' own keys) and the project's own (against the keys it
// recorded): each must verify and its entry must still be in the log with the hash that was signed.
import type { LogVerification } from '../../shared/domain';
import { toAppError } from '../../shared/errors';
import { AnchorsRepo, type AnchorRow } from '../store/anchors-repo';
import type { ProjectStore } from '../store/project-store';
import { anchorSignatureValid, type SignedAnchor } from '../users/anchor-signature';
import { LocalAnchors, type LocalAnchor } from '../users/local-anchors';
import type { UserProfiles } from '../users/user-profiles';

type Finding = { seq: number; reason: string };

export function verifyLog(store: ProjectStore, profiles: UserProfiles): LogVerification {
  const chain = store.audit.verify();
  const repo = new AnchorsRepo(store);
  const project = store.projectId();
  const inProject = repo.anchors();
  const local = project ? new LocalAnchors(profiles).forProject(project) : [];
  const anchors = inProject.length + local.length;
  if (!chain.ok) return { ...chain, anchors };
  // Local anchors first: they are the evidence a rewrite of the project file cannot reach.
  const found = firstLocalProblem(store, local) ?? firstProjectProblem(store, repo, inProject, project);
  return found ? { ok: false, entries: chain.entries, anchors, firstBad: found } : { ok: true, entries: chain.entries, anchors };
}

/**
 * The quick check made each time a project opens: only this machine's users' own anchors, one lookup each, no walk
 * of the chain. A rewrite of entries they signed shows here; verifyLog() is the full check.
 */
export function localAnchorAlert(store: ProjectStore, profiles: UserProfiles): string | null {
  const project = store.projectId();
  if (!project) return null;
  try {
    return firstLocalProblem(store, new LocalAnchors(profiles).forProject(project))?.reason ?? null;
  } catch (e) {
    // a damaged user profile must not keep every project from opening: it is the alert instead
    return toAppError(e).message;
  }
}

function firstLocalProblem(store: ProjectStore, local: LocalAnchor[]): Finding | null {
  for (const { user, anchor, file } of local) {
    const who = `${user.name} (key ${user.fingerprint.slice(0, 16)})`;
    if (!anchor) return { seq: 0, reason: `${file}, the anchor ${who} keeps of this project, is unreadable` };
    if (anchor.signer !== user.fingerprint || !anchorSignatureValid(anchor, user.publicKey)) {
      return { seq: anchor.seq, reason: `the anchor of entry ${anchor.seq} in ${file} does not verify against the key of ${who}: the anchor was altered` };
    }
    const problem = entryProblem(store, anchor, who);
    if (problem) return { seq: anchor.seq, reason: problem };
  }
  return null;
}

function firstProjectProblem(store: ProjectStore, repo: AnchorsRepo, anchors: AnchorRow[], project: string | null): Finding | null {
  for (const anchor of anchors) {
    const key = repo.user(anchor.signer);
    if (!key) return { seq: anchor.seq, reason: `the anchor of entry ${anchor.seq} names a signer (key ${anchor.signer.slice(0, 16)}) whose public key the project does not hold` };
    const who = `${key.name} (key ${key.fingerprint.slice(0, 16)})`;
    if (anchor.project !== project) return { seq: anchor.seq, reason: `the anchor of entry ${anchor.seq} signed by ${who} names another project (${anchor.project})` };
    if (!anchorSignatureValid(anchor, key.publicKey)) {
      return { seq: anchor.seq, reason: `the anchor of entry ${anchor.seq} signed by ${who} does not verify against the key the project recorded: the anchor was altered` };
    }
    const problem = entryProblem(store, anchor, who);
    if (problem) return { seq: anchor.seq, reason: problem };
  }
  return null;
}

/** Why the log no longer holds the entry an anchor signed, or null when it does. */
function entryProblem(store: ProjectStore, anchor: SignedAnchor, who: string): string | null {
  const held = store.audit.hashAt(anchor.seq);
  if (held === undefined) return `entry ${anchor.seq}, which ${who} signed at ${anchor.at}, is no longer in the log: the log was cut back or rewritten`;
  if (held !== anchor.hash) {
    return `entry ${anchor.seq} is not the entry ${who} signed at ${anchor.at} (signed hash ${anchor.hash.slice(0, 12)}, now ${held.slice(0, 12)}): the log was rewritten`;
  }
  return null;
}
