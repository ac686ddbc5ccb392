// The app's routes, kept in the location hash so back/forward and reloads keep the page.
import { useSyncExternalStore } from 'react';
import { experimentsHash, parseExperimentsRoute, type ExperimentsRoute } from '../features/experiments/experiments-routes';
import { modelsHash, parseModelsRoute, type ModelsRoute } from '../features/models/models-routes';
import { monitoringHash, parseMonitoringRoute, type MonitoringRoute } from '../features/monitoring/monitoring-routes';
import { parseTraceRoute, traceHash, type TraceRoute } from '../features/trace/trace-routes';
import { parseRequirementsRoute, requirementsHash, type RequirementsRoute } from '../features/requirements/requirements-routes';

export type DatasetTab = 'preview' | 'profile' | 'diff';

export type Route =
  | { page: 'datasets' }
  | { page: 'dataset'; name: string; version: number | null; tab: DatasetTab }
  | { page: 'jobs' }
  | { page: 'audit' }
  | { page: 'experiments'; route: ExperimentsRoute }
  | { page: 'monitoring'; route: MonitoringRoute }
  | { page: 'models'; route: ModelsRoute }
  | { page: 'requirements'; route: RequirementsRoute }
  | { page: 'trace'; route: TraceRoute };

const tabs: DatasetTab[] = ['preview', 'profile', 'diff'];

export function parseRoute(hash: string): Route {
  const experiments = parseExperimentsRoute(hash);
  if (experiments) return { page: 'experiments', route: experiments };
  const monitoring = parseMonitoringRoute(hash);
  if (monitoring) return { page: 'monitoring', route: monitoring };
  const models = parseModelsRoute(hash);
  if (models) return { page: 'models', route: models };
  const requirements = parseRequirementsRoute(hash);
  if (requirements) return { page: 'requirements', route: requirements };
  const trace = parseTraceRoute(hash);
  if (trace) return { page: 'trace', route: trace };
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [head, ...rest] = path.split('/');
  if (head === 'jobs') return { page: 'jobs' };
  if (head === 'audit') return { page: 'audit' };
  if (head === 'datasets' && rest[0]) {
    const params = new URLSearchParams(query);
    const version = Number(params.get('v'));
    const tab = params.get('tab') as DatasetTab | null;
    return {
      page: 'dataset',
      name: decodeURIComponent(rest[0]),
      version: Number.isInteger(version) && version > 0 ? version : null,
      tab: tab && tabs.includes(tab) ? tab : 'profile',
    };
  }
  return { page: 'datasets' };
}

export function routeHash(route: Route): string {
  if (route.page === 'experiments') return experimentsHash(route.route);
  if (route.page === 'monitoring') return monitoringHash(route.route);
  if (route.page === 'models') return modelsHash(route.route);
  if (route.page === 'requirements') return requirementsHash(route.route);
  if (route.page === 'trace') return traceHash(route.route);
  if (route.page !== 'dataset') return `#/${route.page}`;
  const params = new URLSearchParams({ tab: route.tab });
  if (route.version !== null) params.set('v', String(route.version));
  return `#/datasets/${encodeURIComponent(route.name)}?${params}`;
}

export function navigate(route: Route): void {
  window.location.hash = routeHash(route);
}

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, () => window.location.hash));
}
