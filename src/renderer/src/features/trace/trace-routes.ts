// The Traceability area's routes in the location hash: the matrix, the impact view of one requirement, coverage (the
// uncovered report and criteria), regulatory clauses, and the audit package export; `req` selects a requirement.

export const traceTabs = ['matrix', 'impact', 'coverage', 'clauses', 'package'] as const;
export type TraceTab = (typeof traceTabs)[number];

export interface TraceRoute {
  tab: TraceTab;
  /** the requirement the impact view (or a matrix row) is about */
  requirement: string | null;
  /** the standard the clauses tab shows */
  standard: string | null;
}

/** the Traceability route a hash names, or null when the hash belongs to another area */
export function parseTraceRoute(hash: string): TraceRoute | null {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [head, tab] = path.split('/').map((p) => decodeURIComponent(p));
  if (head !== 'trace') return null;
  const params = new URLSearchParams(query);
  return {
    tab: traceTabs.find((t) => t === tab) ?? 'matrix',
    requirement: params.get('req'),
    standard: params.get('standard'),
  };
}

export function traceHash(route: TraceRoute): string {
  const params = new URLSearchParams();
  if (route.requirement !== null) params.set('req', route.requirement);
  if (route.standard !== null) params.set('standard', route.standard);
  const query = params.toString();
  return `#/trace/${route.tab}${query ? `?${query}` : ''}`;
}

export function goToTrace(route: Partial<TraceRoute> & { tab: TraceTab }): void {
  window.location.hash = traceHash({ requirement: null, standard: null, ...route });
}
