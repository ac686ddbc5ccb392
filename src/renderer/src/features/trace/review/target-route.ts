// Where a link's target lives in the window, so a review page can open it: a model version's page, a dataset
// version's profile, a run, an evaluation or drift report, a monitor, a requirement's impact view. Studies, alerts
// and approvals have no page of their own.
import type { TraceTarget } from '../../../../../shared/trace';
import type { Route } from '../../../app/routes';
import { splitVersionId, versionRoute } from '../../models/models-routes';

export function targetRoute(target: TraceTarget): Route | null {
  switch (target.kind) {
    case 'requirement':
      return { page: 'trace', route: { tab: 'impact', requirement: target.id, standard: null } };
    case 'model_version': {
      const route = versionRoute(target.id);
      return route ? { page: 'models', route } : null;
    }
    case 'dataset_version': {
      // a dataset version's id has the model version's shape: '<name>@<version>'
      const split = splitVersionId(target.id);
      return split ? { page: 'dataset', name: split.name, version: split.version, tab: 'profile' } : null;
    }
    case 'run':
      return { page: 'experiments', route: { page: 'run', id: target.id, tab: 'overview' } };
    case 'evaluation':
      return { page: 'models', route: { page: 'evaluation', id: target.id } };
    case 'drift_report':
      return { page: 'monitoring', route: { page: 'report', id: target.id } };
    case 'monitor':
      return { page: 'monitoring', route: { page: 'monitor', id: target.id } };
    case 'study':
    case 'alert':
    case 'approval':
      return null;
  }
}
