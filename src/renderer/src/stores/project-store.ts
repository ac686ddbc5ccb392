// Project state: which project is open, the recent list, the workspace roots, and the actions that create, open and
// close projects. Folders are named by location (workspace root + name, recent id, dialog handle), never by path.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ProjectLocation } from '../../../shared/api';
import type { ProjectInfo, RecentProject, WorkspaceRoot } from '../../../shared/domain';
import type { AppError } from '../../../shared/errors';
import { toShownError, type Host } from '../api';

export interface ProjectState {
  /** false until the host has said whether a project is open */
  ready: boolean;
  project: ProjectInfo | null;
  recent: RecentProject[];
  /** the folders the app was started with (--workspace), where projects are created and opened by name */
  roots: WorkspaceRoot[];
  busy: boolean;
  error: AppError | null;
  /** true where the host has a native folder dialog (Electron) */
  canPickFolder: boolean;
  init(): Promise<void>;
  createInRoot(root: number, name: string): Promise<void>;
  openInRoot(root: number, name: string): Promise<void>;
  openRecent(id: string): Promise<void>;
  /** the folder dialog, then create (or open) the project there */
  pickAndCreate(): Promise<void>;
  pickAndOpen(): Promise<void>;
  openSample(): Promise<void>;
  close(): Promise<void>;
  dismissError(): void;
}

export function createProjectStore(host: Host): StoreApi<ProjectState> {
  const { api } = host;
  return createStore<ProjectState>()((set) => {
    const refreshLists = async () => {
      const [recent, roots] = await Promise.all([api.call('projects.recent', {}), api.call('projects.roots', {})]);
      set({ recent, roots });
    };

    const run = async (action: () => Promise<ProjectInfo | null>) => {
      set({ busy: true, error: null });
      try {
        const project = await action();
        set({ project, busy: false });
        await refreshLists();
      } catch (thrown) {
        set({ busy: false, error: toShownError(thrown) });
      }
    };

    const create = (location: ProjectLocation) => run(() => api.call('projects.create', { location }));
    const open = (location: ProjectLocation) => run(() => api.call('projects.open', { location }));
    const withPickedFolder = async (action: (location: ProjectLocation) => Promise<void>) => {
      const folder = host.pickFolder ? await host.pickFolder() : null;
      if (folder) await action({ kind: 'picked', handle: folder.handle });
    };

    api.subscribe('project.changed', (project) => {
      set({ project });
      if (!project) void refreshLists().catch(() => undefined);
    });

    return {
      ready: false,
      project: null,
      recent: [],
      roots: [],
      busy: false,
      error: null,
      canPickFolder: host.pickFolder !== null,
      async init() {
        try {
          const info = await api.call('app.info', {});
          set({ project: info.project });
          await refreshLists();
        } catch (thrown) {
          set({ error: toShownError(thrown) });
        } finally {
          set({ ready: true });
        }
      },
      createInRoot: (root, name) => create({ kind: 'root', root, name }),
      openInRoot: (root, name) => open({ kind: 'root', root, name }),
      openRecent: (id) => open({ kind: 'recent', id }),
      pickAndCreate: () => withPickedFolder(create),
      pickAndOpen: () => withPickedFolder(open),
      openSample: () => run(() => api.call('projects.openSample', {})),
      close: () =>
        run(async () => {
          await api.call('projects.close', {});
          return null;
        }),
      dismissError: () => set({ error: null }),
    };
  });
}
