// Which requirements the window must hear about ('trace.changed') when a newer version of something is stored (a
// dataset version, a model version, a monitor's report, a retraining run): those linked to an older member of its
// line, whose links now read as superseded.
import type { JobInfo } from '../../../shared/jobs';
import { succeededAs } from '../../../shared/jobs';
import type { LineageNode } from '../../../shared/lineage';
import type { ProjectStore } from '../../store/project-store';
import { TraceLinksRepo } from '../../store/trace-links-repo';
import { olderOfLine } from '../status/link-stamp';

/** Each requirement once, in the order first found; none when nothing links to the older members. */
export function requirementsTouchedByNewVersion(store: ProjectStore, node: LineageNode): string[] {
  const links = new TraceLinksRepo(store.db);
  return [...new Set(olderOfLine(store.db, node).flatMap((older) => links.live({ target: older }).map((l) => l.requirement)))];
}

/** The newer members of lines a finished job stored: a dataset version, a registered model version, a run (a retraining). */
export function newVersionsStoredBy(job: JobInfo): LineageNode[] {
  if (succeededAs(job, 'dataset.import')) return job.result.reused ? [] : [{ kind: 'dataset_version', id: `${job.result.dataset}@${job.result.version}` }];
  if (succeededAs(job, 'train')) {
    const run: LineageNode = { kind: 'run', id: job.result.run };
    return job.result.model === null ? [run] : [run, { kind: 'model_version', id: job.result.model }];
  }
  return [];
}
