// The classifier store against a real Workbench: its calls go through the host's dispatch and its events come from
// the Workbench's bus, as the Electron host delivers them, on a project with requirements imported from a CSV.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreApi } from 'zustand/vanilla';
import { tempDir } from '../../../main/test-support/temp-project';
import { openTestWorkbench, type TestWorkbench } from '../../../main/test-support/test-workbench';
import { createClassifierStore, type ClassifierState } from './classifier-store';
import { inProcessHost } from './test-host';

const requirementsCsv = `id,text
R-1,The infotainment unit shall display the current speed to the driver.
R-2,The infotainment unit shall show the driver the current speed.
R-3,The brake controller shall respond to a pedal request within 200 ms.
R-4,The brake controller shall respond to a pedal request within 0.5 s.
R-5,The logger shall keep the last 1000 diagnostic events in non-volatile memory.
R-6,The telematics unit shall authenticate every diagnostic session with a signed certificate.
`;

let bench: TestWorkbench;
let store: StoreApi<ClassifierState>;

beforeAll(async () => {
  bench = await openTestWorkbench(1);
  const file = path.join(tempDir(), 'spec.csv');
  fs.writeFileSync(file, requirementsCsv);
  await bench.call('requirements.import', { source: { kind: 'path', path: file } });
  store = createClassifierStore(inProcessHost(bench));
}, 60_000);
afterAll(async () => {
  await bench.app.closeProject();
});

const pairKeys = () => store.getState().pairs.map((p) => `${p.a}-${p.b} ${p.relation}${p.dismissed ? ' dismissed' : ''}`);

describe('the classifier store', () => {
  it('lists the duplicate and the conflict with both requirements’ texts', async () => {
    await store.getState().loadPairs(null);
    expect(store.getState().error).toBeNull();
    expect(pairKeys()).toEqual(['R-1-R-2 duplicate', 'R-3-R-4 conflict']);
    expect(store.getState().sides['R-4']).toMatchObject({ id: 'R-4', text: 'The brake controller shall respond to a pedal request within 0.5 s.' });
    // only the requirements a pair names are kept
    expect(Object.keys(store.getState().sides).sort()).toEqual(['R-1', 'R-2', 'R-3', 'R-4']);
  });

  it('hides a dismissed pair, lists it as dismissed on request, and restores it', async () => {
    const duplicate = store.getState().pairs.find((p) => p.relation === 'duplicate');
    expect(duplicate).toBeDefined();
    if (!duplicate) return;
    const refused = await store.getState().dismissPair(duplicate, '   ');
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });

    const dismissed = await store.getState().dismissPair(duplicate, 'the HMI team keeps its own copy');
    expect(dismissed).toMatchObject({ ok: true, dismissal: { a: 'R-1', b: 'R-2', relation: 'duplicate', reason: 'the HMI team keeps its own copy' } });
    expect(pairKeys()).toEqual(['R-3-R-4 conflict']);

    await store.getState().setShowDismissed(true);
    expect(pairKeys()).toEqual(['R-1-R-2 duplicate dismissed', 'R-3-R-4 conflict']);

    const [shown] = store.getState().pairs;
    if (shown) await store.getState().restorePair(shown);
    expect(pairKeys()).toEqual(['R-1-R-2 duplicate', 'R-3-R-4 conflict']);
    await store.getState().setShowDismissed(false);
    expect(store.getState().error).toBeNull();
  });

  it('stores a person’s label and counts it as a correction the classifier has not learnt yet', async () => {
    const given = await store.getState().label('R-5', 'functional');
    expect(given).toMatchObject({ ok: true, label: { id: 'R-5', label: 'functional', revision: 1 } });
    await store.getState().loadInfo();
    expect(store.getState().info).toMatchObject({ corrections: 1, pendingCorrections: 1 });

    // an unknown requirement is refused in one line naming it, for the cell to show
    const refused = await store.getState().label('R-404', 'safety');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toContain('R-404');
  });
});
