// The export target a store sends: a download without a save dialog, the picked place's handle with one, none if cancelled.
import { describe, expect, it } from 'vitest';
import { pickOutputTarget } from './output-target';

describe('pickOutputTarget', () => {
  it('sends an export to the downloads where the host has no save dialog', async () => {
    expect(await pickOutputTarget({ pickSaveTarget: null }, 'brakes.reqif')).toEqual({ kind: 'download' });
  });

  it('offers the suggested name in the save dialog and sends the picked place’s handle', async () => {
    const offered: string[] = [];
    const host = {
      pickSaveTarget: async (name: string) => {
        offered.push(name);
        return { handle: 'place-1', name };
      },
    };
    expect(await pickOutputTarget(host, 'brakes.reqif')).toEqual({ kind: 'picked', handle: 'place-1' });
    expect(offered).toEqual(['brakes.reqif']);
  });

  it('answers null when the person cancels the save dialog', async () => {
    expect(await pickOutputTarget({ pickSaveTarget: async () => null }, 'brakes.reqif')).toBeNull();
  });
});
