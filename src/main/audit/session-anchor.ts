// Signs the audit log's head when a session that changed a project closes it, as the user AIRLOCK_USER names,
// unlocked with AIRLOCK_PASSPHRASE. It never prompts: closing must not wait on a terminal (scripts, CI, the desktop
// app); `airlock audit anchor` is the interactive way. The key is unlocked when the project opens, so a wrong
// passphrase fails before any work is done rather than after.
import { fail } from '../../shared/errors';
import type { ProjectStore } from '../store/project-store';
import { UserProfiles, type UnlockedUser } from '../users/user-profiles';
import { anchorHead, type AnchorResult } from './anchor-head';

/** The profile to sign with and its passphrase. */
export interface SignerSpec {
  user: string;
  passphrase: string;
}

/** AIRLOCK_USER names the profile; without it nobody signs. AIRLOCK_USER without AIRLOCK_PASSPHRASE is refused at open. */
export function signerFromEnvironment(env: NodeJS.ProcessEnv): SignerSpec | null {
  const user = env.AIRLOCK_USER?.trim();
  if (!user) return null;
  return { user, passphrase: env.AIRLOCK_PASSPHRASE ?? '' };
}

export class SessionAnchor {
  private readonly profiles: UserProfiles;
  private readonly spec: SignerSpec;
  private unlocked: UnlockedUser | null = null;
  private headAtOpen = 0;

  constructor(dataDir: string, spec: SignerSpec) {
    this.profiles = new UserProfiles(dataDir);
    this.spec = spec;
  }

  /** Unlocks the key (once per session) and remembers the head, so closing can tell whether anything changed. */
  opened(store: ProjectStore, created: boolean): void {
    if (!this.spec.passphrase) {
      fail('PASSPHRASE_REQUIRED', `AIRLOCK_USER names ${this.spec.user} but AIRLOCK_PASSPHRASE is not set, so the log's head cannot be signed on close.`, {
        hint: 'Set AIRLOCK_PASSPHRASE too, or unset AIRLOCK_USER and sign with `airlock audit anchor`.',
      });
    }
    this.unlocked ??= this.profiles.unlock(this.spec.user, this.spec.passphrase);
    // a project this session created changed from nothing: its first head is this session's to sign
    this.headAtOpen = created ? 0 : store.audit.head().seq;
  }

  /**
   * Anchors the head if this session moved it; a read-only project or an unchanged log is left alone, and so is a
   * head that is itself an anchor's entry (signing it again would only sign the record of a signature).
   */
  closing(store: ProjectStore): AnchorResult | null {
    if (!this.unlocked || store.readOnly || store.audit.head().seq === this.headAtOpen) return null;
    if (store.audit.list(1)[0]?.action === 'audit.anchor') return null;
    return anchorHead(store, this.unlocked, this.profiles);
  }
}
