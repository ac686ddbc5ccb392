// Project state: which project is open, the recent list, and the actions that create, open and close projects.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ProjectInfo, RecentProject } from '../../../shared/domain';
import type { AppError } from '../../../shared/errors';
import { toShownError, type Host } from '../api';

export interface ProjectState {
  /** false until the host has said whether a project is open */
  ready: boolean;
  project: ProjectInfo | null;
  recent: RecentProject[];
  busy: boolean;
  error: AppError | null;
  /** true where the host has a native folder dialog (Electron) */
  canPickFolder: boolean;
  init(): Promise<void>;
  create(path: string): Promise<void>;
  open(path: string): Promise<void>;
  openSample(): Promise<void>;
  close(): Promise<void>;
  pickFolder(): Promise<string | null>;
  dismissError(): void;
}

export function createProjectStore(host: Host): StoreApi<ProjectState> {
  const { api } = host;
  return createStore<ProjectState>()((set) => {
    const refreshRecent = async () => set({ recent: await api.call('projects.recent', {}) });

    const run = async (action: () => Promise<ProjectInfo | null>) => {
      set({ busy: true, error: null });
      try {
        const project = await action();
        set({ project, busy: false });
        await refreshRecent();
      } catch (thrown) {
        set({ busy: false, error: toShownError(thrown) });
      }
    };

    api.subscribe('project.changed', (project) => {
      set({ project });
      if (!project) void refreshRecent().catch(() => undefined);
    });

    return {
      ready: false,
      project: null,
      recent: [],
      busy: false,
      error: null,
      canPickFolder: host.pickFolder !== null,
      async init() {
        try {
          const info = await api.call('app.info', {});
          set({ project: info.project });
          await refreshRecent();
        } catch (thrown) {
          set({ error: toShownError(thrown) });
        } finally {
          set({ ready: true });
        }
      },
      create: (path) => run(() => api.call('projects.create', { path })),
      open: (path) => run(() => api.call('projects.open', { path })),
      openSample: () => run(() => api.call('projects.openSample', {})),
      close: () =>
        run(async () => {
          await api.call('projects.close', {});
          return null;
        }),
      async pickFolder() {
        return host.pickFolder ? host.pickFolder() : null;
      },
      dismissError: () => set({ error: null }),
    };
  });
}
