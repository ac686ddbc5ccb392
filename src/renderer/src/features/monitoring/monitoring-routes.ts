// The Monitoring area's routes in the location hash: the overview, one report, one monitor, the new report/monitor form.

export type NewMode = 'report' | 'monitor';

export type MonitoringRoute =
  | { page: 'overview' }
  | { page: 'report'; id: string }
  | { page: 'monitor'; id: string }
  | { page: 'new'; mode: NewMode };

/** the Monitoring route a hash names, or null when the hash belongs to another area */
export function parseMonitoringRoute(hash: string): MonitoringRoute | null {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [head, section, id] = path.split('/').map((p) => decodeURIComponent(p));
  if (head !== 'monitoring') return null;
  if (section === 'reports' && id) return { page: 'report', id };
  if (section === 'monitors' && id) return { page: 'monitor', id };
  if (section === 'new') return { page: 'new', mode: new URLSearchParams(query).get('mode') === 'monitor' ? 'monitor' : 'report' };
  return { page: 'overview' };
}

export function monitoringHash(route: MonitoringRoute): string {
  switch (route.page) {
    case 'overview':
      return '#/monitoring';
    case 'report':
      return `#/monitoring/reports/${encodeURIComponent(route.id)}`;
    case 'monitor':
      return `#/monitoring/monitors/${encodeURIComponent(route.id)}`;
    case 'new':
      return route.mode === 'monitor' ? '#/monitoring/new?mode=monitor' : '#/monitoring/new';
  }
}

export function goToMonitoring(route: MonitoringRoute): void {
  window.location.hash = monitoringHash(route);
}
