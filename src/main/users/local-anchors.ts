// Each user's own record of the last head they signed in each project (users/NAME/anchors/<project id>.json): kept
// outside the project, so rewriting the project's file cannot rewrite what its users saw.
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../store/atomic-write';
import { signedAnchor, type SignedAnchor } from './anchor-signature';
import type { UserProfile, UserProfiles } from './user-profiles';

const ANCHORS_DIR = 'anchors';

/** An anchor from a user's data folder, with the profile whose key must have signed it (null: the file is unreadable). */
export interface LocalAnchor {
  user: UserProfile;
  anchor: SignedAnchor | null;
  file: string;
}

export class LocalAnchors {
  private readonly profiles: UserProfiles;

  constructor(profiles: UserProfiles) {
    this.profiles = profiles;
  }

  /** Replaces the user's anchor for the project: the last head they saw is the one that matters. */
  save(user: string, anchor: SignedAnchor): string {
    const dir = path.join(this.profiles.home(user), ANCHORS_DIR);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, `${anchor.project}.json`);
    writeFileAtomic(file, JSON.stringify(anchor, null, 2));
    fs.chmodSync(file, 0o600);
    return file;
  }

  /** Every local user's anchor of this project. */
  forProject(project: string): LocalAnchor[] {
    const found: LocalAnchor[] = [];
    for (const user of this.profiles.list()) {
      const file = path.join(this.profiles.home(user.name), ANCHORS_DIR, `${project}.json`);
      if (!fs.existsSync(file)) continue;
      const parsed = signedAnchor.safeParse(safeJson(file));
      found.push({ user, anchor: parsed.success ? parsed.data : null, file });
    }
    return found;
  }
}

function safeJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch {
    return null;
  }
}
