// Where an export goes: the place the person picks in the host's save dialog (Electron), or the browser's downloads.
import type { OutputTarget } from '../../../shared/api';
import type { Host } from './host';

/** the target for a file named `suggestedName`; null when the person cancels the save dialog */
export async function pickOutputTarget(host: Pick<Host, 'pickSaveTarget'>, suggestedName: string): Promise<OutputTarget | null> {
  if (!host.pickSaveTarget) return { kind: 'download' };
  const place = await host.pickSaveTarget(suggestedName);
  return place ? { kind: 'picked', handle: place.handle } : null;
}
