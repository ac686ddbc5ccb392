// The Requirements area's routes in the location hash: one tab each for the document view, the flat table, the
// project-wide lint report, duplicate and conflict pairs, and the classifier; `id` selects a requirement.

export const requirementsTabs = ['document', 'table', 'lint', 'pairs', 'classifier'] as const;
export type RequirementsTab = (typeof requirementsTabs)[number];

export interface RequirementsRoute {
  tab: RequirementsTab;
  /** the document shown (its identifier); null picks the first */
  document: string | null;
  /** the requirement selected for editing */
  id: string | null;
}

/** the Requirements route a hash names, or null when the hash belongs to another area */
export function parseRequirementsRoute(hash: string): RequirementsRoute | null {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [head, tab] = path.split('/').map((p) => decodeURIComponent(p));
  if (head !== 'requirements') return null;
  const params = new URLSearchParams(query);
  return {
    tab: (requirementsTabs as readonly string[]).includes(tab ?? '') ? (tab as RequirementsTab) : 'document',
    document: params.get('doc'),
    id: params.get('id'),
  };
}

export function requirementsHash(route: RequirementsRoute): string {
  const params = new URLSearchParams();
  if (route.document !== null) params.set('doc', route.document);
  if (route.id !== null) params.set('id', route.id);
  const query = params.toString();
  return `#/requirements/${route.tab}${query ? `?${query}` : ''}`;
}

export function goToRequirements(route: Partial<RequirementsRoute> & { tab: RequirementsTab }): void {
  window.location.hash = requirementsHash({ document: null, id: null, ...route });
}
