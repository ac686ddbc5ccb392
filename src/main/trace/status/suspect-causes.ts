// Why each link is suspect now: its requirement's newest fingerprint differs from the stamp, a requirement target
// changed, or a newer version supersedes its target. (stub: slice 2)
import type { SuspectCause } from '../../../shared/trace';
import type { ProjectStore } from '../../store/project-store';
import type { StoredLink } from '../../store/trace-links-repo';

export function suspectCauses(_store: ProjectStore, _links: readonly StoredLink[]): Map<string, SuspectCause[]> {
  return new Map();
}
