// Paths the person chose in one of our own native dialogs (Electron), by opaque handle: the window holds the handle,
// never the path, so it can only name what the person picked.
import { randomBytes } from 'node:crypto';
import { fail } from '../../shared/errors';

export type PickedKind = 'file' | 'folder' | 'target';

export interface Picked {
  path: string;
  /** a save target the person chose although it existed: the dialog's own prompt asked them to replace it */
  overwriteConfirmed: boolean;
}

const WHAT: Record<PickedKind, string> = { file: 'file', folder: 'folder', target: 'save location' };

export class PickedPaths {
  private readonly known = new Map<string, Picked & { kind: PickedKind }>();

  add(kind: PickedKind, path: string, overwriteConfirmed = false): string {
    const handle = randomBytes(16).toString('hex');
    this.known.set(handle, { kind, path, overwriteConfirmed });
    return handle;
  }

  /** The path behind a handle of this kind; a handle of another kind (a picked file used as a save target) is refused. */
  get(kind: PickedKind, handle: string): Picked {
    const picked = this.known.get(handle);
    if (!picked || picked.kind !== kind) fail('NOT_FOUND', `That ${WHAT[kind]} was not chosen in this window's dialog.`, { hint: `Choose the ${WHAT[kind]} again.` });
    return { path: picked.path, overwriteConfirmed: picked.overwriteConfirmed };
  }
}
