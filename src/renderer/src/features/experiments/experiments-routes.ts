// The Experiments area's routes in the location hash: runs, one run, a comparison, studies, one study, the train form.

export type RunTab = 'overview' | 'evaluation' | 'environment';
export type TrainMode = 'train' | 'study';

export type ExperimentsRoute =
  | { page: 'runs' }
  | { page: 'run'; id: string; tab: RunTab }
  | { page: 'compare'; ids: string[] }
  | { page: 'studies' }
  | { page: 'study'; id: string }
  | { page: 'train'; mode: TrainMode };

const runTabs: RunTab[] = ['overview', 'evaluation', 'environment'];
const idPattern = /^[a-zA-Z0-9_-]{1,64}$/;

/** the Experiments route a hash names, or null when the hash belongs to another area */
export function parseExperimentsRoute(hash: string): ExperimentsRoute | null {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [head, id] = path.split('/').map((p) => decodeURIComponent(p));
  const params = new URLSearchParams(query);
  switch (head) {
    case 'runs': {
      if (!id) return { page: 'runs' };
      const tab = params.get('tab') as RunTab | null;
      return { page: 'run', id, tab: tab && runTabs.includes(tab) ? tab : 'overview' };
    }
    case 'compare':
      return { page: 'compare', ids: (params.get('ids') ?? '').split(',').filter((x) => idPattern.test(x)) };
    case 'studies':
      return id ? { page: 'study', id } : { page: 'studies' };
    case 'train':
      return { page: 'train', mode: params.get('mode') === 'study' ? 'study' : 'train' };
    default:
      return null;
  }
}

export function experimentsHash(route: ExperimentsRoute): string {
  switch (route.page) {
    case 'runs':
    case 'studies':
      return `#/${route.page}`;
    case 'run':
      return `#/runs/${encodeURIComponent(route.id)}${route.tab === 'overview' ? '' : `?tab=${route.tab}`}`;
    case 'compare':
      return `#/compare?ids=${route.ids.join(',')}`;
    case 'study':
      return `#/studies/${encodeURIComponent(route.id)}`;
    case 'train':
      return route.mode === 'study' ? '#/train?mode=study' : '#/train';
  }
}

export function goTo(route: ExperimentsRoute): void {
  window.location.hash = experimentsHash(route);
}
