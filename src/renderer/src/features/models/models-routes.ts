// The Models area's routes in the location hash: the model list, one model, one version (by tab), one evaluation report.

export type VersionTab = 'overview' | 'evaluations' | 'evaluate';

export type ModelsRoute =
  | { page: 'list' }
  | { page: 'model'; name: string }
  | { page: 'version'; name: string; version: number; tab: VersionTab }
  | { page: 'evaluation'; id: string };

const versionTabs: VersionTab[] = ['overview', 'evaluations', 'evaluate'];

/** the Models route a hash names, or null when the hash belongs to another area */
export function parseModelsRoute(hash: string): ModelsRoute | null {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [head, name, version] = path.split('/').map((p) => decodeURIComponent(p));
  if (head === 'evaluations' && name) return { page: 'evaluation', id: name };
  if (head !== 'models') return null;
  if (!name) return { page: 'list' };
  const n = Number(version);
  if (!Number.isInteger(n) || n < 1) return { page: 'model', name };
  const tab = new URLSearchParams(query).get('tab') as VersionTab | null;
  return { page: 'version', name, version: n, tab: tab && versionTabs.includes(tab) ? tab : 'overview' };
}

export function modelsHash(route: ModelsRoute): string {
  switch (route.page) {
    case 'list':
      return '#/models';
    case 'model':
      return `#/models/${encodeURIComponent(route.name)}`;
    case 'version':
      return `#/models/${encodeURIComponent(route.name)}/${route.version}${route.tab === 'overview' ? '' : `?tab=${route.tab}`}`;
    case 'evaluation':
      return `#/evaluations/${encodeURIComponent(route.id)}`;
  }
}

export function goToModels(route: ModelsRoute): void {
  window.location.hash = modelsHash(route);
}

/** `<name>@<version>` (a lineage id: a model or dataset version) split in two; null when it is not one */
export function splitVersionId(id: string): { name: string; version: number } | null {
  const at = id.lastIndexOf('@');
  const version = Number(id.slice(at + 1));
  return at > 0 && Number.isInteger(version) && version > 0 ? { name: id.slice(0, at), version } : null;
}

/** `<name>@<version>` (ModelVersionInfo.id) as a version route */
export function versionRoute(id: string, tab: VersionTab = 'overview'): ModelsRoute | null {
  const split = splitVersionId(id);
  return split ? { page: 'version', ...split, tab } : null;
}
